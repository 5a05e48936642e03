import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { validate } from '../http/validation.js';
import { describeNotification } from './describe.js';
import { countNotifications, listNotifications, markNotificationsRead, notificationSubjects, recountUnread, unreadCount, type InboxFilter } from './notifications.queries.js';

// The inbox: a reader's notifications, newest first, and marking them read (the unread counter stays exact).

export const NOTIFICATION_KINDS = ['chapter', 'work', 'series_part', 'comment', 'reply', 'export', 'tag_work', 'saved_search_work', 'moderation'] as const;
export const INBOX_PAGE_SIZE = 25;

/** One page of a user's inbox, each item with its text and link. */
export async function loadInbox(db: Db, user: User, filter: InboxFilter, page: number) {
  const [notes, total] = await Promise.all([listNotifications(db, user.id, filter, INBOX_PAGE_SIZE, (page - 1) * INBOX_PAGE_SIZE), countNotifications(db, user.id, filter)]);
  // The counter is read after the list: a notification committed since the request began (when the header's count
  // was read with the session) is then counted in the header too, never listed as unread beside a smaller count.
  const [subjects, unread] = await Promise.all([notificationSubjects(db, notes), unreadCount(db, user.id)]);
  return { total, unread, items: notes.map((n) => ({ notification: n, ...describeNotification(n, subjects) })) };
}

const readSchema = z.union([
  z.object({ all: z.literal(true, { error: 'all must be true.' }) }),
  z.object({ ids: z.array(z.coerce.number().int().positive(), { error: 'ids is a list of notification ids.' }).max(1000) }),
]);

/** Marks `{ids}` or `{all: true}` read; returns the new unread count. */
export async function markRead(db: Db, user: User, input: unknown): Promise<number> {
  const data = validate(readSchema, input);
  return db.transaction().execute(async (trx) => {
    await markNotificationsRead(trx, user.id, 'all' in data ? undefined : data.ids, now());
    return recountUnread(trx, user.id);
  });
}
