import { sql, type ExpressionBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import type { Database, Work } from '../db/schema.js';
import type { ResolvedFilter, Sort, TagMatch } from './filters.js';

const SORT_COLUMNS = {
  updated: 'works.revised_at',
  posted: 'works.published_at',
  kudos: 'works.kudos_count',
  hits: 'works.hit_count',
  comments: 'works.comment_count',
  bookmarks: 'works.bookmark_count',
  words: 'works.word_count',
  title: 'works.title',
} as const satisfies Record<Sort, string>;

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
 * One page of posted works matching a filter, and the total that match, in ONE query (the total rides on each row as
 * `count(*) over ()`; an empty page reports 0). Works credited to `excludeAuthorIds` (the reader's mutes) are left out
 * of both. Ties in the sort break on id in the same direction.
 */
export async function listFilteredWorks(
  db: DbLike,
  filter: ResolvedFilter,
  page: { limit: number; offset: number; excludeAuthorIds?: readonly number[]; excludeTagIds?: readonly number[] },
): Promise<{ works: Work[]; total: number }> {
  let query = db.selectFrom('works').selectAll('works').select(sql<number | string>`count(*) over ()`.as('listing_total')).where('works.posted', '=', 1).where('works.deleted_at', 'is', null);
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
  if (filter.language !== undefined) query = query.where('works.language', '=', filter.language);
  if (filter.wordsFrom !== undefined) query = query.where('works.word_count', '>=', filter.wordsFrom);
  if (filter.wordsTo !== undefined) query = query.where('works.word_count', '<=', filter.wordsTo);
  if (filter.updatedFrom !== undefined) query = query.where('works.revised_at', '>=', `${filter.updatedFrom}T00:00:00.000Z`);
  if (filter.updatedTo !== undefined) query = query.where('works.revised_at', '<', dayAfter(filter.updatedTo));
  const excluded = page.excludeAuthorIds ?? [];
  if (excluded.length > 0) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_authors as wa').select('wa.work_id').whereRef('wa.work_id', '=', 'works.id').where('wa.user_id', 'in', excluded))),
    );
  }
  // The reader's tag exclusions (src/exclusions), as on the unfiltered listing.
  if (page.excludeTagIds && page.excludeTagIds.length > 0) query = query.where(withoutExcludedTags(page.excludeTagIds));
  const rows = await query
    .orderBy(SORT_COLUMNS[filter.sort], filter.direction)
    .orderBy('works.id', filter.direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = rows.length > 0 ? Number(rows[0]!.listing_total) : 0;
  return { works: rows.map(({ listing_total: _, ...work }) => work as Work), total };
}
