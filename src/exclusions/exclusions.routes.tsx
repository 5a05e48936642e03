import { Hono, type Context } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { tagPath } from '../tags/tags.presenters.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { excludeTag, includeTag } from './exclusions.js';
import { listTagExclusions } from './exclusions.queries.js';
import { EXCLUSIONS_PATH, ExclusionsPage } from './exclusions.views.js';

/** /settings/exclusions and the tag pages' "Never show me this" button. */
export const exclusionsRoutes = new Hono<AppEnv>();

const excludedMessage = (name: string) => `Works tagged ${name} (with its synonyms and sub tags) are now hidden from you.`;

async function renderList(c: Context<AppEnv>, form: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const entries = await listTagExclusions(c.get('services').db, user.id);
  return c.html(<ExclusionsPage ctx={pageContext(c)} entries={entries} form={form} timeZone={user.time_zone} />, status);
}

exclusionsRoutes.get(EXCLUSIONS_PATH, (c) => renderList(c, emptyForm, 200));

exclusionsRoutes.post(EXCLUSIONS_PATH, async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const { tag } = await excludeTag(c.get('services').db, user, { tag: form.tag ?? '' });
      return redirectWithFlash(c, EXCLUSIONS_PATH, excludedMessage(tag.name));
    },
    (errors) => renderList(c, { values: form, errors }, 422),
  );
});

exclusionsRoutes.post(`${EXCLUSIONS_PATH}/remove`, async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const tag = await includeTag(c.get('services').db, user, form.tag ?? '');
  return redirectWithFlash(c, EXCLUSIONS_PATH, `Works tagged ${tag.name} show again.`);
});

exclusionsRoutes.post('/tags/:name/exclude', async (c) => {
  const user = requireUser(c);
  // An unknown tag here is a stale page: the 422 page says so.
  const { tag } = await excludeTag(c.get('services').db, user, { tag: c.req.param('name') });
  return redirectWithFlash(c, tagPath(tag.name), excludedMessage(tag.name));
});
