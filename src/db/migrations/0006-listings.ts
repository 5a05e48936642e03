import { sql, type Kysely } from 'kysely';

// Frozen in time. Filtered listings (src/listings) sort posted works by these columns; each gets a partial index
// like works_listed_revised (0001), so a sorted page reads its rows in order instead of sorting the whole archive.

const SORT_COLUMNS = ['published_at', 'kudos_count', 'hit_count', 'comment_count', 'bookmark_count', 'word_count', 'title'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of SORT_COLUMNS) {
    await sql`create index ${sql.id(`works_listed_${column}`)} on works (${sql.id(column)}, id) where posted = 1 and deleted_at is null`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of SORT_COLUMNS) await sql`drop index if exists ${sql.id(`works_listed_${column}`)}`.execute(db);
}
