import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';
import { loadWorkDetails } from '../works/work-details.js';
import { findWork } from '../works/works.queries.js';
import { parseSearchQuery } from './search-query.js';
import { loadFilteredListing } from '../listings/listings.js';
import { clearSearchIndex, deleteSearchEntry, indexedTagNamesForWorks, postedWorksAfter, postedWorksTaggedAfter, writeSearchEntries } from './search.queries.js';

// Search domain functions. Indexing is never a hidden hook: every write that changes what a work is found by
// (its title, summary, authors, tags, series, or whether it is posted and undeleted) calls reindexWork itself,
// inside its own transaction, so the index and the works commit or roll back together.

/**
 * Brings one work's search entry up to date: posted, undeleted works are indexed, anything else is taken out.
 * Call it inside the transaction of any write that changes a work's title, summary, authors, tags (including tag
 * renames and merges), series membership or series titles, posting or deletion.
 */
export async function reindexWork(db: DbLike, workId: number): Promise<void> {
  const work = await findWork(db, workId);
  if (!work || work.posted !== 1 || work.deleted_at || work.hidden_at) {
    await deleteSearchEntry(db, workId);
    return;
  }
  await indexWorks(db, [work]);
}

/**
 * Empties the index and fills it again from the works table, `batchSize` works at a time; returns how many were
 * indexed. It runs in ONE transaction (the caller's, or its own), so readers keep seeing the old index until the new
 * one commits: never an empty or half-built one.
 */
export async function rebuildSearchIndex(db: DbLike, options: { batchSize?: number; onBatch?: (indexed: number) => void } = {}): Promise<number> {
  const rebuild = async (trx: DbLike) => {
    await clearSearchIndex(trx);
    return indexInBatches(trx, (after, limit) => postedWorksAfter(trx, after, limit), options);
  };
  return db.isTransaction ? rebuild(db) : db.transaction().execute(rebuild);
}

/**
 * Re-indexes the posted works carrying any of `tagIds`, after wrangling changed what those tags are found by (a
 * rename, a synonym, a parent). Call it inside the wrangling transaction; its cost is bounded by those tags' works.
 */
export async function reindexWorksTagged(db: DbLike, tagIds: readonly number[]): Promise<number> {
  return indexInBatches(db, (after, limit) => postedWorksTaggedAfter(db, tagIds, after, limit), {});
}

async function indexInBatches(
  db: DbLike,
  nextBatch: (afterId: number, limit: number) => Promise<Work[]>,
  options: { batchSize?: number; onBatch?: (indexed: number) => void },
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after = 0;
  let indexed = 0;
  for (;;) {
    const works = await nextBatch(after, batchSize);
    if (works.length === 0) return indexed;
    await indexWorks(db, works);
    indexed += works.length;
    after = works[works.length - 1]!.id;
    options.onBatch?.(indexed);
  }
}

/** What a work is found by: its title, authors, summary, series titles, and its tags with the names they count under. */
async function indexWorks(db: DbLike, works: readonly Work[]): Promise<void> {
  const [details, tagNames] = await Promise.all([loadWorkDetails(db, works), indexedTagNamesForWorks(db, works.map((w) => w.id))]);
  await writeSearchEntries(
    db,
    details.map((d) => ({
      workId: d.work.id,
      title: d.work.title,
      authors: d.authors.join(' '),
      tags: (tagNames.get(d.work.id) ?? []).join(' \n '),
      summary: d.work.summary,
      series: d.series.map((s) => s.title).join(' \n '),
    })),
  );
}

export const SEARCH_RESULTS_PER_PAGE = 20;

export type SearchOutcome = { ok: true; works: Work[]; total: number } | { ok: false; message: string };

/**
 * Runs a reader's query with no other filters (the OPDS search and other callers that only have words): one page of
 * matching posted works and the total, without the viewer's muted authors and excluded tags. Pages and the API go
 * through src/listings, where search words combine with every filter.
 */
export async function searchWorks(
  db: DbLike,
  params: { q: string; sort?: 'relevance' | 'updated'; limit: number; offset: number; excludeAuthorIds: readonly number[]; excludeTagIds?: readonly number[] },
): Promise<SearchOutcome> {
  const parsed = parseSearchQuery(params.q);
  if (!parsed.ok) return parsed;
  const query = new URLSearchParams({ q: params.q, sort: params.sort ?? 'relevance' });
  const listing = await loadFilteredListing(db, (name) => query.getAll(name), {
    limit: params.limit,
    offset: params.offset,
    excludeAuthorIds: params.excludeAuthorIds,
    excludeTagIds: params.excludeTagIds ?? [],
  });
  return { ok: true, works: listing.works, total: listing.total };
}
