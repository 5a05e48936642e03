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

const ARCHIVE = 'listing_version';
const WRANGLING = 'listing_version:wrangling';
const tagCounter = (filterId: number) => `listing_version:f${filterId}`;

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

export async function readListingVersion(db: DbLike): Promise<number> {
  return readCounter(db, ARCHIVE);
}

/** The versions a listing including these tags depends on, as one key: the wrangling version and each tag's. */
export async function readTagVersions(db: DbLike, filterIds: readonly number[]): Promise<string> {
  const names = [WRANGLING, ...[...new Set(filterIds)].sort((a, b) => a - b).map(tagCounter)];
  const rows = await db.selectFrom('counters').select(['name', 'value']).where('name', 'in', names).execute();
  const values = new Map(rows.map((r) => [r.name, r.value]));
  return names.map((name) => values.get(name) ?? 0).join('.');
}
