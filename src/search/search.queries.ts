import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import type { Work } from '../db/schema.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import { fts5Match, type ParsedQuery, type SearchTerm } from './search-query.js';

// The search index's SQL. SQLite uses an FTS5 table (rowid = work id); PostgreSQL a table of tsvectors with a
// GIN index on the weighted `document`. Both are filled from the same SearchEntry.

/** What one work contributes to the index. */
export interface SearchEntry {
  readonly workId: number;
  readonly title: string;
  readonly authors: string;
  readonly tags: string;
  readonly summary: string;
  readonly series: string;
}

export type SearchSort = 'relevance' | 'updated';

/** Puts one work's entry into the index, replacing any it had. */
export async function upsertSearchEntry(db: DbLike, e: SearchEntry): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      insert into work_search (work_id, document, title, authors, tags, series)
      values (
        ${e.workId},
        setweight(to_tsvector('english', ${e.title}), 'A') || setweight(to_tsvector('english', ${e.authors}), 'A')
          || setweight(to_tsvector('english', ${e.tags}), 'B') || setweight(to_tsvector('english', ${e.series}), 'B')
          || setweight(to_tsvector('english', ${e.summary}), 'C'),
        to_tsvector('english', ${e.title}), to_tsvector('english', ${e.authors}),
        to_tsvector('english', ${e.tags}), to_tsvector('english', ${e.series})
      )
      on conflict (work_id) do update set document = excluded.document, title = excluded.title,
        authors = excluded.authors, tags = excluded.tags, series = excluded.series`.execute(db);
    return;
  }
  await sql`delete from work_search where rowid = ${e.workId}`.execute(db);
  await sql`insert into work_search (rowid, work_id, title, authors, tags, summary, series)
    values (${e.workId}, ${e.workId}, ${e.title}, ${e.authors}, ${e.tags}, ${e.summary}, ${e.series})`.execute(db);
}

/** Takes one work out of the index (nothing happens when it is not there). */
export async function deleteSearchEntry(db: DbLike, workId: number): Promise<void> {
  await (isPostgres(db) ? sql`delete from work_search where work_id = ${workId}` : sql`delete from work_search where rowid = ${workId}`).execute(db);
}

/** Empties the whole index, before a rebuild. */
export async function clearSearchIndex(db: DbLike): Promise<void> {
  await sql`delete from work_search`.execute(db);
}

/** The next batch of posted, undeleted work ids after `afterId`, in id order (for rebuilding the index). */
export async function postedWorkIdsAfter(db: DbLike, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('works')
    .select('id')
    .where('id', '>', afterId)
    .where('posted', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** One page of the works matching a query, by relevance or newest update first, leaving out muted authors' works. */
export async function searchPostedWorks(
  db: DbLike,
  query: ParsedQuery,
  page: { sort: SearchSort; limit: number; offset: number; excludeAuthorIds: readonly number[]; excludeTagIds?: readonly number[] },
): Promise<Work[]> {
  let q = matchingWorks(db, query, page.excludeAuthorIds, page.excludeTagIds ?? []).selectAll('works').limit(page.limit).offset(page.offset);
  if (page.sort === 'updated') {
    q = q.orderBy('works.revised_at', 'desc');
  } else if (isPostgres(db)) {
    // ts_rank weights are {D, C, B, A}: title and authors (A) count most, summary (C) least.
    q = q.orderBy(sql`ts_rank('{0.05, 0.2, 0.5, 1.0}', work_search.document, ${positiveTsQuery(query)})`, 'desc');
  } else {
    // bm25 weights per column: work_id, title, authors, tags, summary, series. Lower is better.
    q = q.orderBy(sql`bm25(work_search, 0, 10, 8, 4, 1, 4)`);
  }
  return q.orderBy('works.id', 'desc').execute();
}

/** How many works match a query for this reader, counted with the same conditions as searchPostedWorks. */
export async function countSearchResults(db: DbLike, query: ParsedQuery, excludeAuthorIds: readonly number[], excludeTagIds: readonly number[] = []): Promise<number> {
  const row = await matchingWorks(db, query, excludeAuthorIds, excludeTagIds)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function matchingWorks(db: DbLike, query: ParsedQuery, excludeAuthorIds: readonly number[], excludeTagIds: readonly number[]) {
  let q = db
    .selectFrom('work_search')
    .innerJoin('works', 'works.id', 'work_search.work_id')
    .where(matchCondition(db, query))
    // The index holds only posted, undeleted works; re-checking costs nothing and keeps a stale row out.
    .where('works.posted', '=', 1)
    .where('works.deleted_at', 'is', null);
  if (excludeAuthorIds.length > 0) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_authors as wa').select('wa.work_id').whereRef('wa.work_id', '=', 'works.id').where('wa.user_id', 'in', excludeAuthorIds))),
    );
  }
  if (excludeTagIds.length > 0) q = q.where(withoutExcludedTags(excludeTagIds));
  return q;
}

function matchCondition(db: DbLike, query: ParsedQuery): RawBuilder<boolean> {
  if (!isPostgres(db)) return sql<boolean>`work_search match ${fts5Match(query)}`;
  const conditions = query.terms.map((t) => {
    const tsq = termTsQuery(t);
    const inField = t.field ? sql`${sql.ref(`work_search.${t.field}`)} @@ ${tsq}` : sql`work_search.document @@ ${tsq}`;
    if (t.negated) return sql`not (${inField})`;
    // The GIN index answers `document @@`; the field's own vector then re-checks only the rows it found.
    return t.field ? sql`(work_search.document @@ ${tsq} and ${inField})` : inField;
  });
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/** A term as a tsquery: phraseto_tsquery treats its text as plain words, so no reader input becomes tsquery syntax. */
function termTsQuery(term: SearchTerm): RawBuilder<unknown> {
  return sql`phraseto_tsquery('english', ${term.tokens.join(' ')})`;
}

function positiveTsQuery(query: ParsedQuery): RawBuilder<unknown> {
  return sql`(${sql.join(query.terms.filter((t) => !t.negated).map(termTsQuery), sql` && `)})`;
}
