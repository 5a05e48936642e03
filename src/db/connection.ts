import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { Config } from '../config.js';
import { isPostgres } from './dialect.js';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

export type Db = Kysely<Database>;
/** A connection or a transaction: query functions accept either. */
export type DbLike = Kysely<Database> | Transaction<Database>;

// COUNT(*) and bigint columns arrive as strings from pg; our counts fit in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

/** How long a request waits to connect to PostgreSQL (or for a pooled client) before answering 503. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Opens the database named by the configuration: PostgreSQL for a URL, SQLite at `file` otherwise. */
export function openDatabase(options: { databaseUrl?: string | undefined; sqliteFile?: string }): Db {
  if (options.databaseUrl) {
    // While PostgreSQL is unreachable a request fails fast (503, see src/db/unavailable.ts) instead of hanging:
    // connecting, or waiting for a free pooled client, gives up after a few seconds; dead sockets are noticed by
    // TCP keep-alive. The pool drops broken clients and opens new ones once the database is back, without a restart.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    // An idle client losing its connection emits 'error' on the pool, and a checked-out one (between a transaction's
    // queries) on the client: unhandled, either would crash the process. The failed query reports the error itself.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // The planner's statistics (which index narrows a listing most), refreshed from samples where they are stale or missing.
  sqlite.pragma('analysis_limit = 1000');
  if (file !== ':memory:') {
    try {
      sqlite.pragma('optimize = 0x10002');
    } catch {
      // Another process is writing (a seed, a restore): the statistics wait for the next start.
    }
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** Prepared statements kept per SQLite connection: preparing costs several times what running a small query does. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely's SQLite dialect sees it, with each statement prepared once and reused (least recently used
 * dropped past STATEMENT_CACHE_SIZE). `all` and `run` finish before they return, so a kept statement is never busy;
 * `iterate` (streaming reads) gets a statement of its own, since a stream may still be open when the same SQL runs again.
 */
function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(source: string): SqliteStatementLike } {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string): SqliteStatementLike {
      let statement = kept.get(source);
      if (statement) {
        kept.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (kept.size >= STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value as string);
      }
      kept.set(source, statement);
      const prepared = statement;
      return {
        reader: prepared.reader,
        all: (parameters) => prepared.all(parameters),
        run: (parameters) => prepared.run(parameters),
        iterate: (parameters) => sqlite.prepare(source).iterate(parameters),
      };
    },
  };
}

interface SqliteStatementLike {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/** Opens the database the configuration names: DATABASE_URL, or SQLite at DATA_DIR/chapterhouse.db. */
export function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Db {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'chapterhouse.db') });
}

/** Brings the schema up to date; safe to call on every start. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Unless told the schema, Kysely looks for its migration tables in every schema of a PostgreSQL database, so
  // another schema's tables (tests run one schema per suite, side by side) would make it skip creating ours.
  const schema = isPostgres(db) ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
