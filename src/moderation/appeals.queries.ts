import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import type { Appeal } from '../db/schema.js';

// SQL of appeals: one per author and target (unique index appeals_once), a message thread, and the outcome.

/** An appeal with its appellant's username. */
export type AppealRow = Appeal & { username: string | null };

/** A message of an appeal thread with its writer's name and whether they were staff when reading. */
export interface AppealMessageRow {
  readonly id: number;
  readonly appeal_id: number;
  readonly author_id: number | null;
  readonly body: string;
  readonly created_at: string;
  readonly username: string | null;
  readonly is_admin: number | null;
  readonly is_moderator: number | null;
}

function withUsername(db: DbLike) {
  return db.selectFrom('appeals').leftJoin('users', 'users.id', 'appeals.user_id').selectAll('appeals').select('users.username');
}

/** Inserts an appeal (open) and returns it; a second one for the same author and target violates appeals_once. */
export async function insertAppeal(db: DbLike, appeal: { target_type: string; target_id: number; user_id: number; created_at: string }): Promise<Appeal> {
  return db
    .insertInto('appeals')
    .values({ ...appeal, updated_at: appeal.created_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The appeal with this id. */
export async function findAppeal(db: DbLike, id: number): Promise<AppealRow | undefined> {
  return withUsername(db).where('appeals.id', '=', id).executeTakeFirst();
}

/** The author's appeal about a target, if they made one. */
export async function findAppealFor(db: DbLike, targetType: string, targetId: number, userId: number): Promise<Appeal | undefined> {
  return db.selectFrom('appeals').selectAll().where('target_type', '=', targetType).where('target_id', '=', targetId).where('user_id', '=', userId).executeTakeFirst();
}

/** One page of appeals, open ones first, then newest first; only `userId`'s when given. */
export async function listAppeals(db: DbLike, options: { userId?: number; limit: number; offset: number }): Promise<AppealRow[]> {
  let query = withUsername(db);
  if (options.userId !== undefined) query = query.where('appeals.user_id', '=', options.userId);
  return query
    .orderBy(sql`case when appeals.status = 'open' then 0 else 1 end`)
    .orderBy('appeals.created_at', 'desc')
    .orderBy('appeals.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** How many appeals listAppeals pages through. */
export async function countAppeals(db: DbLike, userId?: number): Promise<number> {
  let query = db.selectFrom('appeals').select((eb) => eb.fn.countAll<number>().as('n'));
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Adds a message to an appeal thread and marks the appeal updated. */
export async function insertAppealMessage(db: DbLike, message: { appeal_id: number; author_id: number; body: string; created_at: string }): Promise<number> {
  const row = await db.insertInto('appeal_messages').values(message).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('appeals').set({ updated_at: message.created_at }).where('id', '=', message.appeal_id).execute();
  return row.id;
}

/** An appeal's messages, oldest first. */
export async function listAppealMessages(db: DbLike, appealId: number): Promise<AppealMessageRow[]> {
  return db
    .selectFrom('appeal_messages')
    .leftJoin('users', 'users.id', 'appeal_messages.author_id')
    .select(['appeal_messages.id', 'appeal_messages.appeal_id', 'appeal_messages.author_id', 'appeal_messages.body', 'appeal_messages.created_at', 'users.username', 'users.is_admin', 'users.is_moderator'])
    .where('appeal_messages.appeal_id', '=', appealId)
    .orderBy('appeal_messages.created_at')
    .orderBy('appeal_messages.id')
    .execute();
}

/** Closes an open appeal with its outcome; false when it was no longer open (decided by someone else first). */
export async function closeAppeal(db: DbLike, id: number, decision: { status: 'restored' | 'upheld'; outcome: string; decided_by: number; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('appeals')
    .set({ status: decision.status, outcome: decision.outcome, decided_by: decision.decided_by, decided_at: decision.at, updated_at: decision.at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
