import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

// Compression for every answer the render cache does not hold (issue 7 §3): signed-in readers' pages, API answers,
// feeds, OPDS catalogs, the OpenAPI document, HTML downloads, the stylesheet and script. Guests' cached pages carry a
// gzip copy made once (page-cache.ts) and reach this middleware already encoded, so they pass untouched.
//
// It runs outside the validators (shared-pages.ts, the download and feed routes): ETags and 304s are decided on the
// plain bytes, and a compressed answer keeps the same validator, made weak when it was strong (RFC 9110 §8.8.3: a
// strong tag promises the exact bytes, and gzip changes them; If-None-Match compares weakly, so a client holding
// the gzip copy still gets its 304). Binary types (EPUB, zip exports, images) and streams are never buffered here:
// only text types are read, and a route that streams text can opt out with `Cache-Control: no-transform`.

/** Smaller answers are sent as they are: a gzip header and a round trip cost more than they save. */
export const MIN_COMPRESS_BYTES = 1024;
/** Up to this size zlib runs inline (under a millisecond for a page); larger bodies go to libuv's thread pool. */
const INLINE_LIMIT = 128 * 1024;
/** Beyond this a body is sent as it is rather than held twice in memory. */
const MAX_COMPRESS_BYTES = 32 * 1024 * 1024;
/**
 * zlib level per request. On a 35 KB reading page (41% of its size at level 4), level 4 costs about 0.65 ms of CPU
 * against 0.9 ms for level 6, zlib's default, for a body 2% larger; level 1 is 0.45 ms and 7% larger. Brotli was no
 * better at the same cost (quality 3: 0.5 ms, 41%; quality 4: 0.9 ms, 40%), so gzip is the one coding offered, as for
 * the guests' cached pages.
 */
const GZIP_LEVEL = 4;
/** Copies compressed once and kept (the stylesheet, the script, downloads) are worth zlib's best. */
const KEPT_GZIP_LEVEL = 9;

/** Text types worth compressing; everything else (EPUB, zip, images, event streams) is left alone. */
export function isCompressibleType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return false;
  return type.startsWith('text/') || /^application\/(json|javascript|xml|[\w.-]+\+(json|xml))$/.test(type);
}

/** The content codings offered: gzip only (see GZIP_LEVEL for why not brotli). */
export type Encoding = 'gzip';

/**
 * The coding to answer an Accept-Encoding header with, or undefined for none: gzip when named (or `*`) without `q=0`.
 * Also used by the signed-in reading pages answered before Hono (personal-splice.ts).
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)).find(Boolean);
    weights.set(name!.trim().toLowerCase(), q ? Number(q[1]) : 1);
  }
  const weight = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*') ?? 0;
  return weight > 0 ? 'gzip' : undefined;
}

/** Compresses a page-sized body inline, at the per-request level. */
export function compressSync(body: Uint8Array, _encoding: Encoding = 'gzip', level = GZIP_LEVEL): Buffer {
  return zlib.gzipSync(body, { level });
}

const gzipAsync = promisify(zlib.gzip);

/** Compresses `body`: inline when small (no thread hand-off), on the thread pool when large. */
export async function compress(body: Uint8Array, encoding: Encoding = 'gzip', level = GZIP_LEVEL): Promise<Buffer> {
  return body.byteLength <= INLINE_LIMIT ? compressSync(body, encoding, level) : gzipAsync(body, { level });
}

/**
 * Gzipped copies of answers whose bytes a URL and a strong ETag (or an immutable, content-hashed URL) pin down: the
 * stylesheet, the script, HTML downloads, feeds. Each is compressed once, on its first request, and served from here.
 */
class KeptCopies {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map order is the recency order: move the entry to the end.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, body: Buffer): void {
    if (body.length > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}

const kept = new KeptCopies(16 * 1024 * 1024);

/** The key a response's gzipped copy is kept under, or undefined when its bytes may differ between requests. */
function keptKey(target: string, headers: Headers): string | undefined {
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) return `${target} ${etag}`;
  if (/\bimmutable\b/.test(headers.get('cache-control') ?? '')) return target;
  return undefined;
}

/** Adds `Accept-Encoding` to a response's Vary header (once). */
function addVary(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('Vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('Vary', `${vary}, Accept-Encoding`);
}

/** Gzips text answers for clients that accept it; see the comment at the top of the file. */
export const compressResponses: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  if (res.status === 304) {
    // A 304 carries the Vary its 200 would have (RFC 9110 §15.4.5), and the tag of the copy the client holds: the
    // weak one when that copy was the gzipped one.
    if (!res.headers.has('content-type') || isCompressibleType(res.headers.get('content-type'))) addVary(res.headers);
    const etag = res.headers.get('etag');
    if (etag && !etag.startsWith('W/') && (c.req.header('if-none-match') ?? '').includes(`W/${etag}`)) res.headers.set('ETag', `W/${etag}`);
    return;
  }
  if (!res.body || res.status === 204 || res.status === 206 || res.headers.has('content-encoding') || res.headers.has('content-range')) return;
  if (!isCompressibleType(res.headers.get('content-type'))) return;
  if (/\bno-transform\b/i.test(res.headers.get('cache-control') ?? '')) return;
  const declared = res.headers.get('content-length');
  if (declared !== null && (Number(declared) < MIN_COMPRESS_BYTES || Number(declared) > MAX_COMPRESS_BYTES)) return;
  // Whether or not this client asked, the answer depends on Accept-Encoding: a shared cache must key on it.
  addVary(res.headers);
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (!encoding) return;

  const body = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  if (body.byteLength < MIN_COMPRESS_BYTES || body.byteLength > MAX_COMPRESS_BYTES) {
    return replaceResponse(c, new Response(body, { status: res.status, headers }));
  }
  let compressed: Buffer | undefined;
  if (c.req.method !== 'HEAD') {
    const url = new URL(c.req.url);
    const key = keptKey(url.pathname + url.search, headers);
    compressed = key ? kept.get(key) : undefined;
    if (!compressed) {
      compressed = await compress(body, encoding, key ? KEPT_GZIP_LEVEL : GZIP_LEVEL);
      if (key) kept.set(key, compressed);
    }
    if (compressed.length >= body.byteLength) return replaceResponse(c, new Response(body, { status: res.status, headers }));
  }
  headers.set('Content-Encoding', encoding);
  // HEAD: the body is dropped anyway; say which encoding a GET gets without spending the time to compress.
  if (compressed) headers.set('Content-Length', String(compressed.length));
  else headers.delete('content-length');
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  replaceResponse(c, new Response(compressed ? (compressed as unknown as BodyInit) : null, { status: res.status, headers }));
};

/** Swaps the response whole (assigning c.res over a set one would copy the old headers, Content-Length included, back). */
function replaceResponse(c: Context<AppEnv>, res: Response): void {
  c.res = undefined;
  c.res = res;
}
