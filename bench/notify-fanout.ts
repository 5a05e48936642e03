// Posting a chapter to a work with 10,000 subscribers: how long the author's request takes, and how long until all
// 10,000 inbox notifications exist (the fan-out job), then until every notification email is in the outbox.
// Run: npx tsx bench/notify-fanout.ts   (PostgreSQL too when BENCH_DATABASE_URL is set). Prints figures; not a test.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const PASSWORD = 'benchmark password';

async function countNotifications(db: Db, workId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('work_id', '=', workId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function run(label: string, db: Db): Promise<void> {
  await migrateToLatest(db);
  const config = { ...loadConfig({ BASE_URL: 'http://bench.test', LOG_LEVEL: 'silent' }) };
  const services = { db, config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') };
  const app = createApp(services);
  const author = await registerUser(db, config, { username: 'bench_author', email: 'author@bench.test', password: PASSWORD }, { force: true });
  const tokenResponse = await app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: author.username, password: PASSWORD, name: 'bench' }) });
  const { token } = (await tokenResponse.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const workResponse = await app.request('/api/v1/works', {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'The Long Tide', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], chapters: [{ body: '<p>One.</p>' }] }),
  });
  const work = (await workResponse.json()) as { id: number };

  // Subscribers in bulk: confirmed addresses, immediate email (the default), so the email stage has full work.
  const at = new Date().toISOString();
  const users = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ username: `reader${i}`, username_key: `reader${i}`, email: `reader${i}@bench.test`, password_hash: 'x', created_at: at, updated_at: at, email_confirmed_at: at }));
  for (let i = 0; i < users.length; i += 1000) await db.insertInto('users').values(users.slice(i, i + 1000)).execute();
  const ids = await db.selectFrom('users').select('id').where('username', 'like', 'reader%').execute();
  for (let i = 0; i < ids.length; i += 1000) await db.insertInto('subscriptions').values(ids.slice(i, i + 1000).map(({ id }) => ({ user_id: id, target_type: 'work', target_id: work.id, created_at: at }))).execute();

  const runner = new JobRunner({ db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config, secret: services.secret }) });
  await runner.runUntilIdle();

  const posted = performance.now();
  const response = await app.request(`/api/v1/works/${work.id}/chapters`, { method: 'POST', headers, body: JSON.stringify({ title: 'Two', body: '<p>Two.</p>' }) });
  const requestMs = performance.now() - posted;
  if (response.status !== 201) throw new Error(`posting the chapter failed: ${response.status}`);

  let inboxMs = Number.NaN;
  let jobs = 0;
  while (await runner.runOne()) {
    jobs++;
    if (Number.isNaN(inboxMs) && (await countNotifications(db, work.id)) >= SUBSCRIBERS) inboxMs = performance.now() - posted;
  }
  const allMs = performance.now() - posted;
  const outbox = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`${label}: ${SUBSCRIBERS} subscribers`);
  console.log(`  author's request (POST chapter):          ${requestMs.toFixed(1)} ms`);
  console.log(`  until all inbox notifications exist:       ${inboxMs.toFixed(1)} ms (${await countNotifications(db, work.id)} notifications)`);
  console.log(`  until every email is in the outbox:        ${allMs.toFixed(1)} ms (${jobs} jobs, ${Number(outbox.n)} messages; SMTP_URL unset)`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-'));
const sqliteDb = openDatabase({ sqliteFile: path.join(dir, 'bench.db') });
try {
  await run('SQLite (file)', sqliteDb);
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
    await run('PostgreSQL', db);
  } finally {
    await db.destroy();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
    await admin.destroy();
  }
}
