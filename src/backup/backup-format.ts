import fs from 'node:fs';
import type { SqlValue } from './backup.queries.js';

// The backup file: gzip'd JSON Lines, the same for both engines (docs/operations.md describes it for operators).
//   line 1      the header: format, versions, the migration list, the tables with their row counts
//   per table   {"table": name, "columns": [...]}, then one JSON array per row, values in `columns` order
//   last line   the footer: row counts per table and the SHA-256 of every byte (uncompressed) before the footer
// Values are integers, text and null (flags are 0/1, times ISO 8601 text); binary values, should a table ever hold
// any, are written as {"$base64": "..."}.

export const BACKUP_FORMAT = 'chapterhouse-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** A line longer than this is a damaged file, not a row: the largest chapter row is a few tens of megabytes. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly format_version: number;
  readonly app_version: string;
  /** sqlite or postgresql: where the backup came from (restore works into either). */
  readonly engine: string;
  readonly created_at: string;
  /** The migrations the source database had applied, oldest first. */
  readonly migrations: readonly string[];
  /** Tables in restore order, with the rows each holds in the snapshot. */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  /** The last generated id of each table, so a restored site never hands an id out twice. */
  readonly id_sequences: Readonly<Record<string, number>>;
}

export interface TableLine {
  readonly table: string;
  readonly columns: readonly string[];
}

export interface BackupFooter {
  readonly end: true;
  readonly rows: Readonly<Record<string, number>>;
  readonly sha256: string;
}

/** A problem with a backup or its target that the operator must fix; the message says what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

type JsonValue = string | number | null | { $base64: string };

/** A database value as it is written to the file. */
export function encodeValue(value: SqlValue): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return { $base64: Buffer.from(value).toString('base64') };
}

/** A value read from the file, ready to bind to a statement. */
export function decodeValue(value: unknown): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'object' && typeof (value as { $base64?: unknown }).$base64 === 'string') {
    return Buffer.from((value as { $base64: string }).$base64, 'base64');
  }
  throw new BackupError(`The backup holds a value this version cannot read: ${JSON.stringify(value).slice(0, 80)}`);
}

/** One line of the file: its JSON and the newline. */
export function encodeLine(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) + '\n', 'utf8');
}

/**
 * Splits a byte stream into lines, each with its newline, without decoding: the checksum covers the exact bytes.
 * A complete file ends with a newline, so bytes after the last one mean the file was cut short.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline + 1);
      yield pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw new BackupError('The backup file is damaged: a line is longer than any row can be.');
    }
  }
  if (pending.length) throw new BackupError('The backup file is incomplete: it ends in the middle of a line. Nothing was restored.');
}

/** Parses one line's JSON, or says the file is damaged. */
export function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    throw new BackupError('The backup file is damaged: a line is not valid JSON.');
  }
}

// Inlined by bin/build.js in the bundle the server runs from.
declare const CHAPTERHOUSE_VERSION: string | undefined;

/** This code's version, from package.json. */
export function appVersion(): string {
  if (typeof CHAPTERHOUSE_VERSION === 'string') return CHAPTERHOUSE_VERSION;
  const text = fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
