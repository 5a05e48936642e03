import type { DbLike } from '../db/connection.js';

export type TargetType = 'work' | 'series' | 'user' | 'tag' | 'saved_search';

/** A subscription with the title (or username) of what it follows. */
export interface SubscriptionRow {
  readonly id: number;
  readonly target_type: TargetType;
  readonly target_id: number;
  readonly label: string | null;
  readonly created_at: string;
}

/** Subscribes a user to a target; a second subscribe does nothing. */
export async function insertSubscription(db: DbLike, userId: number, targetType: TargetType, targetId: number, at: string): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values({ user_id: userId, target_type: targetType, target_id: targetId, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'target_type', 'target_id']).doNothing())
    .execute();
}

/** Removes a user's subscription to a target (if any). */
export async function deleteSubscription(db: DbLike, userId: number, targetType: TargetType, targetId: number): Promise<void> {
  await db.deleteFrom('subscriptions').where('user_id', '=', userId).where('target_type', '=', targetType).where('target_id', '=', targetId).execute();
}

/** Removes a subscription by id; true when it existed. */
export async function deleteSubscriptionById(db: DbLike, id: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('subscriptions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The id of a user's subscription to a target, if subscribed. */
export async function findSubscriptionId(db: DbLike, userId: number, targetType: TargetType, targetIds: readonly number[]): Promise<number | undefined> {
  if (targetIds.length === 0) return undefined;
  const row = await db.selectFrom('subscriptions').select('id').where('user_id', '=', userId).where('target_type', '=', targetType).where('target_id', 'in', targetIds).orderBy('id').executeTakeFirst();
  return row?.id;
}

/** A user's subscriptions, newest first, with what each follows. */
export async function listSubscriptions(db: DbLike, userId: number): Promise<SubscriptionRow[]> {
  const rows = await db
    .selectFrom('subscriptions as s')
    .leftJoin('works as w', (j) => j.onRef('w.id', '=', 's.target_id').on('s.target_type', '=', 'work'))
    .leftJoin('series as se', (j) => j.onRef('se.id', '=', 's.target_id').on('s.target_type', '=', 'series'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 's.target_id').on('s.target_type', '=', 'user'))
    .leftJoin('tags as t', (j) => j.onRef('t.id', '=', 's.target_id').on('s.target_type', '=', 'tag'))
    .leftJoin('saved_searches as ss', (j) => j.onRef('ss.id', '=', 's.target_id').on('s.target_type', '=', 'saved_search'))
    .select(['s.id', 's.target_type', 's.target_id', 's.created_at', 'w.title as work_title', 'se.title as series_title', 'u.username', 't.name as tag_name', 'ss.name as saved_search_name'])
    .where('s.user_id', '=', userId)
    .orderBy('s.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, target_type: r.target_type as TargetType, target_id: r.target_id, created_at: r.created_at, label: r.work_title ?? r.series_title ?? r.username ?? r.tag_name ?? r.saved_search_name ?? null }));
}
