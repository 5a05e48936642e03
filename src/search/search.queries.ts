import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
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

/**
 * The condition that selects the index rows matching a reader's query; the query it goes into must have `work_search`
 * in its FROM (FTS5's MATCH and PostgreSQL's GIN index both need the index table itself).
 */
export function searchMatch(db: DbLike, query: ParsedQuery): RawBuilder<boolean> {
  return matchCondition(db, query);
}

/**
 * The index rows matching a query with their rank, lower is better: title and author words weigh most, then tags and
 * series, then the summary. A derived table to join on `work_id` (FTS5's bm25 cannot sit beside window functions).
 */
export function rankedMatches(db: DbLike, query: ParsedQuery) {
  // ts_rank weights are {D, C, B, A}: title and authors (A) count most, summary (C) least; negated so lower is better.
  // bm25 weights per column: work_id, title, authors, tags, summary, series; lower is better already.
  const rank = isPostgres(db) ? sql<number>`-ts_rank('{0.05, 0.2, 0.5, 1.0}', work_search.document, ${positiveTsQuery(query)})` : sql<number>`bm25(work_search, 0, 10, 8, 4, 1, 4)`;
  return db.selectFrom('work_search').select(['work_search.work_id', rank.as('rank')]).where(matchCondition(db, query));
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
