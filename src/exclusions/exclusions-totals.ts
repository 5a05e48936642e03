import { visiblePostedTotal } from '../blocks/muting.js';
import type { DbLike } from '../db/connection.js';
import { countPostedWorksExcluding } from '../works/works.queries.js';

/**
 * The /works total for this reader, agreeing with listPostedWorks. Without tag exclusions it is the fast path (the
 * stored counter less muted authors' works); a reader with tag exclusions pays for a count with the listing's conditions.
 */
export async function visibleListingTotal(db: DbLike, mutedIds: readonly number[], excludedTagIds: readonly number[]): Promise<number> {
  if (excludedTagIds.length === 0) return visiblePostedTotal(db, mutedIds);
  return countPostedWorksExcluding(db, { authorIds: mutedIds, tagIds: excludedTagIds });
}
