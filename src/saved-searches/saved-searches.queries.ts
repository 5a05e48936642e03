import type { DbLike } from '../db/connection.js';
import type { SavedSearch } from '../db/schema.js';

/** A reader's saved searches, oldest first (the order they were saved in). */
export async function listSavedSearches(db: DbLike, userId: number): Promise<SavedSearch[]> {
  return db.selectFrom('saved_searches').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** One saved search by id, whoever owns it. */
export async function findSavedSearch(db: DbLike, id: number): Promise<SavedSearch | undefined> {
  return db.selectFrom('saved_searches').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many searches a reader has saved. */
export async function countSavedSearches(db: DbLike, userId: number): Promise<number> {
  const row = await db.selectFrom('saved_searches').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores a saved search; returns it with its id. */
export async function insertSavedSearch(db: DbLike, row: { userId: number; name: string; query: string; feedToken: string; at: string }): Promise<SavedSearch> {
  return db
    .insertInto('saved_searches')
    .values({ user_id: row.userId, name: row.name, query: row.query, feed_token: row.feedToken, created_at: row.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a reader's saved search; true when it existed. */
export async function deleteSavedSearchRow(db: DbLike, id: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes every subscription to a saved search (subscriptions.target_id has no foreign key to cascade). */
export async function deleteSavedSearchSubscriptions(db: DbLike, savedSearchId: number): Promise<void> {
  await db.deleteFrom('subscriptions').where('target_type', '=', 'saved_search').where('target_id', '=', savedSearchId).execute();
}

/** Replaces a saved search's feed token (the old private feed URL stops working). */
export async function updateFeedToken(db: DbLike, id: number, userId: number, feedToken: string): Promise<void> {
  await db.updateTable('saved_searches').set({ feed_token: feedToken }).where('id', '=', id).where('user_id', '=', userId).execute();
}

/** The ids of a reader's saved searches they subscribe to. */
export async function subscribedSavedSearchIds(db: DbLike, userId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('subscriptions').select('target_id').where('user_id', '=', userId).where('target_type', '=', 'saved_search').execute();
  return new Set(rows.map((r) => r.target_id));
}
