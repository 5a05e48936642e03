import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';

// The backup's SQL. Table and column names come from src/backup/backup-tables.ts and the database catalogue, never
// from the backup file unchecked (restore compares the file's columns with the target's first). Reading the
// catalogue is engine-specific by nature, so these functions branch on the engine themselves.

export type SqlValue = string | number | bigint | boolean | Buffer | Uint8Array | null;
export interface ColumnInfo {
  readonly name: string;
  /** The declared type, lower-cased: `integer`, `text`, ... */
  readonly type: string;
}

/** The tables of the current database (PostgreSQL: of the current schema), without SQLite's internal and FTS shadow tables. */
export async function listDatabaseTables(db: DbLike): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_list where schema = 'main' and type in ('table', 'virtual') and name not like 'sqlite\\_%' escape '\\'
    order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** A table's columns in their declared order. */
export async function listTableColumns(db: DbLike, table: string): Promise<ColumnInfo[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<ColumnInfo>`
      select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    return rows;
  }
  const { rows } = await sql<ColumnInfo>`select name, lower(type) as type from pragma_table_info(${table}) order by cid`.execute(db);
  return rows;
}

/** The primary key columns of a table, in key order. */
export async function listPrimaryKey(db: DbLike, table: string): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${table}::regclass and i.indisprimary
      order by array_position(i.indkey, a.attnum)`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  return rows.map((r) => r.name);
}

/** The foreign keys of a table: which tables it points to. */
export async function listReferencedTables(db: DbLike, table: string): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`
      select distinct confrelid::regclass::text as name from pg_constraint
      where conrelid = ${table}::regclass and contype = 'f'`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`select distinct "table" as name from pragma_foreign_key_list(${table})`.execute(db);
  return rows.map((r) => r.name);
}

/** The migrations applied to this database, oldest first (none when it was never migrated). */
export async function listAppliedMigrations(db: DbLike): Promise<string[]> {
  if (!(await listDatabaseTables(db)).includes('kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** How many rows a table holds. */
export async function countTableRows(db: DbLike, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** True when a table holds at least one row. */
export async function tableHasRows(db: DbLike, table: string): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * Up to `limit` rows in primary key order, after the row whose key is `after` (from the start when undefined),
 * each as values in `columns` order. Keyset paging keeps each query short however large the table is.
 */
export async function readRowsAfter(
  db: DbLike,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  after: readonly SqlValue[] | undefined,
  limit: number,
): Promise<SqlValue[][]> {
  const keyList = sql.join(key.map((k) => sql.ref(k)));
  const where = after ? sql`where (${keyList}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
  const { rows } = await sql<Record<string, SqlValue>>`
    select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} ${where} order by ${keyList} limit ${limit}`.execute(db);
  return rows.map((row) => columns.map((c) => row[c] ?? null));
}

/** Inserts rows (values in `columns` order) into a table in one statement. */
export async function insertRows(db: DbLike, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const tuples: RawBuilder<unknown>[] = rows.map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(tuples)}`.execute(db);
}

/** Sets one column of the row with integer `id`. */
export async function updateColumnById(db: DbLike, table: string, column: string, id: number, value: SqlValue): Promise<void> {
  await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${id}`.execute(db);
}

/** Removes every row of a table. */
export async function deleteAllRows(db: DbLike, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
}

/**
 * The last id handed out for each table with a generated id (SQLite's sqlite_sequence, PostgreSQL's identity
 * sequences), which can be above max(id) when the newest rows were deleted. Restore continues from there, so an id
 * is never handed out twice.
 */
export async function readIdSequences(db: DbLike, tables: readonly string[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  if (isPostgres(db)) {
    for (const table of tables) {
      const { rows } = await sql<{ value: number | string | null }>`
        select pg_sequence_last_value(pg_get_serial_sequence(${table}, 'id')::regclass) as value`.execute(db);
      const value = rows[0]?.value;
      if (value !== null && value !== undefined) result[table] = Number(value);
    }
    return result;
  }
  const { rows: exists } = await sql<{ one: number }>`select 1 as one from sqlite_master where name = 'sqlite_sequence'`.execute(db);
  if (exists.length === 0) return result;
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(db);
  for (const row of rows) if (tables.includes(row.name)) result[row.name] = Number(row.seq);
  return result;
}

/** Makes a table's next generated id follow both its highest id and `atLeast` (the source's last handed-out id). */
export async function advanceIdSequence(db: DbLike, table: string, atLeast: number): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      select setval(pg_get_serial_sequence(${table}, 'id'), greatest(coalesce(max(id), 0), ${atLeast}), true) from ${sql.table(table)}
      having greatest(coalesce(max(id), 0), ${atLeast}) > 0`.execute(db);
    return;
  }
  // SQLite already raised sqlite_sequence to max(id) while rows were inserted with their ids.
  const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);
  if (rows.length === 0) {
    if (atLeast > 0) await sql`insert into sqlite_sequence (name, seq) values (${table}, ${atLeast})`.execute(db);
  } else if (Number(rows[0]!.seq) < atLeast) {
    await sql`update sqlite_sequence set seq = ${atLeast} where name = ${table}`.execute(db);
  }
}

/** Refreshes the planner's statistics for a table that was just filled (PostgreSQL only: SQLite plans without them). */
export async function analyzeTable(db: DbLike, table: string): Promise<void> {
  if (isPostgres(db)) await sql`analyze ${sql.table(table)}`.execute(db);
}

/** The current PostgreSQL schema (undefined on SQLite), where Kysely keeps its migration tables. */
export async function currentSchema(db: DbLike): Promise<string | undefined> {
  if (!isPostgres(db)) return undefined;
  const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(db);
  return rows[0]?.name;
}
