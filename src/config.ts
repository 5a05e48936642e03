import path from 'node:path';

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
  readonly registration: 'open' | 'closed';
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
  const registration = (env.REGISTRATION || 'open').toLowerCase();
  if (registration !== 'open' && registration !== 'closed') throw new Error('REGISTRATION must be "open" or "closed"');
  if (env.BASE_URL && !/^https?:\/\/[^/]+/.test(env.BASE_URL)) throw new Error('BASE_URL must be an absolute http:// or https:// address');
  const baseUrl = (env.BASE_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
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
    loginAttempts: integer(env, 'LOGIN_ATTEMPTS', 10),
    loginWindowSeconds: integer(env, 'LOGIN_WINDOW_SECONDS', 15 * 60),
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY || '').toLowerCase()),
    runJobs: !['0', 'false', 'no', 'off'].includes((env.RUN_JOBS || '').toLowerCase()),
    mailFrom: env.MAIL_FROM || `Chapterhouse <noreply@${new URL(baseUrl).hostname}>`,
    commentLimit: integer(env, 'COMMENT_LIMIT', 10),
    commentWindowSeconds: integer(env, 'COMMENT_WINDOW_SECONDS', 300),
  };
}

/** True when links and cookies should be marked for HTTPS. */
export function isHttps(config: Config): boolean {
  return config.baseUrl.startsWith('https://');
}
