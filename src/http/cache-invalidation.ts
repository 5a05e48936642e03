import cluster from 'node:cluster';
import type { MiddlewareHandler } from 'hono';
import { CACHE_MESSAGE, type CacheMessage } from './cache-messages.js';
import type { DbLike } from '../db/connection.js';
import { findCommentWorkId, publishCacheInvalidation } from './page-cache.queries.js';
import type { AppEnv } from './env.js';
import { pageCacheFor } from './page-cache.js';

// What a successful write invalidates in the render cache of anonymous pages. The rule is by URL, so a new route is
// covered without remembering to call anything: a write under a work drops that work's pages and every listing; a
// write that only changes what its own author sees (settings, subscriptions, history, reports, ...) drops nothing;
// every other write drops the whole cache. Erring towards "everything" keeps pages right; the precise rules keep the
// frequent writes (comments, kudos, chapters) from emptying the cache for every other work.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes whose effects only their author sees (pages for guests are unchanged). */
const PRIVATE_WRITES: readonly RegExp[] = [
  /^\/login(\/|$)/,
  /^\/logout$/,
  /^\/password-reset(\/|$)/,
  /^\/settings\/(email|password|preferences|sessions|tokens|two-factor)(\/|$)/,
  /^\/(me\/)?(subscriptions|saved-searches|exclusions|notifications|history|blocks|mutes|tokens|invitations|invite-requests)(\/|$)/,
  /^\/(inbox|unsubscribe|history)(\/|$)/,
  /^\/works\/\d+\/later$/,
  /^\/tags\/[^/]+\/exclude$/,
  /^\/reports(\/|$)/,
  /^\/appeals\/\d+\/messages$/,
  /^\/admin\/reports\/.*\/(notes|status)$/,
  /^\/imports?(\/|$)/,
];

/** The cache tags a successful write at `path` touches: [] for none, ['*'] for all. */
export async function tagsForWrite(db: DbLike, path: string): Promise<string[]> {
  const local = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : path;
  if (PRIVATE_WRITES.some((pattern) => pattern.test(local))) return [];
  const work = /^\/works\/(\d+)(\/|$)/.exec(local);
  if (work) return [`work:${work[1]}`, 'listings'];
  if (local === '/works' || local === '/works/import') return ['listings'];
  const comment = /^\/comments\/(\d+)(\/|$)/.exec(local);
  if (comment) {
    const workId = await findCommentWorkId(db, Number(comment[1]));
    if (workId !== undefined) return [`work:${workId}`, 'listings'];
  }
  return ['*'];
}

/** After every successful write, drops the cached pages it may have changed, here and (on PostgreSQL) in every process. */
export const invalidateAfterWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  await next();
  if (c.res.status >= 400) return;
  const { db } = c.get('services');
  const tags = await tagsForWrite(db, c.req.path);
  if (tags.length === 0) return;
  await invalidatePages(db, tags);
};

/** Drops cached pages carrying `tags` in this process and tells the other processes sharing the database. */
export async function invalidatePages(db: DbLike, tags: readonly string[]): Promise<void> {
  pageCacheFor(db).invalidate(tags);
  // Sibling workers of `serve --workers` hear it through the primary (src/cluster.ts), other hosts through NOTIFY.
  if (cluster.isWorker && process.send) process.send({ type: CACHE_MESSAGE, tags } satisfies CacheMessage);
  await publishCacheInvalidation(db, tags);
}
