import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';
import { flattenTags } from '../works/tag-names.js';
import { loadWorkDetails } from '../works/work-details.js';
import { findWork } from '../works/works.queries.js';
import { parseSearchQuery } from './search-query.js';
import {
  clearSearchIndex,
  countSearchResults,
  deleteSearchEntry,
  postedWorkIdsAfter,
  searchPostedWorks,
  upsertSearchEntry,
  type SearchSort,
} from './search.queries.js';

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
  if (!work || work.posted !== 1 || work.deleted_at) {
    await deleteSearchEntry(db, workId);
    return;
  }
  await indexWorks(db, [work]);
}

/** Empties the index and fills it again from the works table, `batchSize` works at a time; returns how many were indexed. */
export async function rebuildSearchIndex(db: DbLike, options: { batchSize?: number; onBatch?: (indexed: number) => void } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  await clearSearchIndex(db);
  let after = 0;
  let indexed = 0;
  for (;;) {
    const ids = await postedWorkIdsAfter(db, after, batchSize);
    if (ids.length === 0) return indexed;
    const works = (await Promise.all(ids.map((id) => findWork(db, id)))).filter((w): w is Work => w !== undefined);
    await indexWorks(db, works);
    indexed += works.length;
    after = ids[ids.length - 1]!;
    options.onBatch?.(indexed);
  }
}

async function indexWorks(db: DbLike, works: readonly Work[]): Promise<void> {
  for (const d of await loadWorkDetails(db, works)) {
    await upsertSearchEntry(db, {
      workId: d.work.id,
      title: d.work.title,
      authors: d.authors.join(' '),
      tags: flattenTags(d.tags).map((t) => t.name).join(' \n '),
      summary: d.work.summary,
      series: d.series.map((s) => s.title).join(' \n '),
    });
  }
}

export const SEARCH_RESULTS_PER_PAGE = 20;

export type SearchOutcome =
  | { ok: true; works: Work[]; total: number }
  | { ok: false; message: string };

/** Runs a reader's query: one page of matching posted works and the total, both without muted authors' works. */
export async function searchWorks(
  db: DbLike,
  params: { q: string; sort: SearchSort; limit: number; offset: number; excludeAuthorIds: readonly number[]; excludeTagIds?: readonly number[] },
): Promise<SearchOutcome> {
  const parsed = parseSearchQuery(params.q);
  if (!parsed.ok) return parsed;
  const [works, total] = await Promise.all([
    searchPostedWorks(db, parsed.query, { sort: params.sort, limit: params.limit, offset: params.offset, excludeAuthorIds: params.excludeAuthorIds, excludeTagIds: params.excludeTagIds ?? [] }),
    countSearchResults(db, parsed.query, params.excludeAuthorIds, params.excludeTagIds ?? []),
  ]);
  return { ok: true, works, total };
}

/** The sort a reader asked for: `updated`, or relevance for anything else. */
export function searchSort(value: string | undefined): SearchSort {
  return value === 'updated' ? 'updated' : 'relevance';
}
