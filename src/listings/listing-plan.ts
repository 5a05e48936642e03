import type { DbLike } from '../db/connection.js';
import { readCounter } from '../db/counters.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';
import type { ResolvedFilter } from './filters.js';
import { filterIdOf, type ListingDriver } from './listings.queries.js';
import { countWorksUnderFilter } from './work-filters.queries.js';

// Which way a filtered listing reads the archive. A page sorted by a column can walk that column's index and probe
// each row against the filter, stopping when the page is full: cheap when the filter is broad (a fandom holding half
// the archive fills 20 rows after a few thousand), ruinous when it is narrow (a rare tag: the whole index). Or it can
// start from the narrowest included tag's works and sort them: cost follows that tag. The choice compares the rows
// each would read, from the match count (known from the cached summary) and the tags' sizes (kept a few minutes:
// they only steer the plan). Totals and facets always start from the narrowest tag.

const SIZE_TTL_MS = 10 * 60_000;
const sizes = new WeakMap<object, Map<number, { n: number; at: number }>>();

async function worksUnder(db: DbLike, filterId: number): Promise<number> {
  let store = sizes.get(db);
  if (!store) sizes.set(db, (store = new Map()));
  const kept = store.get(filterId);
  if (kept && Date.now() - kept.at < SIZE_TTL_MS) return kept.n;
  const n = await countWorksUnderFilter(db, filterId);
  if (store.size > 10_000) store.clear();
  store.set(filterId, { n, at: Date.now() });
  return n;
}

/** The narrowest included tag (its position and size), or undefined when the filter includes no tag or searches. */
async function narrowestTag(db: DbLike, filter: ResolvedFilter): Promise<{ index: number; size: number } | undefined> {
  if (filter.query || filter.includeTags.length === 0) return undefined;
  let best: { index: number; size: number } | undefined;
  for (const [index, match] of filter.includeTags.entries()) {
    const size = await worksUnder(db, filterIdOf(match));
    if (!best || size < best.size) best = { index, size };
  }
  return best;
}

/** How a filter's total and facets find its matches. */
export async function summaryDriver(db: DbLike, filter: ResolvedFilter): Promise<ListingDriver | undefined> {
  const narrowest = await narrowestTag(db, filter);
  return narrowest && { kind: 'tag', index: narrowest.index };
}

/** How one page of a filter with `total` matches is read. */
export async function pageDriver(db: DbLike, filter: ResolvedFilter, total: number, page: { offset: number; limit: number }): Promise<ListingDriver | undefined> {
  const narrowest = await narrowestTag(db, filter);
  if (!narrowest) return undefined;
  // Sorting by author or relevance has no index to walk.
  if (filter.sort === 'author' || filter.sort === 'relevance') return { kind: 'tag', index: narrowest.index };
  const listed = Math.max(1, await readCounter(db, POSTED_WORKS_COUNTER));
  const walked = ((page.offset + page.limit) * listed) / Math.max(1, total);
  return walked < narrowest.size ? { kind: 'sort' } : { kind: 'tag', index: narrowest.index };
}
