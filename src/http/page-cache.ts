import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { TaggedStore } from './tagged-store.js';

// The render cache for anonymous pages (issue 7 §3). A guest's view of a public page is the same for every guest with
// the same adult-notice choice, so the first render is kept in memory (with a precompressed copy) and served to the
// next guests until a write changes what it shows. Entries carry tags: `work:<id>` for a work's own pages and
// `listings` for every page that lists works (home, /works, tags, series, users, search). A write invalidates the tags
// it touches (src/http/cache-invalidation.ts), in this process at once and in the others over PostgreSQL NOTIFY.

export interface CachedPage {
  readonly status: number;
  /** Response headers without Set-Cookie (a cookie is one visitor's, never shared). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly etag: string;
  readonly tags: readonly string[];
  /** The work whose view a hit counts for (reading pages past the adult notice), for hits recorded on cache hits. */
  readonly hitWorkId: number | undefined;
  readonly storedAt: number;
}

/** Every entry lives at most this long, so counts that change without an invalidation (hits) refresh. */
const DEFAULT_TTL_MS = 60_000;

export class PageCache {
  private readonly store: TaggedStore<CachedPage>;
  /** Stores kept in step with this one (the signed-in reading page's parts, src/http/personal-splice.ts). */
  private readonly followers: ((tags: readonly string[]) => void)[] = [];
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxBytes: number,
    ttlMs = DEFAULT_TTL_MS,
  ) {
    this.store = new TaggedStore(maxBytes, ttlMs);
  }

  /** Bumped by every invalidation: a render that began before one may hold stale data and is not stored. */
  get generation(): number {
    return this.store.generation;
  }

  get size(): number {
    return this.store.size;
  }

  /** The fresh entry for `key`, or undefined (an expired entry is dropped). */
  get(key: string, at = Date.now()): CachedPage | undefined {
    return this.store.get(key, at);
  }

  /** Stores a render begun at `generation`, unless an invalidation happened since (it might be stale). */
  set(key: string, page: Omit<CachedPage, 'etag' | 'gzip' | 'storedAt'>, generation: number): CachedPage | undefined {
    if (generation !== this.store.generation || this.maxBytes === 0) return undefined;
    const entry: CachedPage = {
      ...page,
      etag: etagOf(page.body),
      // Compressed once here, served many times; level 6 is zlib's default balance.
      gzip: page.body.length > 1024 ? zlib.gzipSync(page.body) : undefined,
      storedAt: Date.now(),
    };
    this.store.set(key, entry, entry.tags, entrySize(entry));
    return entry;
  }

  /** Calls `follower` with the tags of every invalidation, wherever it comes from (a write here, a sibling, NOTIFY). */
  onInvalidate(follower: (tags: readonly string[]) => void): void {
    this.followers.push(follower);
  }

  /** Drops every entry carrying one of `tags` (`*` drops everything). */
  invalidate(tags: readonly string[]): void {
    this.store.invalidate(tags);
    for (const follower of this.followers) follower(tags);
  }
}

function entrySize(entry: CachedPage): number {
  return entry.body.length + (entry.gzip?.length ?? 0) + 512;
}

/** A weak validator from the body's bytes (weak: the compressed and plain forms share it). */
export function etagOf(body: Buffer | string): string {
  return `W/"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** True when an If-None-Match header names `etag` (or is `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

const caches = new WeakMap<object, PageCache>();

/**
 * The page cache of one app, keyed by its database handle (each test app has its own; jobs and domain code reach it
 * through the handle they already hold). Sized by PAGE_CACHE_MB.
 */
export function pageCacheFor(db: object, maxBytes = 64 * 1024 * 1024): PageCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new PageCache(maxBytes)));
  return cache;
}
