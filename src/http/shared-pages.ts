import type { Context, MiddlewareHandler } from 'hono';
import { recordBufferedHit } from '../history/hit-buffer.js';
import { clientIp } from './client-ip.js';
import { FLASH_COOKIE, SESSION_COOKIE } from './cookies.js';
import { sign } from './crypto.js';
import type { AppEnv } from './env.js';
import { etagMatches, etagOf, pageCacheFor, type CachedPage } from './page-cache.js';

// HTTP caching for pages (issue 7 §3). Guests' views of public pages are shared renders: the same bytes for every
// guest with the same adult-notice choice, served from the render cache, with an ETag, `304 Not Modified`, a
// Cache-Control a CDN may honour, and a gzip copy made once. Pages for a signed-in reader are personal: an ETag and
// `private, no-cache`, never stored. A shared render carries no personal state: no CSRF token (guest form posts are
// checked by their Origin instead, see csrf.ts), no per-guest kudos state, and no cookies.

/** Public pages a guest sees the same as every other guest. */
const SHARED_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/works$/,
  /^\/works\/\d+$/,
  /^\/works\/\d+\/chapters\/\d+$/,
  /^\/tags\/[^/]+(\/works)?$/,
  /^\/series\/\d+$/,
  /^\/users\/[^/]+(\/(works|series|bookmarks))?$/,
  /^\/search$/,
];

/** What a CDN or browser may do with a shared page: keep it briefly, revalidate with the ETag. */
export const SHARED_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=30';
const PERSONAL_CACHE_CONTROL = 'private, no-cache';

/** The render-cache key of a guest's request for a shared page, or undefined when the request is personal. */
export function sharedPageKey(c: Context<AppEnv>): string | undefined {
  const url = new URL(c.req.url);
  return sharedKeyOf(c.req.method, url.pathname, url.search, (name) => c.req.header(name));
}

/**
 * The same key from a request's parts (the fast path in src/http/fast-path.ts has no Hono context): GET or HEAD, no
 * credentials, no session or flash cookie, not the adult-notice agreement itself, on one of the shared paths.
 */
export function sharedKeyOf(method: string, pathname: string, search: string, header: (name: string) => string | undefined): string | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (header('authorization') !== undefined) return undefined;
  const cookies = header('cookie') ?? '';
  if (cookies.includes(SESSION_COOKIE + '=') || cookies.includes(FLASH_COOKIE + '=')) return undefined;
  // Agreeing to the adult notice sets a cookie: that answer is this visitor's own.
  if (search.includes('view_adult')) return undefined;
  if (!SHARED_PATHS.some((pattern) => pattern.test(pathname))) return undefined;
  return `${/(?:^|;\s*)view_adult=true(?:;|$)/.test(cookies) ? 'a' : '-'}${pathname}${search}`;
}

/** True while rendering a page every guest will be shown: leave out anything personal to this guest. */
export function isSharedRender(c: Context<AppEnv>): boolean {
  return c.get('sharedRender') === true;
}

/** Serves guests' shared pages from the render cache and stores new renders; adds validators to every HTML page. */
export const sharedPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = sharedPageKey(c);
  if (!key) {
    await next();
    return addValidators(c, PERSONAL_CACHE_CONTROL);
  }
  const { db } = c.get('services');
  const cache = pageCacheFor(db);
  const cached = cache.get(key);
  if (cached) {
    cache.hits += 1;
    if (cached.hitWorkId !== undefined) countGuestHit(c, cached.hitWorkId);
    replaceResponse(c, cachedResponse(c, cached, 'hit'));
    return;
  }
  cache.misses += 1;
  const generation = cache.generation;
  c.set('sharedRender', true);
  c.set('csrfToken', '');
  await next();
  const res = c.res;
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) return;
  const body = Buffer.from(await res.arrayBuffer());
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') headers.push([name, value]);
  });
  const path = new URL(c.req.url).pathname;
  const work = /^\/works\/(\d+)/.exec(path);
  const entry = cache.set(key, { status: 200, headers, body, tags: work ? [`work:${work[1]}`] : ['listings'], hitWorkId: c.get('hitWorkId') }, generation);
  replaceResponse(c, entry ? cachedResponse(c, entry, 'miss') : withValidators(c, body, res, etagOf(body), SHARED_CACHE_CONTROL));
};

/** Swaps the response whole (assigning c.res directly would copy the old response's headers over the new one's). */
function replaceResponse(c: Context<AppEnv>, res: Response): void {
  c.res = undefined;
  c.res = res;
}

function cachedResponse(c: Context<AppEnv>, entry: CachedPage, outcome: 'hit' | 'miss'): Response {
  const headers = new Headers(entry.headers as [string, string][]);
  // For operators and tests: whether the render cache answered.
  headers.set('X-Cache', outcome);
  headers.set('ETag', entry.etag);
  headers.set('Cache-Control', SHARED_CACHE_CONTROL);
  headers.set('Vary', 'Cookie, Accept-Encoding');
  if (etagMatches(c.req.header('if-none-match'), entry.etag)) return new Response(null, { status: 304, headers });
  if (entry.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    headers.set('Content-Encoding', 'gzip');
    return new Response(c.req.method === 'HEAD' ? null : bytes(entry.gzip), { status: entry.status, headers });
  }
  return new Response(c.req.method === 'HEAD' ? null : bytes(entry.body), { status: entry.status, headers });
}

/** Bodies small and textual enough to hash whole: pages, feeds, catalogs and API answers. */
const VALIDATED_TYPES = /^(text\/html|application\/(atom\+xml|xml|json|opensearchdescription\+xml)|text\/xml)\b/;

/** Any other page, feed or API answer gets an ETag (unless it has its own) and a 304 when the client already has it. */
async function addValidators(c: Context<AppEnv>, cacheControl: string): Promise<void> {
  const res = c.res;
  if (c.req.method !== 'GET' || res.status !== 200 || !VALIDATED_TYPES.test(res.headers.get('content-type') ?? '')) return;
  if (res.headers.has('ETag')) return;
  const body = Buffer.from(await res.arrayBuffer());
  replaceResponse(c, withValidators(c, body, res, etagOf(body), res.headers.get('Cache-Control') ?? cacheControl));
}

function withValidators(c: Context<AppEnv>, body: Buffer, res: Response, etag: string, cacheControl: string): Response {
  const headers = new Headers(res.headers);
  headers.set('ETag', etag);
  headers.set('Cache-Control', cacheControl);
  headers.delete('content-length');
  if (etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(bytes(body), { status: res.status, headers });
}

/** A guest's view served from the cache still counts, keyed as an uncached view is (history.reading.tsx). */
function countGuestHit(c: Context<AppEnv>, workId: number): void {
  const { db, secret } = c.get('services');
  recordBufferedHit(db, workId, sign(secret, `hits:ip:${clientIp(c)}`));
}

/** A Buffer as a response body (the DOM typings do not list Node's Buffer, which is a Uint8Array). */
function bytes(buffer: Buffer): BodyInit {
  return buffer as unknown as BodyInit;
}
