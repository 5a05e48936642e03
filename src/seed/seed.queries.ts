import { CompiledQuery, sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';

// The seeder's SQL: bulk inserts compiled by hand (Kysely's builder is too slow to compile millions of rows), the
// catalogue's secondary indexes (dropped before a bulk load and recreated from their own definitions after), and
// the id sequences. Table and column names come from the seeder's own code, never from input.

export type SeedRow = Record<string, string | number | null>;

/** SQLite allows 32,766 parameters a statement (PostgreSQL 65,535); rows are capped too, to keep statements small. */
const MAX_PARAMETERS = 32_766;
const MAX_ROWS_PER_STATEMENT = 1000;

/** How many works the database holds, drafts and deleted ones included. */
export async function countAllWorks(db: DbLike): Promise<number> {
  const row = await db.selectFrom('works').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The highest id in each table (0 when empty). */
export async function highestIds(db: DbLike, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ id: number | string | null }>`select max(id) as id from ${sql.table(table)}`.execute(db);
    out[table] = Number(rows[0]?.id ?? 0);
  }
  return out;
}

/** Every tag name key and username key in use (a seed with --force avoids them). */
export async function takenKeys(db: DbLike): Promise<{ tags: Set<string>; usernames: Set<string> }> {
  const [tags, users] = await Promise.all([db.selectFrom('tags').select('name_key').execute(), db.selectFrom('users').select('username_key').execute()]);
  return { tags: new Set(tags.map((t) => t.name_key)), usernames: new Set(users.map((u) => u.username_key)) };
}

/** Inserts rows (all with the same columns) into a table, as many rows per statement as the parameter limit allows. */
export async function insertRows(db: DbLike, table: string, rows: readonly SeedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
  const postgres = isPostgres(db);
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const marks: string[] = [];
      for (const column of columns) {
        parameters.push(row[column] ?? null);
        marks.push(postgres ? `$${parameters.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await db.executeQuery(CompiledQuery.raw(head + tuples.join(', '), parameters));
  }
}

export interface IndexDefinition {
  readonly name: string;
  readonly definition: string;
}

/**
 * The secondary indexes of some tables as the catalogue holds them: indexes created with CREATE INDEX (unique ones
 * included), not those that back a primary key or a unique constraint, which stay in place.
 */
export async function secondaryIndexes(db: DbLike, tables: readonly string[]): Promise<IndexDefinition[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string; definition: string }>`
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)
      order by i.tablename, i.indexname`.execute(db);
    return rows;
  }
  const { rows } = await sql<{ name: string; definition: string }>`
    select name, sql as definition from sqlite_master
    where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)}) order by tbl_name, name`.execute(db);
  return rows;
}

/** Drops indexes by name. */
export async function dropIndexes(db: DbLike, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) await sql`drop index if exists ${sql.id(index.name)}`.execute(db);
}

/** Creates indexes again from the definitions the catalogue gave. */
export async function recreateIndexes(db: DbLike, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) await sql.raw(index.definition).execute(db);
}

/**
 * Moves each table's id sequence past the ids the seeder wrote itself. PostgreSQL's identity sequences do not see
 * explicit ids; SQLite's AUTOINCREMENT already follows the highest rowid inserted.
 */
export async function advanceIdSequences(db: DbLike, tables: readonly string[]): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of tables) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), max(id)) from ${sql.table(table)} having max(id) is not null`.execute(db);
  }
}

/** Refreshes the planner's statistics after a bulk load (on SQLite from a sample of each index, so it stays quick). */
export async function analyzeAfterLoad(db: DbLike): Promise<void> {
  if (isPostgres(db)) {
    // Only the big tables, by name in the seeded schema: other schemas in the database are left alone.
    await sql`vacuum analyze works, work_tags, work_filters`.execute(db);
    await sql`analyze`.execute(db);
    return;
  }
  await sql`pragma analysis_limit = 2000`.execute(db);
  await sql`analyze`.execute(db);
}
