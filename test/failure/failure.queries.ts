import { sql } from 'kysely';
import type { DbLike } from '../../src/db/connection.js';

// The crash test's read-back: rows as they are on disk after the last restart, and every stored counter next to
// the rows it counts.

/** Every work (deleted or not) with its stored counters. */
export async function allWorks(db: DbLike) {
  return db
    .selectFrom('works')
    .select(['id', 'title', 'posted', 'deleted_at', 'chapter_count', 'word_count', 'comment_count', 'kudos_count', 'guest_kudos_count', 'bookmark_count'])
    .orderBy('id')
    .execute();
}

/** Every chapter with its body and stored comment count. */
export async function allChapters(db: DbLike) {
  return db.selectFrom('chapters').select(['id', 'work_id', 'position', 'title', 'body_source', 'word_count', 'posted', 'comment_count']).orderBy('work_id').orderBy('position').execute();
}

/** Every comment with its stored reply count. */
export async function allComments(db: DbLike) {
  return db.selectFrom('comments').select(['id', 'work_id', 'chapter_id', 'parent_id', 'user_id', 'body_source', 'status', 'deleted_at', 'reply_count']).orderBy('id').execute();
}

/** Kudos rows per work: all, and from guests. */
export async function kudosPerWork(db: DbLike) {
  return db
    .selectFrom('kudos')
    .select(['work_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when user_id is null then 1 else 0 end)`.as('guests')])
    .groupBy('work_id')
    .execute();
}

/** Bookmark rows per work. */
export async function bookmarksPerWork(db: DbLike) {
  return db.selectFrom('bookmarks').select(['work_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('work_id').execute();
}

/** Every notification's recipient, kind and dedupe key. */
export async function allNotifications(db: DbLike) {
  return db.selectFrom('notifications').select(['user_id', 'kind', 'dedupe_key', 'work_id', 'chapter_id', 'read_at']).execute();
}

/** Each user's stored unread counter. */
export async function unreadCounters(db: DbLike) {
  return db.selectFrom('users').select(['id', 'unread_notifications']).execute();
}

/** An archive-wide counter (0 when never set). */
export async function counterValue(db: DbLike, name: string): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', name).executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** Jobs not done: waiting, running or given up. */
export async function unfinishedJobs(db: DbLike) {
  return db.selectFrom('jobs').select(['id', 'kind', 'attempts', 'locked_by', 'locked_until', 'failed_at', 'last_error']).where('done_at', 'is', null).execute();
}

/**
 * Ends the leases of jobs claimed by runners of processes that no longer exist (SIGKILLed servers): what waiting
 * out the lease (a minute) would do, so the test need not wait.
 */
export async function expireLeasesExcept(db: DbLike, livePid: number): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: '1970-01-01T00:00:00.000Z' })
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('locked_by', 'is not', null)
    .where('locked_by', 'not like', `runner-${livePid}-%`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Up to `limit` posted works readable without the adult-content gate and open to comments from accounts (the mixed-load bench's targets). */
export async function sampleReadableWorks(db: DbLike, limit: number) {
  return db
    .selectFrom('works')
    .select(['id', 'title'])
    .where('posted', '=', 1)
    .where('deleted_at', 'is', null)
    .where('rating', 'in', ['General Audiences', 'Teen And Up Audiences'])
    .where('comment_permissions', '!=', 'none')
    .where('chapter_count', '>', 0)
    .orderBy('id')
    .limit(limit)
    .execute();
}
