import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { touchWorkOrder } from '../listings/work-filters.queries.js';

/** Who left kudos: a signed-in account, or a guest by hashed key. */
export type KudosGiver = { readonly userId: number } | { readonly guestKey: string };

/** Inserts a kudos unless this giver already left one on the work (the unique indexes decide); true when added. */
export async function insertKudos(db: DbLike, workId: number, giver: KudosGiver, at: string): Promise<boolean> {
  const values = 'userId' in giver ? { work_id: workId, user_id: giver.userId, guest_key: null, created_at: at } : { work_id: workId, user_id: null, guest_key: giver.guestKey, created_at: at };
  const result = await db
    .insertInto('kudos')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes an account's kudos on a work; true when there was one. */
export async function deleteUserKudos(db: DbLike, workId: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('kudos').where('work_id', '=', workId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Adds to a work's kudos counters: `total` to kudos_count (accounts and guests), `guests` to guest_kudos_count; listing
 * pages kept in kudos order under its tags follow.
 */
export async function addToKudosCounts(db: DbLike, workId: number, total: number, guests: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ kudos_count: sql<number>`kudos_count + ${total}`, guest_kudos_count: sql<number>`guest_kudos_count + ${guests}` })
    .where('id', '=', workId)
    .execute();
  if (total !== 0) await touchWorkOrder(db, 'kudos', workId);
}

/** The usernames of the accounts that left kudos on a work, most recent first, skipping `hiddenIds`. */
export async function kudosUsernames(db: DbLike, workId: number, limit: number, hiddenIds: readonly number[] = []): Promise<string[]> {
  let query = db
    .selectFrom('kudos')
    .innerJoin('users', 'users.id', 'kudos.user_id')
    .select('users.username')
    .where('kudos.work_id', '=', workId)
    .orderBy('kudos.id', 'desc')
    .limit(limit);
  if (hiddenIds.length) query = query.where('kudos.user_id', 'not in', hiddenIds);
  return (await query.execute()).map((r) => r.username);
}

/** True when the account has left kudos on the work. */
export async function hasUserKudos(db: DbLike, workId: number, userId: number): Promise<boolean> {
  return (await db.selectFrom('kudos').select('id').where('work_id', '=', workId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/** True when the guest with this key has left kudos on the work. */
export async function hasGuestKudos(db: DbLike, workId: number, guestKey: string): Promise<boolean> {
  return (await db.selectFrom('kudos').select('id').where('work_id', '=', workId).where('guest_key', '=', guestKey).executeTakeFirst()) !== undefined;
}
