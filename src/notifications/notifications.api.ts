import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { BadRequest } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { pageParam } from '../http/params.js';
import { loadInbox, markRead, NOTIFICATION_KINDS } from './notifications.js';

/** /api/v1/notifications: the inbox and marking read. */
export const notificationsApi = new Hono<AppEnv>();

notificationsApi.get('/notifications', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const kind = c.req.query('kind');
  if (kind !== undefined && !(NOTIFICATION_KINDS as readonly string[]).includes(kind)) throw BadRequest(`kind is one of ${NOTIFICATION_KINDS.join(', ')}.`);
  const unreadParam = c.req.query('unread');
  const unread = unreadParam === 'true' ? true : unreadParam === 'false' ? false : undefined;
  const page = pageParam(c.req.query('page'));
  const { items, total, unread: unreadCount } = await loadInbox(db, user, { kind, unread }, page);
  return c.json({
    items: items.map(({ notification: n, text, path }) => ({
      id: n.id,
      kind: n.kind,
      text,
      url: `${config.baseUrl}${path}`,
      work_id: n.work_id,
      chapter_id: n.chapter_id,
      series_id: n.series_id,
      comment_id: n.comment_id,
      actor: n.actor_name,
      created_at: n.created_at,
      read: n.read_at !== null,
    })),
    total,
    page,
    unread_count: unreadCount,
  });
});

notificationsApi.post('/notifications/read', async (c) => {
  const user = requireUser(c);
  const unread = await markRead(c.get('services').db, user, await readJson(c));
  return c.json({ unread_count: unread });
});
