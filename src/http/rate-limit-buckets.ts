// The rate-limit buckets and their configuration (RATE_LIMITS="comment=10/300,kudos=60/60"). Kept apart from
// src/config.ts so the parser and the defaults sit together; config.ts calls parseRateLimits.

export const RATE_LIMIT_BUCKETS = ['signup', 'login', 'password_reset', 'work', 'chapter', 'comment', 'kudos', 'bookmark', 'report', 'write'] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];

/** At most `count` requests per `seconds`-long window. */
export interface RateLimit {
  readonly count: number;
  readonly seconds: number;
}

export type RateLimits = Readonly<Record<RateLimitBucket, RateLimit>>;

/**
 * Defaults a person never reaches by hand (shared addresses such as a school's or a mobile carrier's included), low
 * enough to stop a script. login and comment keep their older variables (LOGIN_ATTEMPTS, COMMENT_LIMIT) as overrides.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  signup: { count: 20, seconds: 3600 },
  login: { count: 10, seconds: 900 },
  password_reset: { count: 20, seconds: 3600 },
  work: { count: 30, seconds: 3600 },
  chapter: { count: 120, seconds: 3600 },
  comment: { count: 10, seconds: 300 },
  kudos: { count: 60, seconds: 60 },
  bookmark: { count: 60, seconds: 300 },
  report: { count: 10, seconds: 3600 },
  write: { count: 300, seconds: 300 },
};

/** Reads RATE_LIMITS over the defaults; throws naming the bad entry. An empty value keeps every default. */
export function parseRateLimits(raw: string | undefined): RateLimits {
  const limits: Record<string, RateLimit> = { ...DEFAULT_RATE_LIMITS };
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)\s*=\s*(\d+)\s*\/\s*(\d+)$/.exec(entry);
    if (!match) throw new Error(`RATE_LIMITS entries look like bucket=count/seconds, got "${entry}"`);
    const [, bucket, count, seconds] = match;
    if (!(RATE_LIMIT_BUCKETS as readonly string[]).includes(bucket!)) {
      throw new Error(`RATE_LIMITS names an unknown bucket "${bucket}" (known: ${RATE_LIMIT_BUCKETS.join(', ')})`);
    }
    if (Number(seconds) < 1) throw new Error(`RATE_LIMITS window for ${bucket} must be at least 1 second`);
    limits[bucket!] = { count: Number(count), seconds: Number(seconds) };
  }
  return limits as RateLimits;
}
