import fs from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { findUserById } from '../accounts/users.queries.js';
import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { buildWorkEpub } from '../downloads/epub.js';
import { randomToken } from '../http/crypto.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.js';
import { queueEmail } from '../mail/mailer.js';
import { escapeHtml } from '../notifications/notification-email.js';
import { incrementUnread, insertNotification } from '../notifications/notifications.queries.js';
import { buildExportDocument } from './export-document.js';
import { EXPORT_JSON_NAME } from './export-format.js';
import { findExport, markExportFailed, markExportReady, readyExports } from './exports.queries.js';
import { EXPORT_BUILD_JOB, EXPORT_DAYS, EXPORT_EXPIRE_JOB, expireExport, exportDownloadPath, exportsDir } from './exports.js';

// The export jobs. `export.build` gathers the user's data, writes the zip (JSON document plus an EPUB of each posted
// work) under a random file name, marks the export ready, tells the user (inbox, and email unless they turned
// notification email off) and schedules `export.expire`, which removes the file when the link stops working.

/** Writes the zip for one export and returns its file name and size. */
async function writeExportZip(db: DbLike, config: Config, exportId: number, userId: number): Promise<{ name: string; size: number } | undefined> {
  const user = await findUserById(db, userId);
  if (!user) return undefined;
  const doc = await buildExportDocument(db, user, config.baseUrl, (_id, posted) => posted);
  const files: Zippable = { [EXPORT_JSON_NAME]: strToU8(JSON.stringify(doc, null, 2)) };
  for (const work of doc.works) {
    // EPUBs are already compressed: stored as they are.
    if (work.epub) files[work.epub] = [await buildWorkEpub(db, work.id, { baseUrl: config.baseUrl }), { level: 0 }];
  }
  const dir = exportsDir(config);
  await fs.promises.mkdir(dir, { recursive: true });
  const name = `export-${exportId}-${randomToken(12)}.zip`;
  const bytes = zipSync(files, { level: 6 });
  // Written under a temporary name and renamed, so a half-written file is never served.
  const temporary = path.join(dir, `${name}.part`);
  await fs.promises.writeFile(temporary, bytes);
  await fs.promises.rename(temporary, path.join(dir, name));
  return { name, size: bytes.byteLength };
}

/** The export job handlers, given the configuration and the site secret that signs download links. */
export function exportHandlers(config: Config, secret: string): ReadonlyArray<readonly [string, JobHandler]> {
  const build: JobHandler = async (payload, { db, log }) => {
    const exp = await findExport(db, Number(payload.export_id));
    if (!exp || exp.status !== 'pending') return;
    let file: { name: string; size: number } | undefined;
    try {
      file = await writeExportZip(db, config, exp.id, exp.user_id);
    } catch (error) {
      log.error({ err: error, export_id: exp.id }, 'export failed');
      await markExportFailed(db, exp.id, 'The export could not be built.');
      return;
    }
    if (!file) return;
    const at = now();
    const expiresAt = new Date(Date.parse(at) + EXPORT_DAYS * 86_400_000).toISOString();
    await db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, exp.user_id);
      if (!user) {
        // The account was deleted while its export was being built: nothing may be left behind.
        await fs.promises.rm(path.join(exportsDir(config), file.name), { force: true });
        return;
      }
      await markExportReady(trx, exp.id, file, at, expiresAt);
      await enqueueJob(trx, EXPORT_EXPIRE_JOB, { export_id: exp.id }, { dedupeKey: `${EXPORT_EXPIRE_JOB}:${exp.id}`, runAt: new Date(expiresAt) });
      const dedupeKey = `export:${exp.id}`;
      if (await insertNotification(trx, user.id, { kind: 'export', workId: null, chapterId: null, seriesId: null, commentId: null, actorId: null, actorName: null, dedupeKey, at })) {
        await incrementUnread(trx, [user.id]);
      }
      if (user.email_frequency !== 'off' && user.email_confirmed_at) {
        const link = `${config.baseUrl}${exportDownloadPath(secret, { ...exp, status: 'ready' })}`;
        const until = expiresAt.slice(0, 10);
        await queueEmail(trx, config, log, {
          userId: user.id,
          to: user.email,
          subject: 'Your Chapterhouse data export is ready',
          text: `Your data export is ready.\n\nDownload it (sign in as ${user.username} first): ${link}\n\nThe link works until ${until}; after that, request a new export from your settings.\n`,
          html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Chapterhouse</title></head><body style="font-family:Georgia,serif;line-height:1.5;color:#1f1f1f"><p>Your data export is ready.</p><p><a href="${escapeHtml(link)}">Download it</a> (sign in as ${escapeHtml(user.username)} first).</p><p>The link works until ${escapeHtml(until)}; after that, request a new export from your settings.</p></body></html>`,
          dedupeKey: dedupeKey,
        });
      }
    });
  };

  const expire: JobHandler = async (_payload, { db }) => {
    // Every export past its time, not only the one named: a missed run is made up by the next.
    for (const exp of await readyExports(db, { expiredBy: now() })) await expireExport(db, config, exp);
  };

  return [
    [EXPORT_BUILD_JOB, build],
    [EXPORT_EXPIRE_JOB, expire],
  ];
}
