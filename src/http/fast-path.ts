import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from './env.js';
import { recordBufferedHit } from '../history/hit-buffer.js';
import { clientIpOf } from './client-ip.js';
import { sign } from './crypto.js';
import { etagMatches, pageCacheFor, type CachedPage } from './page-cache.js';
import { SITE_CSP, securityHeaderPairs } from './request-log.js';
import { servePersonalPage } from './personal-splice.js';
import { SHARED_CACHE_CONTROL, sharedKeyOf } from './shared-pages.js';

// The render cache answered straight from Node's request, before Hono builds a Request, runs the middleware and
// renders: a guest's cached page costs a key lookup and one write. Everything else (a miss, a signed-in reader, a
// write) goes to the app, which stores what the next guest will be served here. The answer is the one the app's
// own cache path gives (src/http/shared-pages.ts), headers included; tests hold both to the same page.

/**
 * The server's request listener: a guest's cached page, then a signed-in reader's chapter page from its stored parts
 * (src/http/personal-splice.ts), then the app (`handle`) for everything else.
 */
export function fastPathListener(services: Services, handle: (req: IncomingMessage, res: ServerResponse) => unknown): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (serveFromPageCache(req, res, services)) return;
    if (servePersonalPage(req, res, services, handle)) return;
    void handle(req, res);
  };
}

/** Answers the request from the render cache when it can; false when the app must handle it. */
export function serveFromPageCache(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  const search = query === -1 ? '' : url.slice(query);
  const headers = req.headers;
  const key = sharedKeyOf(req.method ?? 'GET', pathname, search, (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  });
  if (key === undefined) return false;
  const cache = pageCacheFor(services.db);
  const entry = cache.get(key);
  if (!entry) return false;
  cache.hits += 1;
  if (entry.hitWorkId !== undefined) countHit(req, services, entry.hitWorkId);
  writeCached(req, res, services, entry);
  return true;
}

function writeCached(req: IncomingMessage, res: ServerResponse, services: Services, entry: CachedPage): void {
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('ETag', entry.etag);
  res.setHeader('Cache-Control', SHARED_CACHE_CONTROL);
  res.setHeader('Vary', 'Cookie, Accept-Encoding');
  res.setHeader('X-Cache', 'hit');
  if (!res.hasHeader('Content-Security-Policy')) res.setHeader('Content-Security-Policy', SITE_CSP);
  for (const [name, value] of securityHeaderPairs(services.config)) res.setHeader(name, value);
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const gzip = entry.gzip !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? entry.gzip! : entry.body;
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.statusCode = entry.status;
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Counts the view as the app would (history.reading.tsx keys a guest's hit on their address). */
function countHit(req: IncomingMessage, services: Services, workId: number): void {
  const forwarded = req.headers['x-forwarded-for'];
  const ip = clientIpOf(services.config.trustProxy, Array.isArray(forwarded) ? forwarded[0] : forwarded, req.socket.remoteAddress);
  recordBufferedHit(services.db, workId, sign(services.secret, `hits:ip:${ip}`));
}
