import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { Db, DbLike } from '../db/connection.js';
import { excludedFilterIds } from '../exclusions/exclusions.queries.js';
import { workMatchesQuery } from '../listings/listings.js';
import { insertNotification } from '../notifications/notifications.queries.js';
import { insertTagWorkNotifications, subscribedSavedSearchBatch, tagIdsOfWorkWithFilters, usersWithNotification } from './deliveries.queries.js';

// Delivering a newly posted work to the readers who follow a tag it counts under or a saved search it matches. Both
// share the dedupe key of every other notification about the work (`work:<id>`), so a reader hears of a work once,
// whichever of their subscriptions (work, author, series, tag, saved search) brought it.

/** The posted work being delivered, as the fan-out job found it. */
export interface NewWork {
  readonly workId: number;
  readonly authorIds: readonly number[];
  readonly actorId: number | null;
  readonly actorName: string | null;
  readonly dedupeKey: string;
  readonly at: string;
}

/** Saved searches checked per transaction: each is one small query against the new work alone. */
export const SAVED_SEARCH_BATCH = 200;

/** Notifies the subscribers of every tag the work counts under (its tags, their canonical and meta tags) in one insert. */
export async function deliverToTagSubscribers(db: DbLike, work: NewWork): Promise<number[]> {
  const tagIds = await tagIdsOfWorkWithFilters(db, work.workId);
  return insertTagWorkNotifications(db, { ...work, tagIds });
}

/**
 * Notifies owners of subscribed saved searches that the work matches, as each owner would see it (their mutes and
 * tag exclusions). Walks the subscribed saved searches in keyset batches, each batch in its own transaction so a
 * large archive never holds one long write; `afterBatch` runs inside each batch's transaction with its new
 * recipients (counters, email). Rerunning after a crash is harmless: the dedupe key skips those already told.
 */
export async function deliverToSavedSearches(db: Db, work: NewWork, afterBatch: (trx: DbLike, userIds: number[]) => Promise<void>): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await subscribedSavedSearchBatch(db, after, SAVED_SEARCH_BATCH);
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!.id;
    await db.transaction().execute(async (trx) => {
      const told = await usersWithNotification(trx, [...new Set(batch.map((s) => s.user_id))], work.dedupeKey);
      const viewers = new Map<number, { excludeAuthorIds: number[]; excludeTagIds: number[] }>();
      const inserted: number[] = [];
      for (const saved of batch) {
        if (told.has(saved.user_id) || work.authorIds.includes(saved.user_id)) continue;
        let viewer = viewers.get(saved.user_id);
        if (!viewer) {
          viewer = { excludeAuthorIds: await mutedUserIds(trx, saved.user_id), excludeTagIds: await excludedFilterIds(trx, saved.user_id) };
          viewers.set(saved.user_id, viewer);
        }
        if (!(await workMatchesQuery(trx, saved.query, viewer, work.workId))) continue;
        const n = { kind: 'saved_search_work', workId: work.workId, chapterId: null, seriesId: null, commentId: null, actorId: work.actorId, actorName: work.actorName, dedupeKey: work.dedupeKey, at: work.at, savedSearchId: saved.id } as const;
        if (await insertNotification(trx, saved.user_id, n)) {
          inserted.push(saved.user_id);
          told.add(saved.user_id);
        }
      }
      await afterBatch(trx, inserted);
    });
    if (batch.length < SAVED_SEARCH_BATCH) return;
  }
}
