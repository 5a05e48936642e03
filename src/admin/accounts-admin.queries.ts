import type { DbLike } from '../db/connection.js';
import { forUpdate, startsWith } from '../db/dialect.js';
import type { User, UserUpdate } from '../db/schema.js';

// The SQL of the admin area's account tools: finding accounts, their activity counts, and changing their standing.

/** How many accounts one search shows at most (the admin narrows the query rather than paging). */
export const ACCOUNT_SEARCH_LIMIT = 50;

/** Accounts whose username or email starts with `prefix` (lower-cased by the caller), or that signed up from `ip`; newest first. */
export async function searchAccounts(db: DbLike, prefix: string, ip: string): Promise<User[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([startsWith(db, 'username_key', prefix), startsWith(db, 'email', prefix), eb('signup_ip', '=', ip)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(ACCOUNT_SEARCH_LIMIT)
    .execute();
}

/** The most recent sign-ups, for the accounts page before anything is searched. */
export async function recentAccounts(db: DbLike, limit: number): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Reads a user's row and locks it until the transaction ends, so two staff actions on one account apply in turn. */
export async function lockUser(db: DbLike, id: number): Promise<User | undefined> {
  return forUpdate(db, db.selectFrom('users').selectAll().where('id', '=', id)).executeTakeFirst();
}

/** Sets a user's standing columns (roles, suspension, ban). */
export async function updateUserStanding(db: DbLike, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** How many administrators the archive has. */
export async function countAdmins(db: DbLike): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('is_admin', '=', 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends every session of a user. */
export async function deleteAllSessions(db: DbLike, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Revokes every unrevoked API token of a user; returns how many. */
export async function revokeAllApiTokens(db: DbLike, userId: number, at: string): Promise<number> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many works (not deleted) the user is an author of, and how many comments they wrote. */
export async function accountActivityCounts(db: DbLike, userId: number): Promise<{ works: number; comments: number }> {
  const [works, comments] = await Promise.all([
    db
      .selectFrom('work_authors')
      .innerJoin('works', 'works.id', 'work_authors.work_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('work_authors.user_id', '=', userId)
      .where('works.deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { works: Number(works.n), comments: Number(comments.n) };
}

/** How many reports wait in the queue (open or in progress), counted on the reports status index. */
export async function countOpenReports(db: DbLike): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['open', 'in_progress'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many appeals wait for a decision. */
export async function countOpenAppeals(db: DbLike): Promise<number> {
  const row = await db.selectFrom('appeals').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many comments wait for a site moderator (status `held`, on the comments status index). */
export async function countHeldComments(db: DbLike): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'held').executeTakeFirstOrThrow();
  return Number(row.n);
}
