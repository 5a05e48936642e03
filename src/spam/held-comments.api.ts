import { Hono } from 'hono';
import { requireRole } from '../admin/roles.js';
import { presentComment } from '../comments/comments.presenters.js';
import { findComment } from '../comments/comments.queries.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { idParam, pageParam } from '../http/params.js';
import { HELD_PER_PAGE, approveHeldComment, heldCommentQueue, removeHeldComment } from './held-comments.js';
import type { HeldCommentRow } from './held-comments.queries.js';

/** /api/v1/admin/comments/held: the JSON twin of the held-comments queue. */
export const heldCommentsApi = new Hono<AppEnv>();

function presentHeld(row: HeldCommentRow, baseUrl: string) {
  return {
    id: row.id,
    work_id: row.work_id,
    work_title: row.work_title,
    chapter_id: row.chapter_id,
    chapter_position: row.chapter_position,
    parent_id: row.parent_id,
    author: row.username ? { username: row.username } : null,
    guest_name: row.username ? null : row.guest_name,
    body_html: row.body_html,
    created_at: row.created_at,
    url: `${baseUrl}/works/${row.work_id}/chapters/${row.chapter_position}`,
  };
}

heldCommentsApi.get('/admin/comments/held', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const { items, total } = await heldCommentQueue(db, moderator, page);
  return c.json({ items: items.map((row) => presentHeld(row, config.baseUrl)), total, next: page * HELD_PER_PAGE < total ? String(page + 1) : null });
});

heldCommentsApi.post('/admin/comments/held/:id/approve', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const comment = await approveHeldComment(db, moderator, idParam(c.req.param('id'), 'comment'), await readJson(c));
  return c.json(presentComment((await findComment(db, comment.id))!, config.baseUrl));
});

heldCommentsApi.post('/admin/comments/held/:id/delete', async (c) => {
  const moderator = requireRole(c, 'moderator');
  await removeHeldComment(c.get('services').db, moderator, idParam(c.req.param('id'), 'comment'), await readJson(c));
  return c.body(null, 204);
});
