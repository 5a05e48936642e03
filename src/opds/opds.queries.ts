import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';

// The catalog's own SQL: what the works listings (src/listings) cannot express, i.e. tags with their work counts, and
// the works a reader follows or bookmarked. Every query here shows a reader exactly the works the listings would.

/** What a reader may see: allowed ratings (null: every rating), and the authors and tags they never see. */
export interface ReaderScope {
  readonly ratings: readonly string[] | null;
  readonly excludeAuthorIds: readonly number[];
  readonly excludeTagIds: readonly number[];
}

/** A tag with how many works the reader would find under it, and when the newest of them was updated. */
export interface TagWithCount {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly work_count: number;
  readonly updated: string | null;
}

/** Posted, undeleted works in the reader's scope. */
function visibleWorks(db: DbLike, scope: ReaderScope) {
  let query = db.selectFrom('works').where('works.posted', '=', 1).where('works.deleted_at', 'is', null).where('works.hidden_at', 'is', null);
  if (scope.ratings !== null) query = query.where('works.rating', 'in', scope.ratings.length > 0 ? [...scope.ratings] : ['']);
  if (scope.excludeAuthorIds.length > 0) {
    const muted = [...scope.excludeAuthorIds];
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_authors as wa').select('wa.work_id').whereRef('wa.work_id', '=', 'works.id').where('wa.user_id', 'in', muted))),
    );
  }
  if (scope.excludeTagIds.length > 0) query = query.where(withoutExcludedTags(scope.excludeTagIds));
  return query;
}

const listingTotal = sql<number | string>`count(*) over ()`.as('listing_total');

/**
 * One page of tags of the given kinds that the reader finds works under, with the counts: canonical tags count the
 * works of their synonyms and sub tags (through tag_filters, as their listings do), and tags nobody has wrangled yet
 * (neither canonical nor a synonym) count their own, so a small archive that never wrangles still has a catalog.
 * `order` is by name, or most works first.
 */
export async function listTagsWithCounts(
  db: DbLike,
  options: { kinds: readonly string[]; order: 'name' | 'popular'; scope: ReaderScope; limit: number; offset: number },
): Promise<{ tags: TagWithCount[]; total: number }> {
  const kinds = [...options.kinds];
  const canonical = visibleWorks(db, options.scope)
    .innerJoin('work_tags as wt', 'wt.work_id', 'works.id')
    .innerJoin('tag_filters as tf', 'tf.tag_id', 'wt.tag_id')
    .innerJoin('tags as t', 't.id', 'tf.filter_id')
    .where('t.canonical', '=', 1)
    .where('t.kind', 'in', kinds)
    .select(['t.id as tag_id', sql<number | string>`count(distinct works.id)`.as('n'), sql<string | null>`max(works.revised_at)`.as('updated')])
    .groupBy('t.id');
  const unwrangled = visibleWorks(db, options.scope)
    .innerJoin('work_tags as wt', 'wt.work_id', 'works.id')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .where('t.canonical', '=', 0)
    .where('t.synonym_of_id', 'is', null)
    .where('t.kind', 'in', kinds)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('tag_filters as uf').select('uf.tag_id').whereRef('uf.tag_id', '=', 't.id'))))
    .select(['t.id as tag_id', sql<number | string>`count(distinct works.id)`.as('n'), sql<string | null>`max(works.revised_at)`.as('updated')])
    .groupBy('t.id');
  let query = db
    .selectFrom(canonical.unionAll(unwrangled).as('c'))
    .innerJoin('tags', 'tags.id', 'c.tag_id')
    .select(['tags.id', 'tags.name', 'tags.kind', 'c.n', 'c.updated', listingTotal]);
  query = options.order === 'popular' ? query.orderBy('c.n', 'desc').orderBy('tags.name_key') : query.orderBy('tags.name_key');
  const rows = await query.orderBy('tags.id').limit(options.limit).offset(options.offset).execute();
  return {
    tags: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, work_count: Number(r.n), updated: r.updated })),
    total: rows.length > 0 ? Number(rows[0]!.listing_total) : 0,
  };
}

/**
 * One page of the works a reader follows: subscribed works, the parts of subscribed (undeleted) series and the works
 * of subscribed authors, each once, newest update first.
 */
export async function listSubscribedWorks(
  db: DbLike,
  userId: number,
  scope: ReaderScope,
  page: { limit: number; offset: number },
): Promise<{ works: Work[]; total: number }> {
  const followed = (type: string) => db.selectFrom('subscriptions as s').select('s.target_id').where('s.user_id', '=', userId).where('s.target_type', '=', type);
  const rows = await visibleWorks(db, scope)
    .where((eb) =>
      eb.or([
        eb('works.id', 'in', followed('work')),
        eb(
          'works.id',
          'in',
          eb
            .selectFrom('series_works as sw')
            .innerJoin('series as se', 'se.id', 'sw.series_id')
            .select('sw.work_id')
            .where('se.deleted_at', 'is', null)
            .where('sw.series_id', 'in', followed('series')),
        ),
        eb('works.id', 'in', eb.selectFrom('work_authors as fa').select('fa.work_id').where('fa.user_id', 'in', followed('user'))),
      ]),
    )
    .selectAll('works')
    .select(listingTotal)
    .orderBy('works.revised_at', 'desc')
    .orderBy('works.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { works: rows.map(({ listing_total: _, ...work }) => work as Work), total: rows.length > 0 ? Number(rows[0]!.listing_total) : 0 };
}

/**
 * One page of the works a reader bookmarked, directly or as parts of a bookmarked (undeleted) series, each once,
 * most recently bookmarked first. Private bookmarks count: this is the reader's own list.
 */
export async function listBookmarkedWorks(
  db: DbLike,
  userId: number,
  scope: ReaderScope,
  page: { limit: number; offset: number },
): Promise<{ works: Work[]; total: number }> {
  const markedWork = sql<number>`coalesce(b.work_id, sw.work_id)`;
  const marks = db
    .selectFrom('bookmarks as b')
    .leftJoin('series as se', 'se.id', 'b.series_id')
    .leftJoin('series_works as sw', 'sw.series_id', 'b.series_id')
    .where('b.user_id', '=', userId)
    .where((eb) => eb.or([eb('b.work_id', 'is not', null), eb('se.deleted_at', 'is', null)]))
    .select([markedWork.as('work_id'), sql<number>`max(b.id)`.as('mark')])
    .groupBy(markedWork);
  const rows = await visibleWorks(db, scope)
    .innerJoin(marks.as('m'), 'm.work_id', 'works.id')
    .selectAll('works')
    .select(listingTotal)
    .orderBy('m.mark', 'desc')
    .orderBy('works.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { works: rows.map(({ listing_total: _, ...work }) => work as Work), total: rows.length > 0 ? Number(rows[0]!.listing_total) : 0 };
}
