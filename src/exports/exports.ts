import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Export, User } from '../db/schema.js';
import { safeEqual, sign } from '../http/crypto.js';
import { ExportExpired, ExportPending, NotFound } from '../http/errors.js';
import { enqueueJob } from '../jobs/jobs.js';
import { findExport, hasPendingExport, insertExport, latestExport, markExportExpired } from './exports.queries.js';

// Personal exports: a reader asks, the `export.build` job writes a zip under DATA_DIR/exports, and a secret link
// lets its owner (and only its owner, signed in) download it for EXPORT_DAYS days. The link's secret is an HMAC
// of the export row under the site secret, so nothing usable is stored in the database.

export const EXPORT_DAYS = 7;
export const EXPORT_BUILD_JOB = 'export.build';
export const EXPORT_EXPIRE_JOB = 'export.expire';
/** A request still pending after this long (a crashed build) no longer blocks a new one. */
const PENDING_BLOCKS_MS = 3600_000;

/** The folder export zips are written to. */
export function exportsDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'exports');
}

/** The secret part of an export's download link. */
export function exportToken(secret: string, exp: Pick<Export, 'id' | 'user_id' | 'created_at'>): string {
  return `${exp.id}-${sign(secret, `export:${exp.id}:${exp.user_id}:${exp.created_at}`)}`;
}

/** The site path of an export's download link. */
export function exportDownloadPath(secret: string, exp: Export): string {
  return `/settings/export/${exportToken(secret, exp)}`;
}

/** Asks for a new export; one may be pending at a time (429 otherwise). */
export async function requestExport(db: Db, user: User): Promise<Export> {
  return db.transaction().execute(async (trx) => {
    if (await hasPendingExport(trx, user.id, new Date(Date.now() - PENDING_BLOCKS_MS).toISOString())) throw ExportPending();
    const exp = await insertExport(trx, user.id, now());
    await enqueueJob(trx, EXPORT_BUILD_JOB, { export_id: exp.id }, { dedupeKey: `${EXPORT_BUILD_JOB}:${exp.id}` });
    return exp;
  });
}

/** The user's latest export with its state as of now (a ready one past its time reads as expired). */
export async function currentExport(db: DbLike, user: User): Promise<Export | undefined> {
  const exp = await latestExport(db, user.id);
  if (exp && isExpired(exp)) return { ...exp, status: 'expired', file_name: null };
  return exp;
}

function isExpired(exp: Export): boolean {
  return exp.status === 'expired' || (exp.status === 'ready' && exp.expires_at !== null && exp.expires_at <= now());
}

/** Removes an export's file and marks it expired (safe to repeat). */
export async function expireExport(db: DbLike, config: Pick<Config, 'dataDir'>, exp: Export): Promise<void> {
  if (exp.file_name) await fs.promises.rm(path.join(exportsDir(config), path.basename(exp.file_name)), { force: true });
  await markExportExpired(db, exp.id);
}

/**
 * The file behind a download link, for its owner only: anyone else (or a wrong token) sees 404, so a link that
 * leaked reveals nothing; past its time the file is removed and the answer is 410.
 */
export async function openExportDownload(db: Db, config: Pick<Config, 'dataDir'>, secret: string, user: User, token: string): Promise<{ file: string; size: number; name: string }> {
  const match = /^(\d{1,12})-[A-Za-z0-9_-]{20,100}$/.exec(token);
  const exp = match ? await findExport(db, Number(match[1])) : undefined;
  if (!exp || exp.user_id !== user.id || !safeEqual(token, exportToken(secret, exp))) throw NotFound('export');
  if (isExpired(exp)) {
    await expireExport(db, config, exp);
    throw ExportExpired();
  }
  if (exp.status !== 'ready' || !exp.file_name) throw NotFound('export');
  const file = path.join(exportsDir(config), path.basename(exp.file_name));
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat) throw NotFound('export');
  return { file, size: stat.size, name: `chapterhouse-export-${user.username}-${exp.created_at.slice(0, 10)}.zip` };
}
