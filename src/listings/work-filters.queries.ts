import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { bumpListingVersion, bumpOrderVersions, bumpTagVersions, bumpWranglingVersion, type CounterSort } from './listing-version.queries.js';

// work_filters (migration 0012): for each listed work (posted, not deleted, not hidden), every tag it carries and every
// canonical tag those tags count under. Derived from works, work_tags and tag_filters; these keep it in step: a work's
// rows are recomputed when its tags or its listed state change, and every work under a tag when wrangling changes it.

/**
 * A listed work, as `w`. The joins below are written `cross join` so SQLite keeps their order (each work_tags row, then
 * its work by key, then its tag's filters by key): left free, it once chose to scan every listed work per filter row.
 */
const LISTED = sql`w.posted = 1 and w.deleted_at is null and w.hidden_at is null`;

/** The rows work_filters should hold for the works `workIds` selects (a subquery or a list). */
function derivedRows(workIds: ReturnType<typeof sql> | readonly number[]) {
  const within = Array.isArray(workIds) ? sql.join(workIds.map((id) => sql`${id}`)) : workIds;
  return sql`select wt.tag_id as filter_id, wt.work_id from work_tags wt join works w on w.id = wt.work_id
      where wt.work_id in (${within}) and ${LISTED}
    union
    select tf.filter_id, wt.work_id from work_tags wt cross join works w cross join tag_filters tf
      where w.id = wt.work_id and tf.tag_id = wt.tag_id and wt.work_id in (${within}) and ${LISTED}`;
}

/** Recomputes the rows of some works (after their tags changed). */
export async function refreshWorkFilters(db: DbLike, workIds: readonly number[]): Promise<void> {
  if (workIds.length === 0) return;
  const before = await filterIdsOfWorks(db, workIds);
  await db.deleteFrom('work_filters').where('work_id', 'in', workIds).execute();
  await sql`insert into work_filters (filter_id, work_id) ${derivedRows(workIds)}`.execute(db);
  // The tags the works were under and the tags they are under now: both listings changed.
  await bumpTagVersions(db, [...before, ...(await filterIdsOfWorks(db, workIds))]);
}

/** The tags (and the tags they count under) some listed works carry. */
async function filterIdsOfWorks(db: DbLike, workIds: readonly number[]): Promise<number[]> {
  const rows = await db.selectFrom('work_filters').select('filter_id').distinct().where('work_id', 'in', workIds).execute();
  return rows.map((r) => r.filter_id);
}

/** A listed work changed in a way its tag listings count (rating, warnings, words, completion, dates). */
export async function touchWorkListings(db: DbLike, workId: number): Promise<void> {
  await bumpTagVersions(db, await filterIdsOfWorks(db, [workId]));
}

/** A counter listings sort by changed on a work: pages kept in that order under its tags (and the archive) are stale. */
export async function touchWorkOrder(db: DbLike, sort: CounterSort, workId: number): Promise<void> {
  await bumpOrderVersions(db, sort, await filterIdsOfWorks(db, [workId]));
}

/**
 * Recomputes the rows of every work carrying one of `tagIds` (after wrangling changed what those tags count under).
 * Costs the tags' own works, not the archive's.
 */
export async function refreshWorkFiltersForTags(db: DbLike, tagIds: readonly number[]): Promise<void> {
  if (tagIds.length === 0) return;
  await bumpWranglingVersion(db);
  await bumpListingVersion(db);
  const works = sql`select distinct wt0.work_id from work_tags wt0 where wt0.tag_id in (${sql.join(tagIds.map((id) => sql`${id}`))})`;
  await sql`delete from work_filters where work_id in (${works})`.execute(db);
  await sql`insert into work_filters (filter_id, work_id) ${derivedRows(works)}`.execute(db);
}

/** Rebuilds the whole table (after a bulk load or a restore), in key order so the primary key is built by appending. */
export async function rebuildAllWorkFilters(db: DbLike): Promise<void> {
  await bumpWranglingVersion(db);
  await bumpListingVersion(db);
  await db.deleteFrom('work_filters').execute();
  await sql`insert into work_filters (filter_id, work_id)
    select filter_id, work_id from (
      select wt.tag_id as filter_id, wt.work_id from work_tags wt join works w on w.id = wt.work_id where ${LISTED}
      union
      select tf.filter_id, wt.work_id from work_tags wt cross join works w cross join tag_filters tf
        where w.id = wt.work_id and tf.tag_id = wt.tag_id and ${LISTED}
    ) rows order by filter_id, work_id`.execute(db);
}

/** How many works carry a tag or count under it (an index-only count of its range). */
export async function countWorksUnderFilter(db: DbLike, filterId: number): Promise<number> {
  const row = await db.selectFrom('work_filters').select((eb) => eb.fn.countAll<number | string>().as('n')).where('filter_id', '=', filterId).executeTakeFirstOrThrow();
  return Number(row.n);
}
