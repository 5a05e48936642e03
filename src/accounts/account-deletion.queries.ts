import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { ORPHAN_USERNAME_KEY } from '../works/works.policy.js';

// The SQL of deleting an account: one statement per table that holds the user's id (see account-deletion.ts for
// what happens to each, and account-deletion.test.ts for the check that no table is forgotten).

export const ORPHAN_USERNAME = ORPHAN_USERNAME_KEY;

/** The shared account orphaned works are credited to, created the first time it is needed. It cannot log in. */
export async function findOrCreateOrphanAccount(db: DbLike, at: string): Promise<User> {
  await db
    .insertInto('users')
    .values({
      username: ORPHAN_USERNAME,
      username_key: ORPHAN_USERNAME,
      email: '',
      // Not an argon2 hash: every password check against it fails.
      password_hash: '!',
      display_name: 'Orphaned works',
      bio: 'Works whose authors left the archive and chose to leave their works behind. Only administrators can change them.',
      email_frequency: 'off',
      history_enabled: 0,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('username_key').doNothing())
    .execute();
  return db.selectFrom('users').selectAll().where('username_key', '=', ORPHAN_USERNAME).executeTakeFirstOrThrow();
}

/** The user's undeleted works with how many authors each has. */
export async function worksWithAuthorCounts(db: DbLike, userId: number): Promise<{ id: number; authors: number }[]> {
  const rows = await db
    .selectFrom('works')
    .innerJoin('work_authors as mine', 'mine.work_id', 'works.id')
    .innerJoin('work_authors as all_authors', 'all_authors.work_id', 'works.id')
    .select(['works.id', (eb) => eb.fn.count<number>('all_authors.user_id').as('authors')])
    .where('mine.user_id', '=', userId)
    .where('works.deleted_at', 'is', null)
    .groupBy('works.id')
    .orderBy('works.id')
    .execute();
  return rows.map((r) => ({ id: r.id, authors: Number(r.authors) }));
}

/** Credits the user's place on these works to another account (the orphan account). */
export async function moveWorkCredits(db: DbLike, fromUserId: number, toUserId: number, workIds: readonly number[]): Promise<void> {
  if (workIds.length === 0) return;
  await db.updateTable('work_authors').set({ user_id: toUserId }).where('user_id', '=', fromUserId).where('work_id', 'in', workIds).execute();
}

/** Removes the user from every work's credits (what is left after orphaning or deleting). */
export async function deleteWorkCredits(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('work_authors').where('user_id', '=', userId).execute();
}

/** The user's series ids (deleted ones too). */
export async function userSeriesIds(db: DbLike, userId: number): Promise<number[]> {
  return (await db.selectFrom('series').select('id').where('user_id', '=', userId).orderBy('id').execute()).map((r) => r.id);
}

/** Hands the user's series to another account; with `deletedAt`, also marks them deleted and empties them. */
export async function moveSeries(db: DbLike, fromUserId: number, toUserId: number, deletedAt: string | null): Promise<void> {
  if (deletedAt) {
    await db.deleteFrom('series_works').where('series_id', 'in', db.selectFrom('series').select('id').where('user_id', '=', fromUserId)).execute();
    await db.updateTable('series').set({ deleted_at: deletedAt, updated_at: deletedAt }).where('user_id', '=', fromUserId).where('deleted_at', 'is', null).execute();
  }
  await db.updateTable('series').set({ user_id: toUserId }).where('user_id', '=', fromUserId).execute();
}

/** Keeps the user's comments in their threads, credited to no one (and forgets the hashed address they came from). */
export async function anonymiseComments(db: DbLike, userId: number): Promise<void> {
  await db.updateTable('comments').set({ user_id: null, ip_hash: null }).where('user_id', '=', userId).execute();
}

/** Keeps the user's kudos (works' counts stay) without saying whose they were. */
export async function anonymiseKudos(db: DbLike, userId: number): Promise<void> {
  await db.updateTable('kudos').set({ user_id: null }).where('user_id', '=', userId).execute();
}

/** The works whose public count a user's bookmarks add to, one entry per bookmark. */
export async function publicBookmarkedWorkIds(db: DbLike, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('bookmarks').select('work_id').where('user_id', '=', userId).where('private', '=', 0).where('work_id', 'is not', null).execute();
  return rows.map((r) => r.work_id!);
}

/** Deletes the user's bookmarks and their tags. */
export async function deleteUserBookmarks(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('bookmark_tags').where('bookmark_id', 'in', db.selectFrom('bookmarks').select('id').where('user_id', '=', userId)).execute();
  await db.deleteFrom('bookmarks').where('user_id', '=', userId).execute();
}

/** Forgets the user's name in other readers' notifications ("Someone commented ..."). */
export async function forgetNotificationActor(db: DbLike, userId: number): Promise<void> {
  await db.updateTable('notifications').set({ actor_id: null, actor_name: null }).where('actor_id', '=', userId).execute();
}

/** Forgets who wrangled: the log keeps what was done. */
export async function forgetWranglingActor(db: DbLike, userId: number): Promise<void> {
  await db.updateTable('tag_wrangling_log').set({ actor_id: null }).where('actor_id', '=', userId).execute();
}

/** Deletes every subscription of the user, and every reader's subscription to the user as an author. */
export async function deleteSubscriptions(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('subscriptions').where('user_id', '=', userId).execute();
  await db.deleteFrom('subscriptions').where('target_type', '=', 'user').where('target_id', '=', userId).execute();
}

/** Deletes blocks and mutes in both directions. */
export async function deleteBlocksAndMutes(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('blocks').where((eb) => eb.or([eb('user_id', '=', userId), eb('blocked_id', '=', userId)])).execute();
  await db.deleteFrom('mutes').where((eb) => eb.or([eb('user_id', '=', userId), eb('muted_id', '=', userId)])).execute();
}

/** Deletes the rows of the tables that only hold the user's own data (by their `user_id`). */
export async function deleteOwnRows(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
  await db.deleteFrom('email_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('readings').where('user_id', '=', userId).execute();
  await db.deleteFrom('notifications').where('user_id', '=', userId).execute();
  await db.deleteFrom('tag_exclusions').where('user_id', '=', userId).execute();
  await db.deleteFrom('saved_searches').where('user_id', '=', userId).execute();
  // Emails written to the user's address, sent or not: they hold the address and what was said to it.
  await db.deleteFrom('outbox').where('user_id', '=', userId).execute();
  await db.deleteFrom('exports').where('user_id', '=', userId).execute();
}

/** Forgets the failed-login and failed-code counters kept under the account's name. */
export async function deleteLoginRateLimit(db: DbLike, usernameKey: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', 'in', [`login:account:${usernameKey}`, `login:code:${usernameKey}`]).execute();
}

/** Deletes the user's row. */
export async function deleteUserRow(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/** Holds a username (by hash) back from sign-up until `until`. */
export async function holdUsername(db: DbLike, keyHash: string, until: string): Promise<void> {
  await db
    .insertInto('username_holds')
    .values({ key_hash: keyHash, held_until: until })
    .onConflict((oc) => oc.column('key_hash').doUpdateSet({ held_until: until }))
    .execute();
}

/** True when a username (by hash) is held at `at`. */
export async function isUsernameHeld(db: DbLike, keyHash: string, at: string): Promise<boolean> {
  const row = await db.selectFrom('username_holds').select('key_hash').where('key_hash', '=', keyHash).where('held_until', '>', at).executeTakeFirst();
  return row !== undefined;
}

/** Every (table, column) with a foreign key to users.id, from the database's own catalogue. */
export async function userForeignKeyColumns(db: DbLike): Promise<string[]> {
  if (isPostgres(db)) {
    const result = await sql<{ table_name: string; column_name: string }>`
      select kcu.table_name, kcu.column_name
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name = 'users' and tc.table_schema = current_schema()`.execute(db);
    return [...new Set(result.rows.map((r) => `${r.table_name}.${r.column_name}`))].sort();
  }
  const result = await sql<{ table_name: string; column_name: string }>`
    select m.name as table_name, f."from" as column_name
    from sqlite_master m, pragma_foreign_key_list(m.name) f
    where m.type = 'table' and f."table" = 'users'`.execute(db);
  return [...new Set(result.rows.map((r) => `${r.table_name}.${r.column_name}`))].sort();
}
