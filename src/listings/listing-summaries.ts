import type { DbLike } from '../db/connection.js';
import type { ResolvedFilter } from './filters.js';
import type { ListingViewer } from './listings.queries.js';
import { readListingVersions } from './listing-version.queries.js';
import { filterIdOf } from './listings.queries.js';

// The total and facet counts of a filtered listing cost every matching work (a broad filter at a million works: tens
// of thousands), while its page costs only the rows shown. They depend on which works match, not on the sort or the
// page, so they are kept per filter and viewer and reused by every page, sort and reader with the same filter until
// a version they depend on moves (listing-version.queries.ts: bumped by every write that can change what matches, in
// any process): a listing that includes tags follows those tags' versions, any other the archive's. Counters that
// only reorder a listing (kudos, hits) do not change them. A search's ranking by relevance is kept the same way, and so
// are the ids each sorted page shows: those follow the sort counter's order versions too, so a kudos moves a kudos-
// ordered page at once and leaves pages in other orders kept.

interface Entry {
  readonly value: unknown;
  readonly version: string;
  readonly storedAt: number;
}

/** Entries kept per database; the least recently used go first. */
const MAX_ENTRIES = 5_000;
/** A safety net for a write that changed matches without bumping the version: nothing is older than this. */
const TTL_MS = 5 * 60_000;

const stores = new WeakMap<object, Map<string, Entry>>();
/**
 * Computations under way, by part, filter and version: concurrent requests for one cold listing (the first views after
 * a write, or a burst on a new filter) share one computation instead of each counting every match at once.
 */
const underWay = new WeakMap<object, Map<string, Promise<unknown>>>();
let epoch = 0;

/** What the kept parts of one filter depend on: the filter without its sort and page, and the viewer's exclusions. */
function keyOf(filter: ResolvedFilter, viewer: ListingViewer): string {
  const { sort: _sort, direction: _direction, ...matching } = filter;
  return JSON.stringify([epoch, matching, [...viewer.excludeAuthorIds].sort(), [...viewer.excludeTagIds].sort()]);
}

/** The kept parts of one filter for one viewer, at the listing version read when it was opened. */
export interface FilterStore {
  get<T>(part: string): T | undefined;
  getOrCompute<T>(part: string, compute: () => Promise<T>): Promise<T>;
  /** Like getOrCompute, for a part that depends on the order of the filter's sort as well as on its matches. */
  getOrComputeOrdered<T>(part: string, compute: () => Promise<T>): Promise<T>;
}

export async function filterStore(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer): Promise<FilterStore> {
  // Search words match text any write may change: those listings follow the archive's version.
  const versions = await readListingVersions(db, filter.includeTags.length > 0 && !filter.query ? filter.includeTags.map(filterIdOf) : null, filter.sort);
  const ordered = `${versions.matches}|${versions.order}`;
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new Map()));
  const entries = store;
  let running = underWay.get(db);
  if (!running) underWay.set(db, (running = new Map()));
  const inFlight = running;
  const key = keyOf(filter, viewer);
  const read = <T,>(part: string, version: string): T | undefined => {
    const entry = entries.get(`${part}:${key}`);
    if (!entry || entry.version !== version || Date.now() - entry.storedAt > TTL_MS) return undefined;
    entries.delete(`${part}:${key}`);
    entries.set(`${part}:${key}`, entry);
    return entry.value as T;
  };
  const compute = async <T,>(part: string, version: string, make: () => Promise<T>): Promise<T> => {
    const kept = read<T>(part, version);
    if (kept !== undefined) return kept;
    const flightKey = `${part}:${key}@${version}`;
    const joined = inFlight.get(flightKey);
    if (joined) return joined as Promise<T>;
    const computing = make().then((value) => {
      entries.set(`${part}:${key}`, { value, version, storedAt: Date.now() });
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      return value;
    });
    inFlight.set(flightKey, computing);
    try {
      return await computing;
    } finally {
      inFlight.delete(flightKey);
    }
  };
  return {
    get: (part) => read(part, versions.matches),
    getOrCompute: (part, make) => compute(part, versions.matches, make),
    getOrComputeOrdered: (part, make) => compute(part, ordered, make),
  };
}

/** Forgets every kept summary (benchmarks measuring the uncached path). */
export function clearListingSummaries(): void {
  epoch += 1;
}
