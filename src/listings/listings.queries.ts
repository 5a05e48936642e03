import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import type { Database, Work } from '../db/schema.js';
import { rankedMatches, searchMatch } from '../search/search.queries.js';
import type { ResolvedFilter, Sort, TagMatch } from './filters.js';

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

/** EXISTS a work_tags row of the work whose tag is the named tag itself or counts under its canonical tag. */
function hasTag(eb: ExpressionBuilder<Database, 'works'>, match: TagMatch) {
  return eb.exists(
    eb
      .selectFrom('work_tags as wt')
      .select('wt.work_id')
      .whereRef('wt.work_id', '=', 'works.id')
      .where((w) =>
        match.filterId === null
          ? w('wt.tag_id', '=', match.tagId)
          : w.or([w('wt.tag_id', '=', match.tagId), w('wt.tag_id', 'in', w.selectFrom('tag_filters').select('tag_filters.tag_id').where('tag_filters.filter_id', '=', match.filterId))]),
      ),
  );
}

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
export function matchingWorks(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer): SelectQueryBuilder<Database, 'works', object> {
  let query = db.selectFrom('works').where('works.posted', '=', 1).where('works.deleted_at', 'is', null);
  if (filter.query) {
    const match = searchMatch(db, filter.query);
    query = query.where('works.id', 'in', (eb) => eb.selectFrom('work_search').select('work_search.work_id').where(match)) as typeof query;
  }
  for (const match of filter.includeTags) query = query.where((eb) => hasTag(eb, match));
  for (const match of filter.excludeTags) query = query.where((eb) => eb.not(hasTag(eb, match)));
  if (filter.ratings.length > 0) query = query.where('works.rating', 'in', filter.ratings);
  for (const warning of filter.includeWarnings) {
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('work_warnings as ww').select('ww.work_id').whereRef('ww.work_id', '=', 'works.id').where('ww.warning', '=', warning)));
  }
  if (filter.excludeWarnings.length > 0) {
    const warnings = filter.excludeWarnings;
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_warnings as ww').select('ww.work_id').whereRef('ww.work_id', '=', 'works.id').where('ww.warning', 'in', warnings))),
    );
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
    const excluded = viewer.excludeAuthorIds;
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_authors as wa').select('wa.work_id').whereRef('wa.work_id', '=', 'works.id').where('wa.user_id', 'in', excluded))),
    );
  }
  if (viewer.excludeTagIds.length > 0) query = query.where(withoutExcludedTags(viewer.excludeTagIds));
  return query;
}

/** The first author's username, for sorting by author (a work's authors are few, so this costs one lookup per row). */
const firstAuthorKey = sql<string>`(select u.username_key from work_authors sa join users u on u.id = sa.user_id
  where sa.work_id = works.id order by sa.position, sa.user_id limit 1)`;

/**
 * One page of works matching a filter, and the total that match, in ONE query (the total rides on each row as
 * `count(*) over ()`; an empty page reports 0). Ties in the sort break on id in the same direction.
 */
export async function listFilteredWorks(
  db: DbLike,
  filter: ResolvedFilter,
  page: ListingViewer & { limit: number; offset: number },
): Promise<{ works: Work[]; total: number }> {
  let query = matchingWorks(db, filter, page).selectAll('works').select(sql<number | string>`count(*) over ()`.as('listing_total'));
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
  const rows = await query.orderBy('works.id', filter.direction).limit(page.limit).offset(page.offset).execute();
  const total = rows.length > 0 ? Number(rows[0]!.listing_total) : 0;
  return { works: rows.map(({ listing_total: _, ...work }) => work as Work), total };
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

/** How many of the matching works have each rating and each warning. */
export async function ratingAndWarningCounts(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer): Promise<{ ratings: FacetCount[]; warnings: FacetCount[] }> {
  const matched = matchingWorks(db, filter, viewer).select('works.id');
  const [ratings, warnings] = await Promise.all([
    db
      .selectFrom('works')
      .where('works.id', 'in', matched)
      .select(['works.rating as value', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('works.rating')
      .execute(),
    db
      .selectFrom('work_warnings')
      .where('work_warnings.work_id', 'in', matched)
      .select(['work_warnings.warning as value', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('work_warnings.warning')
      .execute(),
  ]);
  const clean = (rows: { value: string; count: number | string }[]) => rows.map((r) => ({ value: r.value, count: Number(r.count) }));
  return { ratings: clean(ratings), warnings: clean(warnings) };
}

/**
 * The most common tags of each kind among the matching works, counted under their canonical tag (a synonym's works
 * count for the tag it is a synonym of); exact counts of distinct works, `perKind` tags per kind.
 */
export async function topTagCounts(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, perKind: number): Promise<TagFacetCount[]> {
  const matched = matchingWorks(db, filter, viewer).select('works.id');
  const counted = db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .where('work_tags.work_id', 'in', matched)
    .select([
      sql<number>`coalesce(tags.synonym_of_id, tags.id)`.as('tag_id'),
      'tags.kind',
      sql<number | string>`count(distinct work_tags.work_id)`.as('n'),
    ])
    .groupBy([sql`coalesce(tags.synonym_of_id, tags.id)`, 'tags.kind']);
  const ranked = db
    .selectFrom(counted.as('c'))
    .select(['c.tag_id', 'c.kind', 'c.n', sql<number>`row_number() over (partition by c.kind order by c.n desc, c.tag_id)`.as('rank')]);
  const rows = await db
    .selectFrom(ranked.as('r'))
    .innerJoin('tags', 'tags.id', 'r.tag_id')
    .select(['tags.name', 'r.kind', 'r.n'])
    .where('r.rank', '<=', perKind)
    .orderBy('r.kind')
    .orderBy('r.n', 'desc')
    .orderBy('tags.name_key')
    .execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind, count: Number(r.n) }));
}
