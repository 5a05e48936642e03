import { Hono, type Context } from 'hono';
import { requireRole } from '../admin/roles.js';
import { onInvalid } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { deleteContent, hideContent, loadTarget, restoreContent } from './moderation.js';
import { TARGET_NOUN, TARGET_OF, isHideableType, type TargetType } from './moderation.policy.js';
import { ModerationPage, moderationPath } from './moderation.views.js';

/** /admin/moderation/:type/:id: a moderator hides, restores or deletes a work, chapter, comment or series. */
export const moderationRoutes = new Hono<AppEnv>();

const PATH = '/admin/moderation/:type/:id{[0-9]+}';

function targetOf(c: Context<AppEnv>): { type: TargetType; id: number } {
  const type = c.req.param('type');
  if (!isHideableType(type)) throw NotFound();
  return { type: TARGET_OF[type], id: idParam(c.req.param('id'), TARGET_OF[type]) };
}

async function renderPage(c: Context<AppEnv>, form: FormState, status: 200 | 422, failed?: 'hide' | 'restore' | 'delete') {
  const { type, id } = targetOf(c);
  const target = await loadTarget(c.get('services').db, type, id);
  return c.html(<ModerationPage ctx={pageContext(c)} target={target} form={form} {...(failed ? { failed } : {})} />, status);
}

moderationRoutes.get(PATH, (c) => {
  requireRole(c, 'moderator');
  return renderPage(c, emptyForm, 200);
});

const DONE = { hide: 'hidden from the public', restore: 'restored', delete: 'deleted' } as const;

for (const action of ['hide', 'restore', 'delete'] as const) {
  moderationRoutes.post(`${PATH}/${action}`, async (c) => {
    const moderator = requireRole(c, 'moderator');
    const { type, id } = targetOf(c);
    const form = await readForm(c);
    const input = { reason: form[`reason_${action}`] ?? form.reason ?? '' };
    const { db } = c.get('services');
    return onInvalid(
      async () => {
        const message = `The ${TARGET_NOUN[type]} was ${DONE[action]}. The author has been told why.`;
        if (action === 'delete') {
          const target = await loadTarget(db, type, id);
          await deleteContent(db, moderator, type, id, input);
          // A deleted chapter is gone for good; its work's page is the place to land.
          return redirectWithFlash(c, type === 'chapter' ? moderationPath('work', target.workId!) : moderationPath(type, id), message);
        }
        await (action === 'hide' ? hideContent : restoreContent)(db, moderator, type, id, input);
        return redirectWithFlash(c, moderationPath(type, id), message);
      },
      (errors) => renderPage(c, { values: input, errors }, 422, action),
    );
  });
}
