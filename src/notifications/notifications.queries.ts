import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import type { Notification } from '../db/schema.js';

/** What one fan-out inserts: the same notification for every recipient, told apart by user. */
export interface FanOut {
  readonly kind: 'chapter' | 'work' | 'series_part' | 'comment' | 'reply' | 'export' | 'tag_work' | 'saved_search_work' | 'moderation';
  readonly workId: number | null;
  readonly chapterId: number | null;
  readonly seriesId: number | null;
  readonly commentId: number | null;
  readonly actorId: number | null;
  readonly actorName: string | null;
  readonly dedupeKey: string;
  readonly at: string;
  /** Why a new work was delivered: the tag or saved search subscribed to (src/saved-searches). */
  readonly tagId?: number | null;
  readonly savedSearchId?: number | null;
}

const int = (value: number | null) => sql<number | null>`cast(${value} as integer)`;
const text = (value: string | null) => sql<string | null>`cast(${value} as text)`;

function fanOutColumns(n: FanOut) {
  return [int(n.workId).as('work_id'), int(n.chapterId).as('chapter_id'), int(n.seriesId).as('series_id'), int(n.commentId).as('comment_id'), int(n.actorId).as('actor_id'), text(n.actorName).as('actor_name'), text(n.kind).as('kind'), text(n.dedupeKey).as('dedupe_key'), text(n.at).as('created_at'), int(n.tagId ?? null).as('tag_id'), int(n.savedSearchId ?? null).as('saved_search_id')] as const;
}

const COLUMNS = ['user_id', 'work_id', 'chapter_id', 'series_id', 'comment_id', 'actor_id', 'actor_name', 'kind', 'dedupe_key', 'created_at', 'tag_id', 'saved_search_id'] as const;

/**
 * Inserts `n` for every subscriber of the targets, in one statement, except `skipUserIds` (the authors) and readers
 * who muted one of `mutedIfAny`; a recipient who already has `n.dedupeKey` gets nothing. Returns the new recipients.
 */
export async function fanOutToSubscribers(db: DbLike, targetType: 'work' | 'series' | 'user' | 'tag', targetIds: readonly number[], skipUserIds: readonly number[], mutedIfAny: readonly number[], n: FanOut): Promise<number[]> {
  if (targetIds.length === 0) return [];
  const rows = await db
    .insertInto('notifications')
    .columns(COLUMNS)
    .expression((eb) =>
      eb
        .selectFrom('subscriptions as s')
        .where('s.target_type', '=', targetType)
        .where('s.target_id', 'in', targetIds)
        .$if(skipUserIds.length > 0, (q) => q.where('s.user_id', 'not in', skipUserIds))
        .$if(mutedIfAny.length > 0, (q) =>
          q.where((w) => w.not(w.exists(w.selectFrom('mutes as m').select('m.user_id').whereRef('m.user_id', '=', 's.user_id').where('m.muted_id', 'in', mutedIfAny)))),
        )
        .select('s.user_id')
        .distinct()
        .select(fanOutColumns(n)),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Inserts `n` for one user unless they already have its dedupe key; true when inserted. */
export async function insertNotification(db: DbLike, userId: number, n: FanOut): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values({ user_id: userId, kind: n.kind, work_id: n.workId, chapter_id: n.chapterId, series_id: n.seriesId, comment_id: n.commentId, actor_id: n.actorId, actor_name: n.actorName, tag_id: n.tagId ?? null, saved_search_id: n.savedSearchId ?? null, dedupe_key: n.dedupeKey, created_at: n.at })
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Adds one to the unread counter of each of `userIds` (each id once per new notification). */
export async function incrementUnread(db: DbLike, userIds: readonly number[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    await db.updateTable('users').set((eb) => ({ unread_notifications: eb('unread_notifications', '+', 1) })).where('id', 'in', userIds.slice(i, i + 1000)).execute();
  }
}

/** A user's unread counter as stored now. */
export async function unreadCount(db: DbLike, userId: number): Promise<number> {
  const row = await db.selectFrom('users').select('unread_notifications').where('id', '=', userId).executeTakeFirst();
  return Number(row?.unread_notifications ?? 0);
}

/** Sets a user's unread counter from the notifications themselves. */
export async function recountUnread(db: DbLike, userId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ unread_notifications: Number(row.n) }).where('id', '=', userId).execute();
  return Number(row.n);
}

/** Of `userIds`, those who want each notification emailed at once and have confirmed their address. */
export async function immediateEmailUserIds(db: DbLike, userIds: readonly number[]): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < userIds.length; i += 1000) {
    const rows = await db.selectFrom('users').select('id').where('id', 'in', userIds.slice(i, i + 1000)).where('email_frequency', '=', 'immediate').where('email_confirmed_at', 'is not', null).execute();
    result.push(...rows.map((r) => r.id));
  }
  return result;
}

/** Of `userIds`, whether any wants a daily digest. */
export async function anyDailyDigestUser(db: DbLike, userIds: readonly number[]): Promise<boolean> {
  for (let i = 0; i < userIds.length; i += 1000) {
    const row = await db.selectFrom('users').select('id').where('id', 'in', userIds.slice(i, i + 1000)).where('email_frequency', '=', 'daily').limit(1).executeTakeFirst();
    if (row) return true;
  }
  return false;
}

export interface InboxFilter {
  readonly kind?: string | undefined;
  readonly unread?: boolean | undefined;
}

/** A user's notifications, newest first. */
export async function listNotifications(db: DbLike, userId: number, filter: InboxFilter, limit: number, offset: number): Promise<Notification[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(filter.unread === true, (q) => q.where('read_at', 'is', null))
    .$if(filter.unread === false, (q) => q.where('read_at', 'is not', null))
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many notifications match the filter. */
export async function countNotifications(db: DbLike, userId: number, filter: InboxFilter): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(filter.unread === true, (q) => q.where('read_at', 'is', null))
    .$if(filter.unread === false, (q) => q.where('read_at', 'is not', null))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks some (or, with `ids` undefined, all) of a user's notifications read. */
export async function markNotificationsRead(db: DbLike, userId: number, ids: readonly number[] | undefined, at: string): Promise<void> {
  if (ids && ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids!))
    .execute();
}

/** A user's notifications not yet emailed, oldest first. */
export async function unemailedNotifications(db: DbLike, userId: number, limit: number): Promise<Notification[]> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('emailed_at', 'is', null).orderBy('id').limit(limit).execute();
}

/** Marks notifications emailed; returns how many were not already (a concurrent runner may have claimed them). */
export async function markEmailed(db: DbLike, ids: readonly number[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.updateTable('notifications').set({ emailed_at: at }).where('id', 'in', ids).where('emailed_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Users on the daily digest with a confirmed address and notifications not yet emailed, after `afterId`. */
export async function dailyDigestUserIds(db: DbLike, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('email_frequency', '=', 'daily')
    .where('email_confirmed_at', 'is not', null)
    .where('id', '>', afterId)
    .where((eb) => eb.exists(eb.selectFrom('notifications as n').select('n.id').whereRef('n.user_id', '=', 'users.id').where('n.emailed_at', 'is', null)))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** What a notification points at, for its text and link: titles and positions of its work, chapter and series. */
export interface NotificationSubjects {
  readonly works: Map<number, { title: string; posted: number; deleted: boolean }>;
  readonly chapters: Map<number, { position: number; title: string; work_id: number; posted: number }>;
  readonly series: Map<number, string>;
  /** Tag names and saved search names, for new works delivered through a tag or saved search subscription. */
  readonly tags: Map<number, string>;
  readonly savedSearches: Map<number, string>;
}

/** Loads the works, chapters, series, tags and saved searches `notes` point at, one query each. */
export async function notificationSubjects(db: DbLike, notes: readonly Notification[]): Promise<NotificationSubjects> {
  const ids = (key: 'work_id' | 'chapter_id' | 'series_id' | 'tag_id' | 'saved_search_id') => [...new Set(notes.map((n) => n[key]).filter((v): v is number => v !== null))];
  const [workIds, chapterIds, seriesIds] = [ids('work_id'), ids('chapter_id'), ids('series_id')];
  const works = workIds.length ? await db.selectFrom('works').select(['id', 'title', 'posted', 'deleted_at']).where('id', 'in', workIds).execute() : [];
  const chapters = chapterIds.length ? await db.selectFrom('chapters').select(['id', 'position', 'title', 'work_id', 'posted']).where('id', 'in', chapterIds).execute() : [];
  const series = seriesIds.length ? await db.selectFrom('series').select(['id', 'title']).where('id', 'in', seriesIds).execute() : [];
  const [tagIds, savedSearchIds] = [ids('tag_id'), ids('saved_search_id')];
  const tags = tagIds.length ? await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', tagIds).execute() : [];
  const saved = savedSearchIds.length ? await db.selectFrom('saved_searches').select(['id', 'name']).where('id', 'in', savedSearchIds).execute() : [];
  return {
    works: new Map(works.map((w) => [w.id, { title: w.title, posted: w.posted, deleted: w.deleted_at !== null }])),
    chapters: new Map(chapters.map((c) => [c.id, { position: c.position, title: c.title, work_id: c.work_id, posted: c.posted }])),
    series: new Map(series.map((s) => [s.id, s.title])),
    tags: new Map(tags.map((t) => [t.id, t.name])),
    savedSearches: new Map(saved.map((s) => [s.id, s.name])),
  };
}

/** A chapter by id. */
export async function findChapterById(db: DbLike, id: number): Promise<{ id: number; work_id: number; posted: number } | undefined> {
  return db.selectFrom('chapters').select(['id', 'work_id', 'posted']).where('id', '=', id).executeTakeFirst();
}

/** Whether the work is (still) a part of the series. */
export async function isWorkInSeries(db: DbLike, seriesId: number, workId: number): Promise<boolean> {
  return (await db.selectFrom('series_works').select('work_id').where('series_id', '=', seriesId).where('work_id', '=', workId).executeTakeFirst()) !== undefined;
}

/** A comment with what a notification about it needs. */
export async function findCommentForNotice(db: DbLike, id: number) {
  return db
    .selectFrom('comments as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('comments as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.work_id', 'c.chapter_id', 'c.user_id', 'c.guest_name', 'c.status', 'c.deleted_at', 'u.username', 'p.user_id as parent_user_id', 'p.deleted_at as parent_deleted_at'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
