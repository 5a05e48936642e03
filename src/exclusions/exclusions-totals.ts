import { visiblePostedTotal } from '../blocks/muting.js';
import type { DbLike } from '../db/connection.js';
import { readCounter } from '../db/counters.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';
import { countListedWorksExcluded } from '../works/works.queries.js';

/**
 * The /works total for this reader, agreeing with listPostedWorks: the stored counter less the works the reader does
 * not see (muted authors' works, works under excluded tags), counted from those authors' and tags' own works.
 */
export async function visibleListingTotal(db: DbLike, mutedIds: readonly number[], excludedTagIds: readonly number[]): Promise<number> {
  if (excludedTagIds.length === 0) return visiblePostedTotal(db, mutedIds);
  const [all, excluded] = await Promise.all([readCounter(db, POSTED_WORKS_COUNTER), countListedWorksExcluded(db, { authorIds: mutedIds, tagIds: excludedTagIds })]);
  return Math.max(0, all - excluded);
}
