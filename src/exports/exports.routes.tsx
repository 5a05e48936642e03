import fs from 'node:fs';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { BadRequest, ImportRefused } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { importExportZip } from './export-import.js';
import { currentExport, exportDownloadPath, openExportDownload, requestExport } from './exports.js';
import { EXPORT_PATH, ExportPage } from './exports.views.js';

/** "Your data": /settings/export (request, status, download) and /settings/export/import. */
export const exportRoutes = new Hono<AppEnv>();

async function renderPage(c: Context<AppEnv>, importForm: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const { db, secret } = c.get('services');
  const latest = await currentExport(db, user);
  const downloadPath = latest?.status === 'ready' ? exportDownloadPath(secret, latest) : undefined;
  c.header('Cache-Control', 'no-store');
  return c.html(<ExportPage ctx={pageContext(c)} latest={latest} downloadPath={downloadPath} timeZone={user.time_zone} importForm={importForm} />, status);
}

/** The uploaded file of a multipart request's `file` field, as bytes. */
export async function uploadedFile(c: Context<AppEnv>): Promise<Uint8Array> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw BadRequest('The form data could not be read.');
  }
  const value = body.file;
  const file = Array.isArray(value) ? value[value.length - 1] : value;
  if (!(file instanceof File) || file.size === 0) throw ImportRefused('Choose the export zip to upload.');
  return new Uint8Array(await file.arrayBuffer());
}

exportRoutes.get(EXPORT_PATH, (c) => renderPage(c, emptyForm, 200));

exportRoutes.post(EXPORT_PATH, async (c) => {
  const user = requireUser(c);
  await requestExport(c.get('services').db, user);
  return redirectWithFlash(c, EXPORT_PATH, 'Your export is being prepared. You will be notified when it is ready.');
});

exportRoutes.post(`${EXPORT_PATH}/import`, async (c) => {
  const user = requireUser(c);
  return onInvalid(
    async () => {
      const summary = await importExportZip(c.get('services').db, user, await uploadedFile(c));
      const works = summary.works === 1 ? '1 work' : `${summary.works} works`;
      return redirectWithFlash(c, `/users/${encodeURIComponent(user.username)}`, `Imported ${works} (${summary.chapters} chapters) and ${summary.series} series.`);
    },
    (errors) => renderPage(c, { values: {}, errors }, 422),
  );
});

exportRoutes.get(`${EXPORT_PATH}/:token`, async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const download = await openExportDownload(db, config, secret, user, c.req.param('token'));
  const stream = Readable.toWeb(fs.createReadStream(download.file)) as ReadableStream<Uint8Array>;
  return c.body(stream, 200, {
    'Content-Type': 'application/zip',
    'Content-Length': String(download.size),
    'Content-Disposition': `attachment; filename="${download.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
  });
});
