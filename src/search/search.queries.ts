import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import type { Work } from '../db/schema.js';
import { bumpListingVersion } from '../listings/listing-version.queries.js';
import { foldDiacritics, fts5Match, type ParsedQuery, type SearchTerm } from './search-query.js';

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

/** Rows per multi-row insert: 6 parameters a row stays far below SQLite's 32,766 and PostgreSQL's 65,535. */
const ENTRIES_PER_STATEMENT = 500;

/**
 * Puts works' entries into the index, replacing any they had, a few hundred rows per statement. On PostgreSQL the
 * tsvectors are computed in SQL from text already folded by foldDiacritics (the 'english' configuration keeps accents).
 */
export async function writeSearchEntries(db: DbLike, entries: readonly SearchEntry[]): Promise<void> {
  await bumpListingVersion(db);
  for (let i = 0; i < entries.length; i += ENTRIES_PER_STATEMENT) {
    const chunk = entries.slice(i, i + ENTRIES_PER_STATEMENT);
    if (isPostgres(db)) {
      const rows = chunk.map(
        (e) =>
          sql`(${e.workId}::integer, ${foldDiacritics(e.title)}::text, ${foldDiacritics(e.authors)}::text, ${foldDiacritics(e.tags)}::text, ${foldDiacritics(e.summary)}::text, ${foldDiacritics(e.series)}::text)`,
      );
      await sql`
        insert into work_search (work_id, document, title, authors, tags, series)
        select v.work_id,
          setweight(to_tsvector('english', v.title), 'A') || setweight(to_tsvector('english', v.authors), 'A')
            || setweight(to_tsvector('english', v.tags), 'B') || setweight(to_tsvector('english', v.series), 'B')
            || setweight(to_tsvector('english', v.summary), 'C'),
          to_tsvector('english', v.title), to_tsvector('english', v.authors),
          to_tsvector('english', v.tags), to_tsvector('english', v.series)
        from (values ${sql.join(rows)}) as v (work_id, title, authors, tags, summary, series)
        on conflict (work_id) do update set document = excluded.document, title = excluded.title,
          authors = excluded.authors, tags = excluded.tags, series = excluded.series`.execute(db);
      continue;
    }
    // FTS5 has no upsert: the old rows go first (a rowid lookup each).
    await sql`delete from work_search where rowid in (${sql.join(chunk.map((e) => e.workId))})`.execute(db);
    const rows = chunk.map((e) => sql`(${e.workId}, ${e.workId}, ${e.title}, ${e.authors}, ${e.tags}, ${e.summary}, ${e.series})`);
    await sql`insert into work_search (rowid, work_id, title, authors, tags, summary, series) values ${sql.join(rows)}`.execute(db);
  }
}

/** Takes one work out of the index (nothing happens when it is not there). */
export async function deleteSearchEntry(db: DbLike, workId: number): Promise<void> {
  await bumpListingVersion(db);
  await (isPostgres(db) ? sql`delete from work_search where work_id = ${workId}` : sql`delete from work_search where rowid = ${workId}`).execute(db);
}

/** Empties the whole index, before a rebuild. */
export async function clearSearchIndex(db: DbLike): Promise<void> {
  await bumpListingVersion(db);
  await sql`delete from work_search`.execute(db);
}

/** The next batch of posted, undeleted works after `afterId`, in id order (for rebuilding the index). */
export async function postedWorksAfter(db: DbLike, afterId: number, limit: number): Promise<Work[]> {
  return db
    .selectFrom('works')
    .selectAll()
    .where('id', '>', afterId)
    .where('posted', '=', 1)
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The next batch of posted, undeleted works after `afterId` carrying any of `tagIds`, in id order (reindexing after wrangling). */
export async function postedWorksTaggedAfter(db: DbLike, tagIds: readonly number[], afterId: number, limit: number): Promise<Work[]> {
  if (tagIds.length === 0) return [];
  return db
    .selectFrom('works')
    .selectAll()
    .where('id', 'in', db.selectFrom('work_tags').select('work_tags.work_id').where('work_tags.tag_id', 'in', tagIds))
    .where('id', '>', afterId)
    .where('posted', '=', 1)
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The tag names each work is found by: per tag on the work, in the author's order, its own name, then the names of
 * the canonical tags it counts under (tag_filters: its canonical tag when it is a synonym, and every meta tag above).
 */
export async function indexedTagNamesForWorks(db: DbLike, workIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(workIds.map((id) => [id, []]));
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .leftJoin('tag_filters', (join) => join.onRef('tag_filters.tag_id', '=', 'work_tags.tag_id').onRef('tag_filters.filter_id', '<>', 'work_tags.tag_id'))
    .leftJoin('tags as filters', 'filters.id', 'tag_filters.filter_id')
    .select(['work_tags.work_id', 'tags.name', 'filters.name as filter_name'])
    .where('work_tags.work_id', 'in', workIds)
    .orderBy('work_tags.work_id')
    .orderBy('work_tags.position')
    .orderBy('tag_filters.filter_id')
    .execute();
  const seen = new Map<number, Set<string>>();
  for (const row of rows) {
    const names = out.get(row.work_id);
    if (!names) continue;
    const done = seen.get(row.work_id) ?? new Set<string>();
    seen.set(row.work_id, done);
    for (const name of [row.name, row.filter_name]) {
      if (name && !done.has(name)) {
        done.add(name);
        names.push(name);
      }
    }
  }
  return out;
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
