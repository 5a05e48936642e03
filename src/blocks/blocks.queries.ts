import type { DbLike } from '../db/connection.js';
import { forUpdate } from '../db/dialect.js';

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

/** Whether a user blocked or muted another: the table and the column naming the other account. */
export type RelationKind = 'block' | 'mute';

/** An account on a user's blocked or muted list, as the list shows it. */
export interface RelationEntry {
  readonly username: string;
  readonly display_name: string;
  readonly created_at: string;
}

/** Locks the user's row until the transaction ends, so two concurrent blocks cannot both pass the limit. */
export async function lockRelationsOwner(db: DbLike, userId: number): Promise<void> {
  await forUpdate(db, db.selectFrom('users').select('id').where('id', '=', userId)).execute();
}

/** When `userId` blocked (or muted) `otherId`; undefined when they have not. */
export async function relationCreatedAt(db: DbLike, kind: RelationKind, userId: number, otherId: number): Promise<string | undefined> {
  const row =
    kind === 'block'
      ? await db.selectFrom('blocks').select('created_at').where('user_id', '=', userId).where('blocked_id', '=', otherId).executeTakeFirst()
      : await db.selectFrom('mutes').select('created_at').where('user_id', '=', userId).where('muted_id', '=', otherId).executeTakeFirst();
  return row?.created_at;
}

/** How many accounts `userId` has blocked (or muted). */
export async function countRelations(db: DbLike, kind: RelationKind, userId: number): Promise<number> {
  const table = kind === 'block' ? 'blocks' : 'mutes';
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records that `userId` blocks (or mutes) `otherId`; nothing happens when that is already so. Returns whether a row was added. */
export async function insertRelation(db: DbLike, kind: RelationKind, userId: number, otherId: number, at: string): Promise<boolean> {
  const result =
    kind === 'block'
      ? await db
          .insertInto('blocks')
          .values({ user_id: userId, blocked_id: otherId, created_at: at })
          .onConflict((oc) => oc.columns(['user_id', 'blocked_id']).doNothing())
          .executeTakeFirst()
      : await db
          .insertInto('mutes')
          .values({ user_id: userId, muted_id: otherId, created_at: at })
          .onConflict((oc) => oc.columns(['user_id', 'muted_id']).doNothing())
          .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a block (or mute); nothing happens when there was none. */
export async function deleteRelation(db: DbLike, kind: RelationKind, userId: number, otherId: number): Promise<void> {
  if (kind === 'block') await db.deleteFrom('blocks').where('user_id', '=', userId).where('blocked_id', '=', otherId).execute();
  else await db.deleteFrom('mutes').where('user_id', '=', userId).where('muted_id', '=', otherId).execute();
}

/** The accounts `userId` has blocked (or muted), most recent first (at most the limit, so never paged). */
export async function listRelations(db: DbLike, kind: RelationKind, userId: number): Promise<RelationEntry[]> {
  if (kind === 'block') {
    return db
      .selectFrom('blocks')
      .innerJoin('users', 'users.id', 'blocks.blocked_id')
      .select(['users.username', 'users.display_name', 'blocks.created_at'])
      .where('blocks.user_id', '=', userId)
      .orderBy('blocks.created_at', 'desc')
      .orderBy('users.username')
      .execute();
  }
  return db
    .selectFrom('mutes')
    .innerJoin('users', 'users.id', 'mutes.muted_id')
    .select(['users.username', 'users.display_name', 'mutes.created_at'])
    .where('mutes.user_id', '=', userId)
    .orderBy('mutes.created_at', 'desc')
    .orderBy('users.username')
    .execute();
}
