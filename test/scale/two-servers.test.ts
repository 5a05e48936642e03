import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { createApiToken } from '../../src/accounts/tokens.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/connection.js';
import type { Database } from '../../src/db/schema.js';
import { startTestSmtp, type TestSmtp } from '../smtp.js';
import { workInput } from '../helpers.js';
import { freePort } from '../ports.js';

// Scale-out on PostgreSQL (issue 7 §4): two web processes and a separate job worker on one database. A write through
// one server shows on the other's cached guest page straight away (NOTIFY), a session opened on one is good on the
// other, and a worker killed in the middle of delivering an email leaves the job to the next worker, which delivers
// it exactly once. Needs PostgreSQL: skipped without TEST_DATABASE_URL (CI sets it).

const ROOT = path.resolve(import.meta.dirname, '../..');
const url = process.env.TEST_DATABASE_URL;


async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!url)('two servers and a worker on one PostgreSQL', () => {
  const dbName = `chs_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const dbUrl = url ? url.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`) : '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-scale-'));
  const children: ChildProcess[] = [];
  let admin: pg.Client;
  let smtp: TestSmtp;
  let portA = 0;
  let portB = 0;
  let authorToken = '';
  let readerToken = '';
  let readerEmail = '';

  const env = (extra: Record<string, string>) => ({ ...process.env, DATABASE_URL: dbUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', RUN_JOBS: 'false', SMTP_URL: smtp.url, ...extra });
  // Vitest puts Vite's BASE_URL ("/") into process.env: every child gets its own real one.
  const start = (args: string[], extra: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/chapterhouse.js'), ...args], { env: env(extra), stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  const api = (port: number, method: string, p: string, token: string, json?: unknown) =>
    fetch(`http://127.0.0.1:${port}/api/v1${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: dbUrl, max: 2 }) }) });
    await migrateToLatest(db);
    const config = loadConfig({ DATA_DIR: dataDir });
    const author = await registerUser(db, config, { username: 'harbourwright', email: 'author@scale.test', password: 'correct horse battery' }, { force: true });
    readerEmail = 'reader@scale.test';
    const reader = await registerUser(db, config, { username: 'tidewatcher', email: readerEmail, password: 'correct horse battery' }, { force: true });
    await db.updateTable('users').set({ email_confirmed_at: new Date().toISOString(), email_frequency: 'immediate' }).where('id', '=', reader.id).execute();
    authorToken = (await createApiToken(db, author.id, 'scale')).token;
    readerToken = (await createApiToken(db, reader.id, 'scale')).token;
    await db.destroy();
    smtp = await startTestSmtp();
    [portA, portB] = [await freePort(), await freePort()];
    start(['serve'], { PORT: String(portA), BASE_URL: `http://127.0.0.1:${portA}` });
    start(['serve'], { PORT: String(portB), BASE_URL: `http://127.0.0.1:${portB}` });
    for (const port of [portA, portB]) await until(`server on ${port}`, async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined), 60_000);
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await smtp?.close();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a write through one server on the other at once, and shares sessions', async () => {
    const guestB = () => fetch(`http://127.0.0.1:${portB}/works`).then(async (r) => ({ cache: r.headers.get('x-cache'), body: await r.text() }));
    // B's cache starts empty once its NOTIFY listener connects: wait until B serves the listing from its cache.
    await until('a cached listing on B', async () => ((await guestB()).cache === 'hit' ? true : undefined), 5_000);
    const posted = await api(portA, 'POST', '/works', authorToken, workInput({ title: 'Written Through A' }));
    expect(posted.status).toBe(201);
    const answeredAt = Date.now();
    // NOTIFY reaches the other process within milliseconds; poll briefly rather than race it.
    await until('the new work on B', async () => ((await guestB()).body.includes('Written Through A') ? true : undefined), 2_000);
    expect(Date.now() - answeredAt).toBeLessThan(2_000);

    // A session opened on A is good on B.
    const login = await fetch(`http://127.0.0.1:${portA}/api/v1/me`, { headers: { authorization: `Bearer ${readerToken}` } });
    expect(login.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${portA}/login`);
    const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('ch_csrf='))!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const signIn = await fetch(`http://127.0.0.1:${portA}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, login: 'tidewatcher', password: 'correct horse battery' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith('ch_session='))!.split(';')[0]!;
    const inbox = await fetch(`http://127.0.0.1:${portB}/inbox`, { headers: { cookie: session } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('tidewatcher');
  });

  it('finishes a job whose worker was killed mid-delivery, and delivers it once', async () => {
    const work = (await (await api(portA, 'POST', '/works', authorToken, workInput({ title: 'Kept Promise' }))).json()) as { id: number };
    expect((await api(portB, 'POST', '/subscriptions', readerToken, { work_id: work.id })).status).toBeLessThan(300);
    smtp.hold(true);
    const first = start(['worker'], { JOB_LEASE_SECONDS: '2', BASE_URL: `http://127.0.0.1:${portA}` });
    const chapter = await api(portA, 'POST', `/works/${work.id}/chapters`, authorToken, { title: 'The Second Part', body: '<p>The boat came in at last.</p>', body_format: 'html' });
    expect(chapter.status).toBe(201);
    // The worker fans the chapter out and reaches the SMTP server, which keeps it waiting mid-delivery.
    await until('a delivery in progress', async () => (smtp.held() > 0 ? true : undefined), 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    smtp.hold(false);
    start(['worker'], { JOB_LEASE_SECONDS: '2', BASE_URL: `http://127.0.0.1:${portA}` });
    await until('the email delivered', async () => (smtp.received.some((m) => m.to.includes(readerEmail)) ? true : undefined), 60_000);
    // Time for a duplicate to show up, were the job to run twice.
    await new Promise((r) => setTimeout(r, 4_000));
    const mails = smtp.received.filter((m) => m.to.includes(readerEmail));
    expect(mails.map((m) => m.text.includes('Kept Promise'))).toEqual([true]);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const notifications = await db.query(`select count(*)::int as n from notifications n join users u on u.id = n.user_id where u.username = 'tidewatcher'`);
      expect(notifications.rows[0].n).toBe(1);
      const pending = await db.query(`select count(*)::int as n from jobs where done_at is null and failed_at is null`);
      expect(pending.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  }, 120_000);
});
