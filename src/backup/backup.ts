import crypto from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Db, DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import { flushBufferedHits } from '../history/hit-buffer.js';
import {
  countTableRows,
  listAppliedMigrations,
  listDatabaseTables,
  listTableColumns,
  readIdSequences,
  readRowsAfter,
  type ColumnInfo,
  type SqlValue,
} from './backup.queries.js';
import {
  appVersion,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  encodeLine,
  encodeValue,
  type BackupFooter,
  type BackupHeader,
} from './backup-format.js';
import { BACKUP_TABLES, unknownTables, type BackupTable } from './backup-tables.js';

// `chapterhouse backup`: one consistent snapshot of the whole site, taken while it keeps serving. Everything is
// read inside one transaction (PostgreSQL: REPEATABLE READ, read only; SQLite: one read transaction, which WAL
// keeps at its starting snapshot while writers go on), in keyset pages, and streamed through gzip to the file, so
// memory stays flat however large the site grows.

export interface BackupProgress {
  readonly table: string;
  readonly done: number;
  readonly total: number;
}

export interface BackupResult {
  readonly sha256: string;
  readonly rows: Readonly<Record<string, number>>;
  readonly totalRows: number;
}

/** Column types a backup carries faithfully; anything else stops it rather than being written wrongly. */
const CARRIED_TYPES = new Set(['integer', 'int', 'int4', 'bigint', 'int8', 'smallint', 'text', 'character varying', 'varchar', 'blob', 'bytea', 'real', 'double precision', 'numeric']);

/** Rows a keyset page aims at, in bytes: chapters run large, so the page size follows the size of the rows. */
const PAGE_TARGET_BYTES = 2 * 1024 * 1024;

/** Writes a backup of `db` to `output` (gzip'd JSON Lines). */
export async function writeBackup(db: Db, output: Writable, options: { onProgress?: (p: BackupProgress) => void } = {}): Promise<BackupResult> {
  // Hits and visits this process holds back for a second (hit-buffer.ts) go in first.
  await flushBufferedHits(db);
  const present = await listDatabaseTables(db);
  if (!present.includes('kysely_migration')) throw new BackupError('The database has no Chapterhouse schema: nothing to back up. Check DATA_DIR or DATABASE_URL.');
  const unknown = unknownTables(present);
  if (unknown.length) {
    throw new BackupError(
      `The database has tables the backup does not know: ${unknown.join(', ')}. Add each to BACKUP_TABLES or SKIPPED_TABLES in src/backup/backup-tables.ts.`,
    );
  }
  const transaction = isPostgres(db) ? db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : db.transaction();
  return transaction.execute(async (trx) => {
    let result: BackupResult | undefined;
    // A database not yet migrated to this code's latest schema lacks the newest tables; the rest is backed up.
    const tables = BACKUP_TABLES.filter((t) => present.includes(t.name));
    const lines = backupLines(trx, tables, options.onProgress, (r) => (result = r));
    await pipeline(Readable.from(lines, { highWaterMark: 2 }), zlib.createGzip(), output);
    if (!result) throw new Error('The backup stream ended before its footer.');
    return result;
  });
}

async function* backupLines(db: DbLike, included: readonly BackupTable[], onProgress: ((p: BackupProgress) => void) | undefined, done: (r: BackupResult) => void): AsyncGenerator<Buffer> {
  const hash = crypto.createHash('sha256');
  const emit = (value: unknown): Buffer => {
    const line = encodeLine(value);
    hash.update(line);
    return line;
  };

  // Counted inside the snapshot, so the header's counts are exactly the rows that follow.
  const tables: { table: BackupTable; rows: number; columns: ColumnInfo[] }[] = [];
  for (const table of included) {
    const columns = await listTableColumns(db, table.name);
    for (const column of columns) {
      if (!CARRIED_TYPES.has(column.type)) {
        throw new BackupError(`The column ${table.name}.${column.name} has the type ${column.type}, which the backup format does not carry yet.`);
      }
    }
    tables.push({ table, rows: await countTableRows(db, table.name), columns });
  }
  const total = tables.reduce((sum, t) => sum + t.rows, 0);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    format_version: BACKUP_FORMAT_VERSION,
    app_version: appVersion(),
    engine: isPostgres(db) ? 'postgresql' : 'sqlite',
    created_at: new Date().toISOString(),
    migrations: await listAppliedMigrations(db),
    tables: tables.map((t) => ({ name: t.table.name, rows: t.rows })),
    id_sequences: await readIdSequences(db, included.filter((t) => t.key.length === 1 && t.key[0] === 'id').map((t) => t.name)),
  };
  yield emit(header);

  const counts: Record<string, number> = {};
  let doneRows = 0;
  for (const { table, columns } of tables) {
    const names = columns.map((c) => c.name);
    const keyIndexes = table.key.map((k) => names.indexOf(k));
    if (keyIndexes.some((i) => i < 0)) throw new BackupError(`The table ${table.name} has no column ${table.key.join(', ')} to order by.`);
    yield emit({ table: table.name, columns: names });
    onProgress?.({ table: table.name, done: doneRows, total });
    let count = 0;
    let pageSize = 64;
    let after: SqlValue[] | undefined;
    for (;;) {
      const rows = await readRowsAfter(db, table.name, names, table.key, after, pageSize);
      // One page goes down the stream as one chunk: per-line chunks would cost more in stream overhead than in gzip.
      const page = rows.map((row) => emit(row.map(encodeValue)));
      const bytes = page.reduce((sum, line) => sum + line.length, 0);
      if (page.length) yield Buffer.concat(page, bytes);
      count += rows.length;
      doneRows += rows.length;
      if (rows.length) onProgress?.({ table: table.name, done: doneRows, total });
      if (rows.length < pageSize) break;
      after = keyIndexes.map((i) => rows[rows.length - 1]![i]!);
      pageSize = Math.max(16, Math.min(4096, pageSize * 4, Math.round((pageSize * PAGE_TARGET_BYTES) / Math.max(bytes, 1))));
    }
    counts[table.name] = count;
  }
  const sha256 = hash.digest('hex');
  const footer: BackupFooter = { end: true, rows: counts, sha256 };
  yield encodeLine(footer);
  done({ sha256, rows: counts, totalRows: doneRows });
}
