import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { viewerMutes, withoutMutedWorks } from '../blocks/muting.js';
import type { Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { DownloadsOff, Gone, NotFound } from '../http/errors.js';
import { idParam } from '../http/params.js';
import { etagMatches } from '../http/page-cache.js';
import { findSeries, listSeriesParts, seriesAuthorNames } from '../series/series.queries.js';
import { loadWorkDetails } from '../works/work-details.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { downloadVersion, loadBookWorks } from './book.js';
import { adultGate } from './download-access.js';
import { cachedDownload, cachedDownloadTime, downloadCacheDir } from './download-cache.js';
import { contentDisposition } from './file-names.js';
import { buildSeriesEpub, workEpub } from './epub.js';
import { HTML_STYLE_SOURCE, workHtml } from './html-download.js';
import { hiddenFrom } from '../moderation/moderation.policy.js';

// GET /works/:id/download.epub and .html, GET /series/:id/download.epub: built on demand, cached on disk until
// what they show changes, with an ETag and a Last-Modified for conditional requests. Pages and API clients use the
// same URLs.

export const downloadRoutes = new Hono<AppEnv>();

const TYPES = { epub: 'application/epub+zip', html: 'text/html; charset=utf-8' } as const;
type Format = keyof typeof TYPES;

/** The cache version for this site: the content version, salted with the site's secret so sites never share files. */
function siteVersion(c: Context<AppEnv>, version: string): string {
  return crypto.createHash('sha256').update(`${c.get('services').secret}\n${version}`).digest('hex').slice(0, 24);
}

/** Answers with a cached download, or 304 when the client already holds this version (by ETag or by date). */
async function sendDownload(c: Context<AppEnv>, options: { stem: string; version: string; format: Format; title: string; fallbackName: string; build: () => Promise<Uint8Array> | Uint8Array }): Promise<Response> {
  const version = siteVersion(c, options.version);
  const etag = `"${options.format}-${version}"`;
  c.header('ETag', etag);
  // Private: who may have a file depends on the reader (drafts, mutes, the adult gate); no-cache: always revalidate.
  c.header('Cache-Control', 'private, no-cache');
  const dir = downloadCacheDir(c.get('services').config.dataDir);
  const ifNoneMatch = c.req.header('if-none-match');
  // If-None-Match, when sent, decides alone (RFC 9110 §13.2.2); If-Modified-Since is for clients that kept only the date.
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, etag)) return c.body(null, 304);
  } else {
    const since = Date.parse(c.req.header('if-modified-since') ?? '');
    // A date in the future is not one this site sent (RFC 9110 §13.1.3): ignored.
    const modified = Number.isNaN(since) || since > Date.now() ? undefined : lastModified(await cachedDownloadTime(dir, options.stem, version, options.format));
    if (modified && wholeSeconds(modified) <= since) {
      c.header('Last-Modified', modified.toUTCString());
      return c.body(null, 304);
    }
  }
  const download = await cachedDownload(dir, options.stem, version, options.format, options.build);
  const bytes = download.bytes;
  const modified = lastModified(download.modified);
  if (modified) c.header('Last-Modified', modified.toUTCString());
  c.header('Content-Type', TYPES[options.format]);
  c.header('Content-Disposition', contentDisposition(options.title, options.fallbackName, options.format));
  c.header('Content-Length', String(bytes.byteLength));
  // If a browser ever renders the file in place: its own inline style only, nothing runs, nothing loads.
  if (options.format === 'html') c.header('Content-Security-Policy', `default-src 'none'; style-src ${HTML_STYLE_SOURCE}; img-src https: data:; frame-ancestors 'none'; sandbox`);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}

/** A time as an HTTP date holds it (to the second), in milliseconds. */
function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * A file's time as a Last-Modified, once its second is over. An HTTP date holds whole seconds, so a file written in
 * the same second as another version would share its date; a version only ever replaces the others (download-cache.ts),
 * so once a file's second has passed no other version can carry that date, and If-Modified-Since answers are sound.
 * Until then the ETag alone validates (RFC 9110 §8.8.2.2 treats such a date as weak).
 */
function lastModified(modified: Date | undefined): Date | undefined {
  return modified && Date.now() - wholeSeconds(modified) >= 1000 ? modified : undefined;
}

/** Downloads turned off in the site settings: 403 with a clear message, before any lookup. */
function requireDownloads(c: Context<AppEnv>): void {
  if (!c.get('settings').downloads_enabled) throw DownloadsOff();
}

async function sendWork(c: Context<AppEnv>, format: Format): Promise<Response> {
  requireDownloads(c);
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  const authorIds = await workAuthorIds(db, id);
  authorizeWorkRead(c.get('user'), work, authorIds);
  const [details] = await loadWorkDetails(db, [work]);
  const gate = await adultGate(c, [{ details: details!, authorIds }]);
  if (gate) return gate;
  return sendDownload(c, {
    stem: `work-${id}`,
    version: await downloadVersion(db, [details!], config.baseUrl),
    format,
    title: work.title,
    fallbackName: `work-${id}`,
    build: async () => {
      const [book] = await loadBookWorks(db, [work], config.baseUrl);
      return format === 'epub' ? workEpub(book!) : new TextEncoder().encode(workHtml(book!));
    },
  });
}

downloadRoutes.get('/works/:id{[0-9]+}/download.epub', (c) => sendWork(c, 'epub'));
downloadRoutes.get('/works/:id{[0-9]+}/download.html', (c) => sendWork(c, 'html'));

downloadRoutes.get('/series/:id{[0-9]+}/download.epub', async (c) => {
  requireDownloads(c);
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'series');
  const series = await findSeries(db, id);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  const user = c.get('user');
  if (hiddenFrom(user, series.hidden_at, [series.user_id])) throw NotFound('series');
  const canEdit = user !== undefined && (user.id === series.user_id || user.is_admin === 1);
  // Posted parts only (a series download is the book every reader gets), without muted authors' parts, as on the
  // series page; its owner gets every posted part.
  const parts = await withoutMutedWorks(db, await listSeriesParts(db, id, false), (p) => p.work_id, canEdit ? [] : await viewerMutes(db, user));
  const works = (await Promise.all(parts.map((p) => findWork(db, p.work_id)))).filter((w): w is Work => w !== undefined);
  const details = await loadWorkDetails(db, works);
  const candidates = await Promise.all(details.map(async (d) => ({ details: d, authorIds: await workAuthorIds(db, d.work.id) })));
  const gate = await adultGate(c, candidates);
  if (gate) return gate;
  const authors = await seriesAuthorNames(db, id, series.user_id);
  const positions = parts.map((p) => p.position);
  return sendDownload(c, {
    stem: `series-${id}`,
    version: await downloadVersion(db, details, config.baseUrl, { series, authors, positions }),
    format: 'epub',
    title: series.title,
    fallbackName: `series-${id}`,
    build: async () => buildSeriesEpub(series, await loadBookWorks(db, works, config.baseUrl), positions, authors, config.baseUrl),
  });
});
