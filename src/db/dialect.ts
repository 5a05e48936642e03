import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { DbLike } from './connection.js';

// The only place where SQLite and PostgreSQL differ in our queries.

/** True when the handle talks to PostgreSQL. */
export function isPostgres(db: DbLike): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The current time as stored: ISO 8601 UTC text. */
export function now(): string {
  return new Date().toISOString();
}

/** A case-insensitive LIKE: ILIKE on PostgreSQL, LIKE (ASCII case-insensitive) on SQLite. */
export function likeOperator(db: DbLike): 'ilike' | 'like' {
  return isPostgres(db) ? 'ilike' : 'like';
}

/** Serialises an error-prone unique-violation check: true when `error` is a unique constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Makes a select lock the rows it reads until the transaction ends (`FOR UPDATE`) on PostgreSQL, where
 * transactions run side by side; SQLite runs one write transaction at a time, so it needs (and has) no such clause.
 */
export function forUpdate<Q extends { forUpdate(): Q }>(db: DbLike, query: Q): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}

/** Literal true/false for flags stored as integers. */
export function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** Raw SQL fragment `greatest(a, b)` / `max(a, b)` for two integer expressions. */
export function greatest(a: RawBuilder<number>, b: RawBuilder<number>, db: DbLike): RawBuilder<number> {
  return isPostgres(db) ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}

/**
 * `column` starts with `prefix`, as a byte-order range an index can serve: SQLite compares text bytewise already;
 * PostgreSQL is told to (collate "C", served by an index on the same expression), whatever the database's collation.
 */
export function startsWith(db: DbLike, column: string, prefix: string): RawBuilder<boolean> {
  const ref = isPostgres(db) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column);
  return sql<boolean>`(${ref} >= ${prefix} and ${ref} < ${`${prefix}\u{10FFFF}`})`;
}
