import { Hono, type Context } from 'hono';
import { requireRole } from '../admin/roles.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { idParam } from '../http/params.js';
import { deleteContent, hideContent, loadTarget, restoreContent, type ModerationTarget } from './moderation.js';
import { TARGET_OF, isHideableType, type TargetType } from './moderation.policy.js';

/** /api/v1/admin/moderation/{type}/{id}: the JSON twins of the moderation page's actions. */
export const moderationApi = new Hono<AppEnv>();

/** A moderation target in JSON. */
export function presentTarget(target: ModerationTarget, baseUrl: string) {
  return {
    type: target.type,
    id: target.id,
    label: target.label,
    url: `${baseUrl}${target.path}`,
    hidden: target.hiddenAt !== null,
    hidden_at: target.hiddenAt,
    hidden_reason: target.hiddenReason,
    deleted: target.deleted,
  };
}

function targetOf(c: Context<AppEnv>): { type: TargetType; id: number } {
  const type = c.req.param('type');
  if (!isHideableType(type)) throw NotFound();
  return { type: TARGET_OF[type], id: idParam(c.req.param('id'), TARGET_OF[type]) };
}

moderationApi.get('/admin/moderation/:type/:id', async (c) => {
  requireRole(c, 'moderator');
  const { type, id } = targetOf(c);
  const { db, config } = c.get('services');
  return c.json(presentTarget(await loadTarget(db, type, id), config.baseUrl));
});

for (const action of ['hide', 'restore'] as const) {
  moderationApi.post(`/admin/moderation/:type/:id/${action}`, async (c) => {
    const moderator = requireRole(c, 'moderator');
    const { type, id } = targetOf(c);
    const { db, config } = c.get('services');
    const target = await (action === 'hide' ? hideContent : restoreContent)(db, moderator, type, id, await readJson(c));
    return c.json(presentTarget(target, config.baseUrl));
  });
}

moderationApi.post('/admin/moderation/:type/:id/delete', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const { type, id } = targetOf(c);
  await deleteContent(c.get('services').db, moderator, type, id, await readJson(c));
  return c.body(null, 204);
});
