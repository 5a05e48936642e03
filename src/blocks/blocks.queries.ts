import type { DbLike } from '../db/connection.js';

/** True when `ownerId` has blocked `actorId` (then the actor may not comment on or kudos the owner's works and comments). */
export async function isBlockedBy(db: DbLike, ownerId: number, actorId: number): Promise<boolean> {
  const row = await db.selectFrom('blocks').select('user_id').where('user_id', '=', ownerId).where('blocked_id', '=', actorId).executeTakeFirst();
  return row !== undefined;
}

/** The ids of the accounts `userId` has muted (their works and comments are hidden from that reader). */
export async function mutedUserIds(db: DbLike, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('mutes').select('muted_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.muted_id);
}
