// Posting a chapter to a work with 10,000 subscribers: how long the author's request takes, and how long until all
// 10,000 inbox notifications exist (the fan-out job), then until every notification email is in the outbox.
// Run: npx tsx bench/notify-fanout.ts   (PostgreSQL too when BENCH_DATABASE_URL is set). Prints figures; not a test.
// `measureFanout` is also the posting part of the whole suite (bench/suite.ts), run there in a seeded corpus.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { registerUser } from '../src/accounts/accounts.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import type { Database } from '../src/db/schema.js';
import { buildJobHandlers } from '../src/jobs/handlers.js';
import { JobRunner } from '../src/jobs/jobs.js';
import { countOutbox, countWorkNotifications, ensureBulkUsers, subscribeInBulk, userIdByUsername, workByAuthorAndTitle } from './bench.queries.js';

const PASSWORD = 'benchmark password';
const WORK_TITLE = 'The Long Tide';

export interface FanoutResult {
  readonly subscribers: number;
  readonly request_ms: number;
  readonly notifications_ms: number;
  readonly notifications: number;
  readonly outbox_ms: number;
  readonly jobs: number;
  readonly messages: number;
}

/**
 * Creates (or reuses) an author and `subscribers` readers (confirmed addresses, immediate email, inserted in bulk),
 * a work they all subscribe to, then posts a chapter to it through the API and runs the jobs as the server does.
 * Works in an empty database or in a seeded corpus (the accounts and the work are reused from one run to the next there).
 */
export async function measureFanout(db: Db, subscribers: number, dataDir?: string): Promise<FanoutResult> {
  await migrateToLatest(db);
  const config = { ...loadConfig({ BASE_URL: 'http://bench.test', LOG_LEVEL: 'silent', RATE_LIMITS: 'login=1000000/1,work=1000000/1,chapter=1000000/1,write=1000000/1', ...(dataDir ? { DATA_DIR: dataDir } : {}) }) };
  const services = { db, config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') };
  const app = createApp(services);
  const authorId = (await userIdByUsername(db, 'bench_author')) ?? (await registerUser(db, config, { username: 'bench_author', email: 'author@bench.test', password: PASSWORD }, { force: true })).id;
  const tokenResponse = await app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench_author', password: PASSWORD, name: 'bench' }) });
  if (tokenResponse.status !== 201 && tokenResponse.status !== 200) throw new Error(`signing the bench author in failed: ${tokenResponse.status}`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  // One work for the benchmark: made on the first run, reused by later runs in the same corpus (each adds a chapter).
  let workId = await workByAuthorAndTitle(db, authorId, WORK_TITLE);
  if (workId === undefined) {
    const workResponse = await app.request('/api/v1/works', {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: WORK_TITLE, rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], chapters: [{ body: '<p>One.</p>' }] }),
    });
    if (workResponse.status !== 201) throw new Error(`creating the bench work failed: ${workResponse.status}`);
    workId = ((await workResponse.json()) as { id: number }).id;
  }
  const work = { id: workId };

  // Subscribers in bulk: confirmed addresses, immediate email (the default), so the email stage has full work.
  const ids = await ensureBulkUsers(db, 'benchsub', subscribers);
  await subscribeInBulk(db, ids, work.id);

  const runner = new JobRunner({ db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config, secret: services.secret }) });
  await runner.runUntilIdle();
  const outboxBefore = await countOutbox(db);
  const notificationsBefore = await countWorkNotifications(db, work.id);

  const posted = performance.now();
  const response = await app.request(`/api/v1/works/${work.id}/chapters`, { method: 'POST', headers, body: JSON.stringify({ title: 'Two', body: '<p>Two.</p>' }) });
  const requestMs = performance.now() - posted;
  if (response.status !== 201) throw new Error(`posting the chapter failed: ${response.status}`);

  let inboxMs = Number.NaN;
  let jobs = 0;
  while (await runner.runOne()) {
    jobs++;
    if (Number.isNaN(inboxMs) && (await countWorkNotifications(db, work.id)) - notificationsBefore >= subscribers) inboxMs = performance.now() - posted;
  }
  const allMs = performance.now() - posted;
  return {
    subscribers,
    request_ms: requestMs,
    notifications_ms: inboxMs,
    notifications: (await countWorkNotifications(db, work.id)) - notificationsBefore,
    outbox_ms: allMs,
    jobs,
    messages: (await countOutbox(db)) - outboxBefore,
  };
}

async function run(label: string, db: Db, subscribers: number): Promise<void> {
  const r = await measureFanout(db, subscribers);
  console.log(`${label}: ${subscribers} subscribers`);
  console.log(`  author's request (POST chapter):          ${r.request_ms.toFixed(1)} ms`);
  console.log(`  until all inbox notifications exist:       ${r.notifications_ms.toFixed(1)} ms (${r.notifications} notifications)`);
  console.log(`  until every email is in the outbox:        ${r.outbox_ms.toFixed(1)} ms (${r.jobs} jobs, ${r.messages} messages; SMTP_URL unset)`);
}

async function main(): Promise<void> {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-'));
  const sqliteDb = openDatabase({ sqliteFile: path.join(dir, 'bench.db') });
  try {
    await run('SQLite (file)', sqliteDb, subscribers);
  } finally {
    await sqliteDb.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const schema = `bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` }) }) });
    try {
      await run('PostgreSQL', db, subscribers);
    } finally {
      await db.destroy();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
