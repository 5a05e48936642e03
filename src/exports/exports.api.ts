import { Hono } from 'hono';
import type { Export } from '../db/schema.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { importExportZip } from './export-import.js';
import { currentExport, exportDownloadPath, requestExport } from './exports.js';
import { uploadedFile } from './exports.routes.js';

/** The API twins of "Your data": /api/v1/me/export and /api/v1/me/import-export. */
export const exportApi = new Hono<AppEnv>();

const STATUS_PATH = '/api/v1/me/export';

function presentExport(exp: Export, baseUrl: string, secret: string) {
  return {
    id: exp.id,
    status: exp.status,
    requested_at: exp.created_at,
    ready_at: exp.ready_at,
    expires_at: exp.status === 'ready' ? exp.expires_at : null,
    size_bytes: exp.status === 'ready' ? exp.size_bytes : null,
    download_url: exp.status === 'ready' ? `${baseUrl}${exportDownloadPath(secret, exp)}` : null,
    status_url: `${baseUrl}${STATUS_PATH}`,
  };
}

exportApi.post(STATUS_PATH, async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const exp = await requestExport(db, user);
  c.header('Location', `${config.baseUrl}${STATUS_PATH}`);
  return c.json(presentExport(exp, config.baseUrl, secret), 202);
});

exportApi.get(STATUS_PATH, async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const exp = await currentExport(db, user);
  if (!exp) throw NotFound('export');
  c.header('Cache-Control', 'no-store');
  return c.json(presentExport(exp, config.baseUrl, secret));
});

exportApi.post('/api/v1/me/import-export', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const summary = await importExportZip(db, user, await uploadedFile(c));
  return c.json(
    {
      works: summary.works,
      chapters: summary.chapters,
      series: summary.series,
      imported_works: [...summary.workIds].map(([from, to]) => ({ exported_id: from, id: to, url: `${config.baseUrl}/works/${to}` })),
    },
    201,
  );
});
