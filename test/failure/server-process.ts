import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/connection.js';
import type { Database } from '../../src/db/schema.js';
import { freePort } from '../ports.js';
export { freePort };

// The real server as a child process (`node bin/chapterhouse.js serve`), for the failure tests and the mixed-load
// bench: start it, wait until it answers, kill it (SIGKILL or SIGTERM), and read its resident memory.

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));


export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Everything the server printed (JSON log lines). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** True until the process exits. */
  alive(): boolean;
  /** Kills the process with `signal` and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resident memory in bytes (Linux /proc), or undefined once gone. */
  rss(): number | undefined;
}

export interface ServerOptions {
  readonly dataDir: string;
  /** PostgreSQL URL; unset for SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly port: number;
  /** More environment (COMMENT_LIMIT, LOG_LEVEL …). */
  readonly env?: Record<string, string>;
  /** Flags for node itself (e.g. --trace-gc). */
  readonly nodeArgs?: readonly string[];
  /** How long to wait for /healthz. */
  readonly timeoutMs?: number;
}

/** The environment a test server runs with: rate limits lifted, quiet logs, a fixed secret. */
export function serverEnv(options: ServerOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl ?? '',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${options.port}`,
    LOG_LEVEL: 'warn',
    SECRET: 'failure-tests-secret-0123456789abcdef',
    // A few accounts write far faster than people do here: lift the per-account limits (tested elsewhere).
    COMMENT_LIMIT: '1000000',
    LOGIN_ATTEMPTS: '100000',
    RATE_LIMITS: 'work=1000000/60,chapter=1000000/60,comment=1000000/60,kudos=1000000/60,write=1000000/60,login=1000000/60',
    SMTP_URL: '',
    ...options.env,
  };
}

/** Starts `chapterhouse serve` and resolves once /healthz answers 200; rejects with its output if it exits first. */
export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/chapterhouse.js', 'serve'], { cwd: REPO_ROOT, env: serverEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let alive = true;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => ((alive = false), resolve(code))));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (!alive) throw new Error(`the server exited before answering:\n${output.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    port: options.port,
    url,
    output: () => output,
    exited,
    alive: () => alive,
    async kill(signal = 'SIGKILL') {
      if (alive) child.kill(signal);
      await exited;
    },
    rss() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
        return kb ? Number(kb) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A fresh PostgreSQL schema on `baseUrl`: a URL that selects it (for DATABASE_URL), a handle on it, and how to drop it. */
export async function createPgSchema(baseUrl: string, prefix = 'failure'): Promise<{ schema: string; url: string; db: Db; drop: () => Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: baseUrl, max: 1 }) }) });
  await sql`create schema ${sql.id(schema)}`.execute(admin);
  const url = withSearchPath(baseUrl, schema);
  const db = openDatabase({ databaseUrl: url });
  return {
    schema,
    url,
    db,
    drop: async () => {
      await db.destroy();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}

/** `url` with `options=-c search_path=<schema>`, so every connection of the server lands in that schema. */
export function withSearchPath(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Exchanges a username and password for an API bearer token. */
export async function apiToken(baseUrl: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password, name: 'failure tests' }),
  });
  if (response.status !== 201) throw new Error(`token for ${login}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
