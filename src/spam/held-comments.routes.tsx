import { Hono } from 'hono';
import { requireRole } from '../admin/roles.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { approveHeldComment, heldCommentQueue, removeHeldComment } from './held-comments.js';
import { HeldCommentsPage } from './held-comments.views.js';

/** /admin/comments/held: the site moderators' queue of held comments, with approve and delete. */
export const heldCommentRoutes = new Hono<AppEnv>();

heldCommentRoutes.get('/admin/comments/held', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const page = pageParam(c.req.query('page'));
  const { items, total } = await heldCommentQueue(c.get('services').db, moderator, page);
  return c.html(<HeldCommentsPage ctx={pageContext(c)} comments={items} total={total} page={page} timeZone={moderator.time_zone ?? 'UTC'} />);
});

heldCommentRoutes.post('/admin/comments/held/:id{[0-9]+}/approve', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const comment = await approveHeldComment(c.get('services').db, moderator, idParam(c.req.param('id'), 'comment'), await readForm(c));
  const message = comment.status === 'published' ? 'The comment was approved and published.' : 'The comment was approved: it now waits for the work’s authors to approve it.';
  return redirectWithFlash(c, '/admin/comments/held', message);
});

heldCommentRoutes.post('/admin/comments/held/:id{[0-9]+}/delete', async (c) => {
  const moderator = requireRole(c, 'moderator');
  await removeHeldComment(c.get('services').db, moderator, idParam(c.req.param('id'), 'comment'), await readForm(c));
  return redirectWithFlash(c, '/admin/comments/held', 'The comment was deleted.');
});
