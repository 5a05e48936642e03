import { sql, type Kysely } from 'kysely';
import { isPostgres } from './migration-helpers.js';

// Frozen in time. Full-text search over posted works: one index row per posted, undeleted work, kept in step by
// the write paths (src/search/search.ts reindexWork) and rebuilt by `chapterhouse reindex`.

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    // `document` is weighted (title and authors A, tags and series B, summary C) and GIN-indexed; the per-field
    // vectors are unindexed and only re-check `title:`, `author:`, `tag:` and `series:` terms on rows the GIN index found.
    await db.schema
      .createTable('work_search')
      .addColumn('work_id', 'integer', (c) => c.primaryKey().references('works.id').onDelete('cascade'))
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .addColumn('title', sql`tsvector`, (c) => c.notNull())
      .addColumn('authors', sql`tsvector`, (c) => c.notNull())
      .addColumn('tags', sql`tsvector`, (c) => c.notNull())
      .addColumn('series', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index work_search_document on work_search using gin (document)`.execute(db);
  } else {
    // rowid = work_id, so that replacing or removing one work's row is a rowid lookup, not a scan of the table.
    // Porter stemming over unicode61 (diacritics folded), close to PostgreSQL's 'english' configuration.
    await sql`create virtual table work_search using fts5(work_id unindexed, title, authors, tags, summary, series, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  }
}
