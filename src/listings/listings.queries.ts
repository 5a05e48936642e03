import { sql, type SelectQueryBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import type { Database, Work } from '../db/schema.js';
import { rankedMatches, searchMatch } from '../search/search.queries.js';
import { narrowsBeyondTags, type ResolvedFilter, type Sort, type TagMatch } from './filters.js';

type SortColumn = Exclude<Sort, 'author' | 'relevance'>;

const SORT_COLUMNS = {
  updated: 'works.revised_at',
  posted: 'works.published_at',
  kudos: 'works.kudos_count',
  hits: 'works.hit_count',
  comments: 'works.comment_count',
  bookmarks: 'works.bookmark_count',
  words: 'works.word_count',
  title: 'works.title',
} as const satisfies Record<SortColumn, string>;

/** Who is reading: the works they never see (muted authors, excluded tags), so pages and counts agree. */
export interface ListingViewer {
  readonly excludeAuthorIds: readonly number[];
  readonly excludeTagIds: readonly number[];
}

/** The day after a YYYY-MM-DD day, as the ISO instant it starts at. */
function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/**
 * The ids of the works carrying a tag that matches: the named tag itself or any tag counting under its canonical tag
 * (a synonym's works carry their canonical tag in work_filters). One range of the work_filters primary key, so the
 * cost follows the tag's own works, never the whole archive, and "does this work match" is one probe.
 */
function worksWithTag(db: DbLike, match: TagMatch) {
  return db.selectFrom('work_filters as wf').select('wf.work_id').where('wf.filter_id', '=', filterIdOf(match));
}

/** The work_filters key a tag match reads. */
export function filterIdOf(match: TagMatch): number {
  return match.filterId ?? match.tagId;
}

/** "This work carries the tag": one probe of the work_filters primary key for the candidate row. */
function carriesTag(match: TagMatch) {
  return sql<boolean>`exists (select 1 from work_filters pf where pf.filter_id = ${filterIdOf(match)} and pf.work_id = works.id)`;
}

/**
 * Where a query finds its candidate works: `tag` drives from one included tag's range of work_filters (a narrow tag:
 * cost follows its works), `sort` walks the listing's sort index and probes each row (a broad filter: cost follows the
 * rows skipped before the page fills). Left to the planner when absent.
 */
export type ListingDriver = { readonly kind: 'tag'; readonly index: number } | { readonly kind: 'sort' };

/**
 * A crossover has two fandom tags that share no canonical tag they count under (no common fandom or meta fandom);
 * an unwrangled fandom counts only as itself. The cost is per candidate work and grows with its own tags only.
 */
const isCrossover = sql<boolean>`exists (
  select 1 from work_tags cf1
  join tags ct1 on ct1.id = cf1.tag_id and ct1.kind = 'fandom'
  join work_tags cf2 on cf2.work_id = cf1.work_id and cf2.tag_id > cf1.tag_id
  join tags ct2 on ct2.id = cf2.tag_id and ct2.kind = 'fandom'
  where cf1.work_id = works.id
    and coalesce(ct1.synonym_of_id, ct1.id) <> coalesce(ct2.synonym_of_id, ct2.id)
    and not exists (select 1 from tag_filters cx1 join tag_filters cx2 on cx2.filter_id = cx1.filter_id
                    where cx1.tag_id = cf1.tag_id and cx2.tag_id = cf2.tag_id))`;

/**
 * The posted, undeleted works matching a filter for a viewer, as a query on `works` (joined to the search index when
 * the filter has search words). Pages, totals, facets and "does this new work match" all start from it, so they agree.
 */
export function matchingWorks(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, driver?: ListingDriver): SelectQueryBuilder<Database, 'works', object> {
  // Works hidden by a moderator are out of every public listing (issue 6); the partial listing indexes still serve it.
  let query = db.selectFrom('works').where('works.posted', '=', 1).where('works.deleted_at', 'is', null).where('works.hidden_at', 'is', null);
  if (filter.query) {
    const match = searchMatch(db, filter.query);
    query = query.where('works.id', 'in', (eb) => eb.selectFrom('work_search').select('work_search.work_id').where(match)) as typeof query;
  }
  filter.includeTags.forEach((match, index) => {
    // The driving tag is an IN list the planner starts from; the others are probes of each candidate.
    const drives = driver === undefined || (driver.kind === 'tag' && driver.index === index);
    query = query.where(drives ? sql<boolean>`works.id in (${worksWithTag(db, match)})` : carriesTag(match));
  });
  for (const match of filter.excludeTags) query = query.where(sql<boolean>`not ${carriesTag(match)}`);
  if (filter.ratings.length > 0) query = query.where('works.rating', 'in', filter.ratings);
  for (const warning of filter.includeWarnings) {
    query = query.where('works.id', 'in', db.selectFrom('work_warnings as ww').select('ww.work_id').where('ww.warning', '=', warning));
  }
  if (filter.excludeWarnings.length > 0) {
    query = query.where('works.id', 'not in', db.selectFrom('work_warnings as ww').select('ww.work_id').where('ww.warning', 'in', filter.excludeWarnings));
  }
  if (filter.complete !== undefined) query = query.where('works.complete', '=', filter.complete ? 1 : 0);
  if (filter.singleChapter) query = query.where('works.chapter_count', '=', 1);
  if (filter.crossover !== undefined) query = query.where(filter.crossover ? isCrossover : sql<boolean>`not ${isCrossover}`);
  if (filter.language !== undefined) query = query.where('works.language', '=', filter.language);
  if (filter.wordsFrom !== undefined) query = query.where('works.word_count', '>=', filter.wordsFrom);
  if (filter.wordsTo !== undefined) query = query.where('works.word_count', '<=', filter.wordsTo);
  if (filter.updatedFrom !== undefined) query = query.where('works.revised_at', '>=', `${filter.updatedFrom}T00:00:00.000Z`);
  if (filter.updatedTo !== undefined) query = query.where('works.revised_at', '<', dayAfter(filter.updatedTo));
  if (viewer.excludeAuthorIds.length > 0) {
    query = query.where('works.id', 'not in', db.selectFrom('work_authors as wa').select('wa.work_id').where('wa.user_id', 'in', viewer.excludeAuthorIds));
  }
  if (viewer.excludeTagIds.length > 0) query = query.where(withoutExcludedTags(viewer.excludeTagIds));
  return query;
}

/** True when tags (and the viewer's exclusions) alone decide which works match: work_filters answers without reading works. */
function isTagOnly(filter: ResolvedFilter): boolean {
  return filter.includeTags.length > 0 && !narrowsBeyondTags(filter);
}

/**
 * The ids of the works matching a tag-only filter, from work_filters alone (it holds listed works only): the driving
 * tag's range of the primary key, and one probe per other tag, excluded tag and muted author. Counting it is an index
 * walk; its newest matches are the end of that range.
 */
function matchingIdsFromFilters(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, driverIndex: number) {
  let query = db.selectFrom('work_filters as d').select('d.work_id as id').where('d.filter_id', '=', filterIdOf(filter.includeTags[driverIndex]!));
  const probe = (match: TagMatch) => sql<boolean>`exists (select 1 from work_filters p where p.filter_id = ${filterIdOf(match)} and p.work_id = d.work_id)`;
  filter.includeTags.forEach((match, index) => {
    if (index !== driverIndex) query = query.where(probe(match));
  });
  for (const match of filter.excludeTags) query = query.where(sql<boolean>`not ${probe(match)}`);
  if (viewer.excludeTagIds.length > 0) {
    query = query.where(sql<boolean>`not exists (select 1 from work_filters xf where xf.work_id = d.work_id and xf.filter_id in (${sql.join(viewer.excludeTagIds)}))`);
  }
  if (viewer.excludeAuthorIds.length > 0) {
    query = query.where(sql<boolean>`not exists (select 1 from work_authors wa where wa.work_id = d.work_id and wa.user_id in (${sql.join(viewer.excludeAuthorIds)}))`);
  }
  return query;
}

/** The first author's username, for sorting by author (a work's authors are few, so this costs one lookup per row). */
const firstAuthorKey = sql<string>`(select u.username_key from work_authors sa join users u on u.id = sa.user_id
  where sa.work_id = works.id order by sa.position, sa.user_id limit 1)`;

/**
 * One page of works matching a filter. Ties in the sort break on id in the same direction. The total is counted
 * apart (countMatchingWorks), so a broad filter's page can stop after its rows instead of visiting every match.
 */
export async function listFilteredWorks(
  db: DbLike,
  filter: ResolvedFilter,
  page: ListingViewer & { limit: number; offset: number },
  driver?: ListingDriver,
): Promise<Work[]> {
  let query = matchingWorks(db, filter, page, driver).selectAll('works');
  if (filter.sort === 'relevance' && filter.query) {
    // Ranked by the index: title and author words weigh most (see search.queries.ts).
    query = query.innerJoin(rankedMatches(db, filter.query).as('ranked'), 'ranked.work_id', 'works.id').orderBy('ranked.rank') as unknown as typeof query;
  } else if (filter.sort === 'author') {
    query = query.orderBy(firstAuthorKey, filter.direction);
  } else if (filter.sort !== 'relevance') {
    query = query.orderBy(SORT_COLUMNS[filter.sort], filter.direction);
  } else {
    query = query.orderBy('works.revised_at', 'desc');
  }
  return query.orderBy('works.id', filter.direction).limit(page.limit).offset(page.offset).execute();
}

/** The ids of the best `limit` matches of a search by relevance, best first (ties on id, as the page sorts them). */
export async function rankedMatchIds(db: DbLike, filter: ResolvedFilter & { query: NonNullable<ResolvedFilter['query']> }, viewer: ListingViewer, limit: number): Promise<number[]> {
  const rows = await matchingWorks(db, filter, viewer)
    .innerJoin(rankedMatches(db, filter.query).as('ranked'), 'ranked.work_id', 'works.id')
    .select('works.id')
    .orderBy('ranked.rank')
    .orderBy('works.id', filter.direction)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Works by id, in the order of `ids` (those still listed: posted, not deleted or hidden). */
export async function listedWorksByIds(db: DbLike, ids: readonly number[]): Promise<Work[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('works').selectAll().where('id', 'in', ids).where('posted', '=', 1).where('deleted_at', 'is', null).where('hidden_at', 'is', null).execute();
  const byId = new Map(rows.map((w) => [w.id, w]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many works match a filter for a viewer. */
export async function countMatchingWorks(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, driver?: ListingDriver): Promise<number> {
  if (driver?.kind === 'tag' && isTagOnly(filter)) {
    const counted = await db.selectFrom(matchingIdsFromFilters(db, filter, viewer, driver.index).as('m')).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(counted.n);
  }
  const row = await matchingWorks(db, filter, viewer, driver).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether one work matches a filter for a viewer (for delivering new works to saved searches and tag subscribers). */
export async function workMatchesFilter(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, workId: number): Promise<boolean> {
  const row = await matchingWorks(db, filter, viewer).select('works.id').where('works.id', '=', workId).executeTakeFirst();
  return row !== undefined;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface TagFacetCount {
  readonly name: string;
  readonly kind: string;
  readonly count: number;
}

/** Sidebar counts in one statement: ratings, warnings and the top tags of each kind among the matching works. */
export interface FacetRows {
  readonly ratings: FacetCount[];
  readonly warnings: FacetCount[];
  readonly tags: TagFacetCount[];
}

/**
 * Every facet count of a filtered listing in ONE statement: the matching works are found once (a materialized CTE)
 * and counted per rating, per warning, and per canonical tag (a synonym's works count for the tag it is a synonym
 * of; exact counts of distinct works, the `perKind` most common tags of each kind).
 */
export async function facetCounts(
  db: DbLike,
  filter: ResolvedFilter,
  viewer: ListingViewer,
  perKind: number,
  options: { driver?: ListingDriver | undefined; sample?: number | undefined } = {},
): Promise<FacetRows> {
  // A sample is the newest matches: counting them costs the sample, not the whole match set.
  let matched;
  if (options.driver?.kind === 'tag' && isTagOnly(filter)) {
    let ids = matchingIdsFromFilters(db, filter, viewer, options.driver.index);
    if (options.sample !== undefined) ids = ids.orderBy('d.work_id', 'desc').limit(options.sample);
    matched = db.selectFrom(ids.as('m')).innerJoin('works', 'works.id', 'm.id').select(['works.id', 'works.rating']);
  } else {
    matched = matchingWorks(db, filter, viewer, options.driver).select(['works.id', 'works.rating']);
    if (options.sample !== undefined) matched = matched.orderBy('works.id', 'desc').limit(options.sample);
  }
  // SQLite keeps a CROSS JOIN's order: each matched work, then its warnings by key (left free, it scanned every
  // work's warnings and probed the matches). PostgreSQL plans from its statistics and has no such form.
  const keepOrder = sql.raw(isPostgres(db) ? 'join' : 'cross join');
  const result = await sql<{ facet: string; value: string; kind: string | null; n: number | string }>`
    with matched as materialized ${matched},
    tag_counts as (
      select coalesce(t.synonym_of_id, t.id) as tag_id, t.kind, count(distinct wt.work_id) as n
      from work_tags wt join matched m on m.id = wt.work_id join tags t on t.id = wt.tag_id
      group by coalesce(t.synonym_of_id, t.id), t.kind
    ),
    ranked as (
      select tag_id, kind, n, row_number() over (partition by kind order by n desc, tag_id) as rank from tag_counts
    )
    select 'rating' as facet, m.rating as value, null as kind, count(*) as n from matched m group by m.rating
    union all
    select 'warning', ww.warning, null, count(*) from matched m ${keepOrder} work_warnings ww on ww.work_id = m.id group by ww.warning
    union all
    select 'tag', t.name, r.kind, r.n from ranked r join tags t on t.id = r.tag_id where r.rank <= ${perKind}
  `.execute(db);
  const rows = result.rows.map((r) => ({ ...r, n: Number(r.n) }));
  const counts = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => ({ value: r.value, count: r.n }));
  const tags = rows
    .filter((r) => r.facet === 'tag')
    .map((r) => ({ name: r.value, kind: r.kind ?? '', count: r.n }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count || a.name.localeCompare(b.name));
  return { ratings: counts('rating'), warnings: counts('warning'), tags };
}
