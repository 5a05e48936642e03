import path from 'node:path';
import { parseRateLimits, type RateLimits } from './http/rate-limit-buckets.js';

/** Every setting Chapterhouse reads from the environment, typed, in one place. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `undefined` means the embedded SQLite database at `dataDir/chapterhouse.db`. */
  readonly databaseUrl: string | undefined;
  readonly baseUrl: string;
  readonly smtpUrl: string | undefined;
  readonly logLevel: string;
  /** Given explicitly; otherwise generated on first start and kept in the database. */
  readonly secret: string | undefined;
  /** The first value of the registration site setting (administrators change it at /admin/settings). */
  readonly registration: 'open' | 'invite_only' | 'closed';
  /** Largest request body accepted, in bytes (413 beyond it). */
  readonly maxBodyBytes: number;
  /** Login attempts allowed per account and per IP within `loginWindowSeconds`. */
  readonly loginAttempts: number;
  readonly loginWindowSeconds: number;
  /** Trust X-Forwarded-For for the client's address (only behind a reverse proxy you run). */
  readonly trustProxy: boolean;
  /** Run the job runner inside the web process (turn off when separate `chapterhouse worker` processes run it). */
  readonly runJobs: boolean;
  /** The From address of outgoing mail. */
  readonly mailFrom: string;
  /** Comments (and replies) allowed per account and per IP within `commentWindowSeconds` (429 beyond). */
  readonly commentLimit: number;
  readonly commentWindowSeconds: number;
  /** Requests allowed per bucket and window (RATE_LIMITS); login and comment are counted by their domains from the fields above. */
  readonly rateLimits: RateLimits;
  /** An Akismet-compatible comment-check endpoint base (e.g. https://KEY.rest.akismet.com/1.1); unset turns the check off. */
  readonly spamCheckUrl: string | undefined;
  /** The key sent to the spam-check service (`api_key`), if it wants one besides the URL. */
  readonly spamCheckKey: string | undefined;
  /** How long a claimed job is its runner's before another runner may take it over (a runner that died). */
  readonly jobLeaseSeconds: number;
  /** Memory for the render cache of guests' pages, in MB (0 turns the cache off). */
  readonly pageCacheMb: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** Reads the configuration; throws with the variable's name when one is malformed. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  const registration = (env.REGISTRATION || 'open').toLowerCase().replace('-', '_');
  if (registration !== 'open' && registration !== 'invite_only' && registration !== 'closed') throw new Error('REGISTRATION must be "open", "invite_only" or "closed"');
  if (env.BASE_URL && !/^https?:\/\/[^/]+/.test(env.BASE_URL)) throw new Error('BASE_URL must be an absolute http:// or https:// address');
  const baseUrl = (env.BASE_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
  const rateLimits = parseRateLimits(env.RATE_LIMITS);
  if (env.SPAM_CHECK_URL && !/^https?:\/\/[^/]+/.test(env.SPAM_CHECK_URL)) throw new Error('SPAM_CHECK_URL must be an absolute http:// or https:// address');
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    baseUrl,
    smtpUrl: env.SMTP_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    secret: env.SECRET || undefined,
    registration,
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 12 * 1024 * 1024),
    loginAttempts: integer(env, 'LOGIN_ATTEMPTS', rateLimits.login.count),
    loginWindowSeconds: integer(env, 'LOGIN_WINDOW_SECONDS', rateLimits.login.seconds),
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY || '').toLowerCase()),
    runJobs: !['0', 'false', 'no', 'off'].includes((env.RUN_JOBS || '').toLowerCase()),
    mailFrom: env.MAIL_FROM || `Chapterhouse <noreply@${new URL(baseUrl).hostname}>`,
    commentLimit: integer(env, 'COMMENT_LIMIT', rateLimits.comment.count),
    commentWindowSeconds: integer(env, 'COMMENT_WINDOW_SECONDS', rateLimits.comment.seconds),
    rateLimits,
    spamCheckUrl: env.SPAM_CHECK_URL ? env.SPAM_CHECK_URL.replace(/\/+$/, '') : undefined,
    spamCheckKey: env.SPAM_CHECK_KEY || undefined,
    jobLeaseSeconds: integer(env, 'JOB_LEASE_SECONDS', 60),
    pageCacheMb: integer(env, 'PAGE_CACHE_MB', 64),
  };
}

/** True when links and cookies should be marked for HTTPS. */
export function isHttps(config: Config): boolean {
  return config.baseUrl.startsWith('https://');
}
