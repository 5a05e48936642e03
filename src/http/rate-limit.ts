import type { MiddlewareHandler } from 'hono';
import type { DbLike } from '../db/connection.js';
import { clientIp } from './client-ip.js';
import { sign } from './crypto.js';
import type { AppEnv } from './env.js';
import { RateLimited } from './errors.js';
import type { RateLimit, RateLimitBucket } from './rate-limit-buckets.js';
import { hitRateLimit } from './rate-limits.queries.js';

// Rate limits on every write, in one place: each unsafe request (pages and /api/v1 alike) falls in one bucket, counted
// per account when signed in and per client address otherwise (sign-up always per address). Counting is one upsert
// in rate_limits, so processes sharing PostgreSQL count together. Mounted after the CSRF check, so a forged
// cross-site post cannot use up a victim's allowance. Limits come from RATE_LIMITS (src/http/rate-limit-buckets.ts).

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Buckets whose domain code counts them, so this middleware must not count them again: login counts failed attempts
 * per account and per address (accounts.ts, two-factor.ts), password_reset per address and per email
 * (email-links.ts), comment the comments that pass validation (comments.ts).
 */
const COUNTED_BY_DOMAIN: ReadonlySet<RateLimitBucket> = new Set(['login', 'password_reset', 'comment']);

/** Buckets counted per client address even when signed in. */
const PER_ADDRESS: ReadonlySet<RateLimitBucket> = new Set(['signup']);

/** Path patterns (after any /api/v1 prefix) and their bucket, first match wins; everything else is `write`. */
const BUCKET_ROUTES: readonly (readonly [RegExp, RateLimitBucket])[] = [
  [/^\/(signup|accounts)$/, 'signup'],
  [/^\/(login|login\/two-factor|tokens)$/, 'login'],
  [/^\/password-reset$/, 'password_reset'],
  [/^\/works\/\d+\/chapters\/\d+\/comments$/, 'comment'],
  [/^\/comments\/\d+\/replies$/, 'comment'],
  [/^\/works\/\d+\/chapters(\/|$)/, 'chapter'],
  [/^\/works\/\d+\/kudos$/, 'kudos'],
  [/^\/(works|series)\/\d+\/bookmark$/, 'bookmark'],
  [/^\/bookmarks(\/|$)/, 'bookmark'],
  [/^\/reports(\/|$)/, 'report'],
  [/^\/(works|works\/import|imports)$/, 'work'],
  [/^\/works\/\d+(\/(edit|post|delete))?$/, 'work'],
];

/** The bucket an unsafe request to `path` counts against. */
export function bucketFor(path: string): RateLimitBucket {
  const local = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : path;
  for (const [pattern, bucket] of BUCKET_ROUTES) if (pattern.test(local)) return bucket;
  return 'write';
}

/** Counts one request against `key` under `limit`; throws 429 (with Retry-After) once the window's count passes it. */
export async function countAgainstLimit(db: DbLike, key: string, limit: RateLimit, bucket: RateLimitBucket | string, at = new Date()): Promise<void> {
  const hit = await hitRateLimit(db, key, at.toISOString(), new Date(at.getTime() + limit.seconds * 1000).toISOString());
  if (hit.count > limit.count) throw RateLimited(bucket, Math.max(1, Math.ceil((Date.parse(hit.window_ends_at) - at.getTime()) / 1000)));
}

/** Counts every unsafe request against its bucket (see above). */
export const rateLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const bucket = bucketFor(c.req.path);
  if (COUNTED_BY_DOMAIN.has(bucket)) return next();
  const { db, config, secret } = c.get('services');
  const user = c.get('user');
  // The address is kept as an HMAC under the site secret, as comments keep it: rate_limits never holds a raw IP.
  const key = user && !PER_ADDRESS.has(bucket) ? `rl:${bucket}:account:${user.id}` : `rl:${bucket}:ip:${sign(secret, `ip:${clientIp(c)}`)}`;
  await countAgainstLimit(db, key, config.rateLimits[bucket], bucket);
  return next();
};
