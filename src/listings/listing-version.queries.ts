import type { DbLike } from '../db/connection.js';
import { addToCounter, readCounter } from '../db/counters.queries.js';

// A number that changes whenever what a filtered listing counts may have changed: a work posted, edited, re-tagged,
// hidden or deleted, a tag wrangled, the search index rewritten. Counters that only reorder a listing (kudos, hits,
// comments, bookmarks) leave it alone. Bumped in the writing transaction, so every process sharing the database
// sees it at once; cached listing totals and facet counts (listing-summaries.ts) are keyed by it.

const LISTING_VERSION = 'listing_version';

export async function bumpListingVersion(db: DbLike): Promise<void> {
  await addToCounter(db, LISTING_VERSION, 1);
}

export async function readListingVersion(db: DbLike): Promise<number> {
  return readCounter(db, LISTING_VERSION);
}
