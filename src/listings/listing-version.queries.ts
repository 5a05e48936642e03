import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { addToCounter, readCounter } from '../db/counters.queries.js';

// Numbers that change whenever what a filtered listing counts may have changed, bumped in the writing transaction so
// every process sharing the database sees them at once; kept listing totals, facets and rankings
// (listing-summaries.ts) are keyed by them. Counters that only reorder a listing (kudos, hits, comments, bookmarks)
// leave them alone.
// - The archive's version moves on every such write (a work posted, edited, re-tagged, hidden or deleted; the search
//   index rewritten). Listings without an included tag (search, ratings only) follow it.
// - Each tag's version moves when a work under it (before or after the write) changes, so a listing that includes a
//   tag follows only its tags' versions: a new work elsewhere leaves its counts kept.
// - The wrangling version moves when wrangling or a rebuild changes which tags count under which (every tag listing).
// Kept pages (the ids a sorted page shows) also follow the order versions of their sort when it is a counter: a kudos,
// hit, comment or bookmark moves the counter's version for the archive and for each tag its work is under.

const ARCHIVE = 'listing_version';
const WRANGLING = 'listing_version:wrangling';
const tagCounter = (filterId: number) => `listing_version:f${filterId}`;

/** The work counters listings sort by. */
export type CounterSort = 'kudos' | 'hits' | 'comments' | 'bookmarks';
export const COUNTER_SORTS: readonly string[] = ['kudos', 'hits', 'comments', 'bookmarks'] satisfies CounterSort[];
const orderCounter = (sort: CounterSort, filterId?: number) => (filterId === undefined ? `listing_order:${sort}` : `listing_order:${sort}:f${filterId}`);

export async function bumpListingVersion(db: DbLike): Promise<void> {
  await addToCounter(db, ARCHIVE, 1);
}

export async function bumpWranglingVersion(db: DbLike): Promise<void> {
  await addToCounter(db, WRANGLING, 1);
}

/** Moves on the versions of these tags (and the archive's). */
export async function bumpTagVersions(db: DbLike, filterIds: Iterable<number>): Promise<void> {
  await bumpListingVersion(db);
  const names = [...new Set(filterIds)].sort((a, b) => a - b).map(tagCounter);
  if (names.length === 0) return;
  await db
    .insertInto('counters')
    .values(names.map((name) => ({ name, value: 1 })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .execute();
}

/** Moves on the order versions of one counter for the archive and these tags. */
export async function bumpOrderVersions(db: DbLike, sort: CounterSort, filterIds: Iterable<number>): Promise<void> {
  const names = [orderCounter(sort), ...[...new Set(filterIds)].sort((a, b) => a - b).map((id) => orderCounter(sort, id))];
  await db
    .insertInto('counters')
    .values(names.map((name) => ({ name, value: 1 })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .execute();
}

/**
 * In one read, the version a listing's matches depend on (its included tags' and the wrangling version, or the
 * archive's when it includes no tag) and the version its order depends on besides (the sort counter's order versions
 * for the same scope; empty for a sort no counter moves).
 */
export async function readListingVersions(db: DbLike, filterIds: readonly number[] | null, sort: string): Promise<{ matches: string; order: string }> {
  const tags = filterIds === null ? null : [...new Set(filterIds)].sort((a, b) => a - b);
  const matchNames = tags === null ? [ARCHIVE] : [WRANGLING, ...tags.map(tagCounter)];
  const counter = COUNTER_SORTS.includes(sort) ? (sort as CounterSort) : undefined;
  const orderNames = counter === undefined ? [] : tags === null ? [orderCounter(counter)] : tags.map((id) => orderCounter(counter, id));
  const rows = await db.selectFrom('counters').select(['name', 'value']).where('name', 'in', [...matchNames, ...orderNames]).execute();
  const values = new Map(rows.map((r) => [r.name, r.value]));
  const join = (names: string[]) => names.map((name) => values.get(name) ?? 0).join('.');
  return { matches: join(matchNames), order: join(orderNames) };
}

export async function readListingVersion(db: DbLike): Promise<number> {
  return readCounter(db, ARCHIVE);
}
