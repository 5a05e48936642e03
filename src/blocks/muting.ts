import type { DbLike } from '../db/connection.js';
import { readCounter } from '../db/counters.queries.js';
import type { User } from '../db/schema.js';
import { countPostedWorksByAuthors, worksCreditedToAny } from '../works/works.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';
import { mutedUserIds } from './blocks.queries.js';

// What muting changes in listings. Muting hides works in the queries themselves (not with CSS, as AO3 does),
// so that pages, totals and pagination agree with what the reader actually sees.

/** The accounts the reader muted: none for a guest. */
export async function viewerMutes(db: DbLike, viewer: User | undefined): Promise<number[]> {
  return viewer ? mutedUserIds(db, viewer.id) : [];
}

/**
 * How many posted works the reader's listing holds: the stored counter less the muted authors' posted works.
 * The subtraction costs a count over the muted authors' works only, never over the whole archive.
 */
export async function visiblePostedTotal(db: DbLike, mutedIds: readonly number[]): Promise<number> {
  const [all, hidden] = await Promise.all([readCounter(db, POSTED_WORKS_COUNTER), countPostedWorksByAuthors(db, mutedIds)]);
  return Math.max(0, all - hidden);
}

/** The items whose work is not credited to a muted author (a work co-written with a muted author is hidden too). */
export async function withoutMutedWorks<T>(db: DbLike, items: readonly T[], workId: (item: T) => number, mutedIds: readonly number[]): Promise<T[]> {
  if (mutedIds.length === 0) return [...items];
  const hidden = await worksCreditedToAny(db, items.map(workId), mutedIds);
  return items.filter((item) => !hidden.has(workId(item)));
}
