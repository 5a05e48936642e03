import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { migrateToLatest, type Db, type DbLike } from '../db/connection.js';
import { migrations } from '../db/migrations/index.js';
import { rebuildSearchIndex } from '../search/search.js';
import { rebuildAllWorkFilters } from '../listings/work-filters.queries.js';
import { migrateToBackupLevel } from './backup-migrations.js';
import {
  advanceIdSequence,
  analyzeTable,
  deleteAllRows,
  insertRows,
  listAppliedMigrations,
  listTableColumns,
  tableHasRows,
  updateColumnById,
  type SqlValue,
} from './backup.queries.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  decodeValue,
  parseLine,
  splitLines,
  type BackupFooter,
  type BackupHeader,
} from './backup-format.js';
import { BACKUP_TABLES, type BackupTable } from './backup-tables.js';

// `chapterhouse restore`: loads a backup into an empty database of either engine. The schema is created at the
// backup's migration level, every row goes in inside ONE transaction in foreign-key order, the checksum is
// verified before that transaction commits (a damaged file leaves the database as it was), and then the newer
// migrations of this code run over the restored data and the search index is rebuilt.

export interface RestoreProgress {
  readonly table: string;
  readonly done: number;
  readonly total: number;
}

export interface RestoreResult {
  readonly sha256: string;
  readonly totalRows: number;
  readonly rows: Readonly<Record<string, number>>;
  /** Migrations newer than the backup, applied after the data went in. */
  readonly migrated: readonly string[];
  readonly indexedWorks: number;
}

/** site_settings may already hold the secret a first start generated; the backup's settings replace it. */
const REPLACED_TABLES = new Set(['site_settings']);
/** Bound parameters per insert statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const BATCH_TARGET_BYTES = 2 * 1024 * 1024;

type Lines = AsyncGenerator<Buffer>;

/** Restores the gzip'd backup read from `input` into `db`, which must be empty. */
export async function restoreBackup(
  db: Db,
  input: Readable,
  options: { onProgress?: (p: RestoreProgress) => void; onIndexed?: (works: number) => void } = {},
): Promise<RestoreResult> {
  const gunzip = zlib.createGunzip();
  // Errors of either stream surface where the lines are read.
  pipeline(input, gunzip).catch(() => undefined);
  const lines = splitLines(readDamageAware(gunzip));
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError('The backup file is empty.');
    const hash = crypto.createHash('sha256').update(first.value);
    const header = checkHeader(parseLine(first.value));

    await prepareSchema(db, header.migrations);
    const loaded = await db
      .transaction()
      .execute(async (trx) => {
        await refuseNonEmpty(trx, header);
        for (const table of REPLACED_TABLES) await deleteAllRows(trx, table);
        return loadRows(trx, header, lines, hash, options.onProgress);
      })
      .catch((error: unknown) => {
        // A row the database refuses (a damaged value breaking a constraint) stops the restore before the checksum
        // is reached; either way the transaction rolled back.
        if (error instanceof BackupError) throw error;
        throw new BackupError(`The restore stopped: ${(error as Error).message}. Nothing was restored; check that the file is a complete, undamaged backup.`);
      });

    const migrated = await migrateToLatest(db);
    await rebuildAllWorkFilters(db);
    for (const { name } of [...header.tables, { name: 'work_filters' }]) await analyzeTable(db, name);
    const indexedWorks = await db.transaction().execute((trx) => rebuildSearchIndex(trx, { ...(options.onIndexed ? { onBatch: options.onIndexed } : {}) }));
    return { ...loaded, migrated, indexedWorks };
  } finally {
    await lines.return(undefined);
    input.destroy();
  }
}

/** Turns zlib's errors (a flipped byte, a cut-off file) into a message for the operator. */
async function* readDamageAware(gunzip: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* gunzip;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new BackupError(`The backup file is damaged and cannot be read (${(error as Error).message}). Nothing was restored.`);
    }
    throw error;
  }
}

function checkHeader(value: unknown): BackupHeader {
  const header = value as Partial<BackupHeader> | null;
  if (!header || typeof header !== 'object' || header.format !== BACKUP_FORMAT) throw new BackupError('This file is not a Chapterhouse backup.');
  if (typeof header.format_version !== 'number' || header.format_version > BACKUP_FORMAT_VERSION) {
    throw new BackupError(`This backup uses format version ${String(header.format_version)}, newer than this version of Chapterhouse reads. Upgrade Chapterhouse first.`);
  }
  if (!Array.isArray(header.migrations) || !Array.isArray(header.tables) || typeof header.id_sequences !== 'object') {
    throw new BackupError('The backup header is incomplete.');
  }
  const known = Object.keys(migrations);
  header.migrations.forEach((name, i) => {
    if (known[i] !== name) {
      throw new BackupError(
        known.includes(name)
          ? `The backup's migrations are not in this code's order (${name}); it was made by a different build of Chapterhouse.`
          : `The backup was made by a newer version of Chapterhouse (${header.app_version ?? 'unknown'}): its migration ${name} is unknown here. Upgrade Chapterhouse, then restore.`,
      );
    }
  });
  return header as BackupHeader;
}

/** Creates the schema the backup was taken at (later migrations run once the data is in). */
async function prepareSchema(db: Db, wanted: readonly string[]): Promise<void> {
  const applied = await listAppliedMigrations(db);
  const beyond = applied.find((name, i) => wanted[i] !== name);
  if (beyond !== undefined) {
    throw new BackupError(
      `The target database already has migration ${beyond}, which the backup predates. Restore into a new, empty database: the restore creates the schema itself.`,
    );
  }
  if (wanted.length) await migrateToBackupLevel(db, wanted[wanted.length - 1]!);
}

async function refuseNonEmpty(db: DbLike, header: BackupHeader): Promise<void> {
  for (const { name } of header.tables) {
    if (REPLACED_TABLES.has(name)) continue;
    if (await tableHasRows(db, name)) {
      throw new BackupError(`The target database is not empty (the ${name} table has rows). Restore only into a new, empty database; nothing was changed.`);
    }
  }
}

interface Section {
  readonly table: BackupTable;
  readonly columns: readonly string[];
  readonly expected: number;
  batch: SqlValue[][];
  batchBytes: number;
  count: number;
  /** Self-references to rows not inserted yet: [id, column, value]. */
  readonly later: [number, string, SqlValue][];
}

async function loadRows(db: DbLike, header: BackupHeader, lines: Lines, hash: crypto.Hash, onProgress?: (p: RestoreProgress) => void): Promise<Omit<RestoreResult, 'migrated' | 'indexedWorks'>> {
  const total = header.tables.reduce((sum, t) => sum + t.rows, 0);
  const counts: Record<string, number> = {};
  let done = 0;
  let section: Section | undefined;
  let nextTable = 0;

  const finishSection = async () => {
    if (!section) return;
    await flush(db, section);
    for (const [id, column, value] of section.later) await updateColumnById(db, section.table.name, column, id, value);
    if (section.count !== section.expected) throw new BackupError(`The backup is inconsistent: ${section.table.name} has ${section.count} rows, its header says ${section.expected}.`);
    counts[section.table.name] = section.count;
    section = undefined;
  };

  for (;;) {
    const next = await lines.next();
    if (next.done) throw new BackupError('The backup file is incomplete: it ends before its footer. Nothing was restored.');
    const line = next.value;
    const value = parseLine(line);
    if (Array.isArray(value)) {
      if (!section) throw new BackupError('The backup file is damaged: rows before any table.');
      hash.update(line);
      addRow(section, value, line.length);
      done += 1;
      if (section.batch.length * section.columns.length >= MAX_PARAMETERS - section.columns.length || section.batchBytes >= BATCH_TARGET_BYTES) {
        await flush(db, section);
        onProgress?.({ table: section.table.name, done, total });
      }
      continue;
    }
    const object = (value ?? {}) as Partial<BackupFooter & { table: string; columns: string[] }>;
    if (typeof object.table === 'string') {
      hash.update(line);
      await finishSection();
      const entry = header.tables[nextTable];
      if (!entry || entry.name !== object.table) throw new BackupError(`The backup file is damaged: the table ${object.table} is out of place.`);
      nextTable += 1;
      section = await openSection(db, object.table, object.columns, entry.rows);
      onProgress?.({ table: object.table, done, total });
      continue;
    }
    if (object.end === true) {
      await finishSection();
      const sha256 = hash.digest('hex');
      if (sha256 !== object.sha256) throw new BackupError('The backup file is damaged: its checksum does not match its content. Nothing was restored.');
      if (nextTable !== header.tables.length) throw new BackupError('The backup file is damaged: some tables are missing.');
      for (const [name, rows] of Object.entries(counts)) {
        if (object.rows?.[name] !== rows) throw new BackupError(`The backup file is damaged: the footer counts ${String(object.rows?.[name])} rows of ${name}, the file holds ${rows}.`);
      }
      // Reading to the end also makes gzip check its own CRC before anything commits.
      if (!(await lines.next()).done) throw new BackupError('The backup file is damaged: there is data after its footer.');
      // Rows went in with their ids, which PostgreSQL's identity sequences do not notice: move each past them.
      for (const { name } of header.tables) {
        if (BACKUP_TABLES.find((t) => t.name === name)?.key.join() === 'id') await advanceIdSequence(db, name, Number(header.id_sequences[name] ?? 0));
      }
      onProgress?.({ table: '', done, total });
      return { sha256, totalRows: done, rows: counts };
    }
    throw new BackupError('The backup file is damaged: a line is neither a table, a row nor the footer.');
  }
}

async function openSection(db: DbLike, name: string, columns: unknown, expected: number): Promise<Section> {
  const table = BACKUP_TABLES.find((t) => t.name === name);
  if (!table) throw new BackupError(`The backup holds the table ${name}, which this version of Chapterhouse does not restore.`);
  if (!Array.isArray(columns) || !columns.every((c): c is string => typeof c === 'string')) throw new BackupError(`The backup file is damaged: the columns of ${name} are unreadable.`);
  const target = new Set((await listTableColumns(db, name)).map((c) => c.name));
  const missing = columns.filter((c) => !target.has(c));
  if (missing.length) throw new BackupError(`The target's ${name} table has no column ${missing.join(', ')}: the schemas differ.`);
  return { table, columns, expected, batch: [], batchBytes: 0, count: 0, later: [] };
}

function addRow(section: Section, raw: unknown[], bytes: number): void {
  if (raw.length !== section.columns.length) throw new BackupError(`The backup file is damaged: a row of ${section.table.name} has ${raw.length} values for ${section.columns.length} columns.`);
  const row = raw.map(decodeValue);
  const refs = section.table.selfReferences;
  if (refs) {
    const id = row[section.columns.indexOf('id')];
    for (const column of refs) {
      const index = section.columns.indexOf(column);
      const target = row[index];
      // Rows arrive in id order: a reference to a higher id points at a row not inserted yet.
      if (typeof id === 'number' && typeof target === 'number' && target > id) {
        section.later.push([id, column, target]);
        row[index] = null;
      }
    }
  }
  section.batch.push(row);
  section.batchBytes += bytes;
  section.count += 1;
}

async function flush(db: DbLike, section: Section): Promise<void> {
  await insertRows(db, section.table.name, section.columns, section.batch);
  section.batch = [];
  section.batchBytes = 0;
}
