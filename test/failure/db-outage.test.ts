import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/connection.js';
import { apiToken, createPgSchema, freePort, startServerProcess, withSearchPath, type ServerProcess } from './server-process.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

// Issue 6 §7, database outage (PostgreSQL only). The shared PostgreSQL keeps running for everyone else: the server
// reaches it through a TCP proxy this test cuts and restores. While the database is unreachable every request must
// answer 503 quickly (a clear page, JSON for the API, Retry-After), the process must not crash, and once the proxy
// forwards again the same process must answer 200 without a restart.

const DATABASE_URL = process.env.TEST_DATABASE_URL;
const PASSWORD = 'outage test password';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

type Phase = 'up' | 'refused' | 'stalled' | 'recovering' | 'back';
interface Observation {
  /** The phase when the request was sent. */
  readonly phase: Phase;
  /** The phase when its answer came (a request in flight at a cut may end either way). */
  readonly ended: Phase;
  readonly what: string;
  readonly status: number | 'error';
  readonly ms: number;
  /** When the request was sent and answered (performance.now()). */
  readonly start: number;
  readonly end: number;
}

if (!DATABASE_URL) {
  console.log('database outage test skipped: it needs PostgreSQL (set TEST_DATABASE_URL=postgres://…).');
}

describe.skipIf(!DATABASE_URL)('database outage (PostgreSQL only; skipped without TEST_DATABASE_URL)', () => {
  let server: ServerProcess | undefined;
  let proxy: TcpProxy | undefined;
  let drop: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await proxy?.close();
    await drop?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 (page and JSON, Retry-After) within seconds while the database is cut off, never crashes, and recovers by itself', { timeout: 120_000 }, async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-outage-'));
    const schema = await createPgSchema(DATABASE_URL!, 'outage');
    drop = schema.drop;
    await migrateToLatest(schema.db);
    const user = await registerUser(schema.db, loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { username: `outage${process.pid}`, email: `outage${process.pid}@example.org`, password: PASSWORD }, { force: true });

    const target = new URL(DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(DATABASE_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServerProcess({ dataDir, databaseUrl: withSearchPath(viaProxy.toString(), schema.schema), port: await freePort() });
    const base = server.url;
    const token = await apiToken(base, user.username, PASSWORD);
    const created = await fetch(`${base}/api/v1/works`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Before the outage', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], chapters: [{ body: '<p>Still here.</p>' }] }),
    });
    expect(created.status).toBe(201);
    const workId = ((await created.json()) as { id: number }).id;

    // Light load all along: a reader on the work page and an API client, one request at a time each.
    let phase: Phase = 'up';
    let running = true;
    const seen: Observation[] = [];
    const timed = async (what: string, url: string, init: RequestInit = {}): Promise<{ response: Response | undefined; body: string; ms: number }> => {
      const started = performance.now();
      const at = phase;
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        const body = await response.text();
        const ms = performance.now() - started;
        seen.push({ phase: at, ended: phase, what, status: response.status, ms, start: started, end: started + ms });
        return { response, body, ms };
      } catch {
        const ms = performance.now() - started;
        seen.push({ phase: at, ended: phase, what, status: 'error', ms, start: started, end: started + ms });
        return { response: undefined, body: '', ms };
      }
    };
    const load = async (what: string, url: string, init: RequestInit) => {
      while (running) {
        await timed(what, url, init);
        await sleep(100);
      }
    };
    const page = { headers: { accept: 'text/html' } };
    // A signed-in reader's page is personal: never from the render cache, so it needs the database.
    const personalPage = { headers: { accept: 'text/html', authorization: `Bearer ${token}` } };
    const api = { headers: { authorization: `Bearer ${token}` } };
    const loops = [load('work page', `${base}/works/${workId}`, page), load('API work', `${base}/api/v1/works/${workId}`, api), load('front page', `${base}/`, page)];
    await sleep(1000);

    // 1. PostgreSQL refuses connections (stopped): pooled connections die, new ones are refused.
    await proxy.cut('refuse');
    phase = 'refused';
    await sleep(500);
    const htmlDown = await timed('probe page', `${base}/works/${workId}`, personalPage);
    expect(htmlDown.response?.status).toBe(503);
    expect(htmlDown.response?.headers.get('content-type')).toMatch(/text\/html/);
    expect(htmlDown.response?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(decode(htmlDown.body)).toContain("The archive's database is unavailable");
    // A guest's page already in the render cache keeps being served while the database is away.
    const cachedDown = await timed('probe cached guest page', `${base}/works/${workId}`, page);
    expect([200, 503]).toContain(cachedDown.response?.status);
    const apiDown = await timed('probe API', `${base}/api/v1/works/${workId}`, api);
    expect(apiDown.response?.status).toBe(503);
    expect(apiDown.response?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((JSON.parse(apiDown.body) as { error: { code: string } }).error.code).toBe('database_unavailable');
    const writeDown = await timed('probe write', `${base}/api/v1/works/${workId}`, { method: 'PATCH', headers: { ...api.headers, 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'During the outage' }) });
    expect(writeDown.response?.status).toBe(503);
    await sleep(1500);

    // 2. The database host hangs: connections are accepted and never answered. Requests wait for the connect
    //    timeout (src/db/connection.ts), not forever.
    await proxy.cut('stall');
    phase = 'stalled';
    const stalledAt = performance.now();
    const stalled = await timed('probe API (stalled)', `${base}/api/v1/works/${workId}`, api);
    expect(stalled.response?.status).toBe(503);
    expect(stalled.ms).toBeLessThan(9_000);
    expect((JSON.parse(stalled.body) as { error: { code: string } }).error.code).toBe('database_unavailable');

    // 3. The database is back: the same process answers 200 again, with no restart.
    await proxy.restore();
    phase = 'recovering';
    const deadline = Date.now() + 20_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = (await timed('probe recovery', `${base}/api/v1/works/${workId}`, api)).response?.status === 200;
      if (!recovered) await sleep(200);
    }
    expect(recovered, 'the server answers 200 again once the database is back').toBe(true);
    phase = 'back';
    await sleep(1000);
    const write = await timed('write after', `${base}/api/v1/works/${workId}`, { method: 'PATCH', headers: { ...api.headers, 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'After the outage' }) });
    expect(write.response?.status).toBe(200);
    expect((await timed('page after', `${base}/works/${workId}`, page)).body).toContain('After the outage');
    running = false;
    await Promise.all(loops);

    expect(server.alive(), `the server process is still running:\n${server.output().slice(-2000)}`).toBe(true);
    // Only 200 (database up) or 503 (database down) at any time: no 500, no dropped connection.
    expect(seen.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    const within = (p: Phase) => seen.filter((o) => o.phase === p && o.ended === p);
    expect([...within('up'), ...within('back')].filter((o) => o.status !== 200)).toEqual([]);
    // Everything that needs the database says 503; guests' pages already rendered may still come from the cache.
    const fromCache = new Set(['work page', 'front page', 'probe cached guest page']);
    expect(within('refused').filter((o) => o.status !== 503 && !(fromCache.has(o.what) && o.status === 200))).toEqual([]);
    expect(seen.filter((o) => o.phase === 'refused').length).toBeGreaterThan(5);
    // No request hung: refused connections fail at once, a hanging host within the connect timeout. A request sent
    // while connections were refused may still be waiting for its connection when the host starts to hang, and then
    // waits out the connect timeout like any stalled request: only its time before the hang counts here.
    expect(seen.filter((o) => o.phase === 'refused' && Math.min(o.end, stalledAt) - o.start > 3_000)).toEqual([]);
    expect(seen.filter((o) => o.ms > 9_000)).toEqual([]);
    expect(server.output()).not.toMatch(/unhandled error|uncaught/i);
    console.log(
      `database outage: ${seen.length} requests; ` +
        (['up', 'refused', 'stalled', 'recovering', 'back'] as const)
          .map((p) => {
            const of = seen.filter((o) => o.phase === p);
            return `${p}: ${of.length} (${[...new Set(of.map((o) => o.status))].join('/')}, slowest ${Math.round(Math.max(0, ...of.map((o) => o.ms)))} ms)`;
          })
          .join('; '),
    );
  });
});
