import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';

// The SQL behind delivering a new work to tag and saved-search subscribers (src/saved-searches/deliveries.ts).

/** The tags a work counts under: its own tags and every canonical or meta tag they are filtered under (tag_filters). */
export async function tagIdsOfWorkWithFilters(db: DbLike, workId: number): Promise<number[]> {
  const own = await db.selectFrom('work_tags').select('tag_id').where('work_id', '=', workId).execute();
  const ownIds = own.map((r) => r.tag_id);
  if (ownIds.length === 0) return [];
  const filters = await db.selectFrom('tag_filters').select('filter_id').where('tag_id', 'in', ownIds).execute();
  return [...new Set([...ownIds, ...filters.map((r) => r.filter_id)])].sort((a, b) => a - b);
}

/**
 * Inserts a `tag_work` notification for every subscriber of one of `tagIds` (through subscriptions_target), except
 * the work's authors, readers who muted one of them, and readers whose lasting tag exclusions cover the work (an
 * excluded tag, its canonical tag, or a sub tag through tag_filters). Each reader gets one row, crediting the lowest
 * subscribed tag id; a reader who already has `dedupeKey` gets nothing. Returns the new recipients.
 */
export async function insertTagWorkNotifications(
  db: DbLike,
  n: { workId: number; tagIds: readonly number[]; authorIds: readonly number[]; actorId: number | null; actorName: string | null; dedupeKey: string; at: string },
): Promise<number[]> {
  if (n.tagIds.length === 0) return [];
  const authors = n.authorIds.length > 0 ? n.authorIds : [0];
  const rows = await db
    .insertInto('notifications')
    .columns(['user_id', 'tag_id', 'work_id', 'actor_id', 'actor_name', 'kind', 'dedupe_key', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('subscriptions as s')
        .where('s.target_type', '=', 'tag')
        .where('s.target_id', 'in', n.tagIds)
        .where('s.user_id', 'not in', authors)
        .where((w) => w.not(w.exists(w.selectFrom('mutes as m').select('m.user_id').whereRef('m.user_id', '=', 's.user_id').where('m.muted_id', 'in', authors))))
        .where(
          sql<boolean>`not exists (select 1 from tag_exclusions te join tags et on et.id = te.tag_id join work_tags xt on xt.work_id = ${n.workId}
            where te.user_id = s.user_id and (xt.tag_id = et.id or xt.tag_id = et.synonym_of_id
              or exists (select 1 from tag_filters xf where xf.tag_id = xt.tag_id and (xf.filter_id = et.id or xf.filter_id = et.synonym_of_id))))`,
        )
        .groupBy('s.user_id')
        .select([
          's.user_id',
          (e) => e.fn.min('s.target_id').as('tag_id'),
          sql<number>`cast(${n.workId} as integer)`.as('work_id'),
          sql<number | null>`cast(${n.actorId} as integer)`.as('actor_id'),
          sql<string | null>`cast(${n.actorName} as text)`.as('actor_name'),
          sql<string>`cast(${'tag_work'} as text)`.as('kind'),
          sql<string>`cast(${n.dedupeKey} as text)`.as('dedupe_key'),
          sql<string>`cast(${n.at} as text)`.as('created_at'),
        ]),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** A subscribed saved search with its owner, for matching a new work against it. */
export interface SubscribedSavedSearch {
  readonly id: number;
  readonly user_id: number;
  readonly query: string;
}

/**
 * One batch of saved searches their owners subscribe to, after saved search `afterId`, in id order (keyset pagination
 * over subscriptions_target, so each batch costs the same however many there are). Only owners' own subscriptions count.
 */
export async function subscribedSavedSearchBatch(db: DbLike, afterId: number, limit: number): Promise<SubscribedSavedSearch[]> {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('saved_searches as ss', (j) => j.onRef('ss.id', '=', 's.target_id').onRef('ss.user_id', '=', 's.user_id'))
    .select(['ss.id', 'ss.user_id', 'ss.query'])
    .where('s.target_type', '=', 'saved_search')
    .where('s.target_id', '>', afterId)
    .orderBy('s.target_id')
    .limit(limit)
    .execute();
}

/** Of `userIds`, those who already have a notification with `dedupeKey` (heard of this work another way). */
export async function usersWithNotification(db: DbLike, userIds: readonly number[], dedupeKey: string): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('notifications').select('user_id').where('user_id', 'in', userIds).where('dedupe_key', '=', dedupeKey).execute();
  return new Set(rows.map((r) => r.user_id));
}
