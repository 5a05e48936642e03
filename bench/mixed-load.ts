// Mixed load (issue 6 §7): the real server as a separate process on a seeded archive, and this process as the load:
// reads (work, chapter, listing), searches, comments, kudos and posts (bearer tokens) for N seconds from a few
// keep-alive clients. Prints requests/s, p50 and p99 per kind, the 5xx count (must be 0) and the server's resident
// memory sampled every two seconds (first vs last: memory flat), and merges the figures into bench/results.json
// under "mixed_load" (other keys are kept). test/failure/mixed-load.test.ts runs a 5-second version.
//
// Run: npm run bench:mixed [-- --seconds 60] [-- --works 5000] [-- --concurrency 8] [-- --pg postgres://…] [-- --heap-mb 64]
// (BENCH_DATABASE_URL works as --pg.) Prints figures; not a test.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { registerUser } from '../src/accounts/accounts.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import { seedArchive } from '../src/seed/seed.js';
import { recordResults } from './results.js';
import { sampleReadableWorks } from '../test/failure/failure.queries.js';
import { apiToken, createPgSchema, freePort, startServerProcess } from '../test/failure/server-process.js';

export const KINDS = ['work', 'chapter', 'listing', 'search', 'comment', 'kudos', 'post'] as const;
export type Kind = (typeof KINDS)[number];
/** Relative weight of each kind in the mix: mostly reading, as on a real archive. */
const WEIGHTS: Record<Kind, number> = { work: 25, chapter: 20, listing: 15, search: 10, comment: 12, kudos: 10, post: 8 };

export interface MixedLoadOptions {
  readonly seconds: number;
  /** Works in the seeded archive. */
  readonly works: number;
  /** Clients sending one request at a time each. */
  readonly concurrency: number;
  /** PostgreSQL base URL (a fresh schema is made and dropped); SQLite in a temporary directory otherwise. */
  readonly databaseUrl?: string | undefined;
  readonly log?: (line: string) => void;
  /** Flags for the server's node process (e.g. --trace-gc to see the heap after each collection). */
  readonly nodeArgs?: readonly string[];
  /** Receives everything the server printed, once the load is over. */
  readonly onServerOutput?: (output: string) => void;
}

export interface KindFigures {
  readonly requests: number;
  readonly ok: number;
  readonly client_errors: number;
  readonly server_errors: number;
  readonly failed: number;
  readonly per_second: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
}

export interface MixedLoadResult {
  readonly engine: 'sqlite' | 'postgres';
  readonly seconds: number;
  readonly works: number;
  readonly concurrency: number;
  readonly requests: number;
  readonly per_second: number;
  /** Answers with a 5xx status, over all kinds: must be 0. */
  readonly server_errors: number;
  /** Requests that got no answer at all (connection refused or reset). */
  readonly failed: number;
  readonly kinds: Record<Kind, KindFigures>;
  /**
   * Resident memory of the server in MB, sampled every two seconds: before the load (idle), the first sample after
   * the warm-up (a quarter of the run, at most 10 s), the last, the largest. Memory is flat when last ≈ first.
   */
  readonly rss_mb: { readonly idle: number; readonly first: number; readonly last: number; readonly max: number; readonly samples: number[] };
  /**
   * The server's live JavaScript heap in MB right after each full collection (Mark-Compact, from --trace-gc) while the
   * load ran: what the process really keeps. RSS also holds garbage V8 has not collected yet, so it climbs for a
   * while even when nothing leaks; a leak shows here as a rising floor.
   */
  readonly heap_after_gc_mb: { readonly first: number | null; readonly last: number | null; readonly samples: number[] };
  /** A few 4xx/5xx answers, for diagnosis. */
  readonly sample_errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
const mb = (bytes: number | undefined) => Math.round(((bytes ?? 0) / 1024 / 1024) * 10) / 10;

/** Seeds an archive, starts the server on it, runs the mix for `seconds`, stops the server, and returns the figures. */
export async function runMixedLoad(options: MixedLoadOptions): Promise<MixedLoadResult> {
  const log = options.log ?? (() => {});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-mixed-'));
  let db: Db;
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (options.databaseUrl) {
    const schema = await createPgSchema(options.databaseUrl, 'mixed');
    db = schema.db;
    databaseUrl = schema.url;
    drop = schema.drop;
  } else {
    db = openDatabase({ sqliteFile: path.join(dataDir, 'chapterhouse.db') });
  }
  const password = 'mixed load password';
  try {
    await migrateToLatest(db);
    const seedStarted = performance.now();
    await seedArchive(db, { works: options.works, seed: 11 });
    log(`seeded ${options.works} works in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const tag = crypto.randomBytes(3).toString('hex');
    const users = await Promise.all(
      Array.from({ length: options.concurrency }, (_, i) => registerUser(db, config, { username: `load${i}x${tag}`, email: `load${i}x${tag}@example.org`, password }, { force: true })),
    );
    const targets = await sampleReadableWorks(db, 500);
    if (targets.length === 0) throw new Error('the seeded archive has no readable works');
    const terms = [...new Set(targets.flatMap((w) => w.title.toLowerCase().split(/[^a-z]+/)).filter((word) => word.length >= 5))].slice(0, 40);
    if (!options.databaseUrl) await db.destroy();

    const spawnedAt = performance.now();
    const server = await startServerProcess({ dataDir, databaseUrl, port: await freePort(), nodeArgs: ['--trace-gc', ...(options.nodeArgs ?? [])] });
    try {
      const tokens = await Promise.all(users.map((u) => apiToken(server.url, u.username, password)));
      const loadFrom = performance.now() - spawnedAt;
      const result = await drive(server, tokens, targets, terms.length ? terms : ['harbour'], options, log);
      const heap = liveHeapAfterFullGc(server.output(), loadFrom);
      return { ...result, heap_after_gc_mb: { first: heap[0] ?? null, last: heap.at(-1) ?? null, samples: heap } };
    } finally {
      await server.kill('SIGTERM');
      options.onServerOutput?.(server.output());
    }
  } finally {
    if (options.databaseUrl) await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The main isolate's heap size after each Mark-Compact at or after `fromMs` (process uptime), parsed from --trace-gc
 * lines such as `[pid:0x…]  14441 ms: Mark-Compact 35.1 (39.6) -> 32.1 (39.8) MB, …`. Worker isolates (fewer lines) are left out.
 */
export function liveHeapAfterFullGc(output: string, fromMs: number): number[] {
  const lines = [...output.matchAll(/^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact)[^\n]*?-> ([\d.]+) \(/gm)];
  const perIsolate = new Map<string, number>();
  for (const m of lines) perIsolate.set(m[1]!, (perIsolate.get(m[1]!) ?? 0) + 1);
  const main = [...perIsolate].sort((a, b) => b[1] - a[1])[0]?.[0];
  return lines.filter((m) => m[1] === main && m[3] === 'Mark-Compact' && Number(m[2]) >= fromMs).map((m) => Number(m[4]));
}

async function drive(
  server: { url: string; rss(): number | undefined },
  tokens: readonly string[],
  targets: readonly { id: number; title: string }[],
  terms: readonly string[],
  options: MixedLoadOptions,
  log: (line: string) => void,
): Promise<Omit<MixedLoadResult, 'heap_after_gc_mb'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const { hostname, port } = new URL(server.url);
  const send = (method: string, pathname: string, headers: Record<string, string>, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: hostname, port, method, path: pathname, agent, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });

  const total = KINDS.reduce((sum, k) => sum + WEIGHTS[k], 0);
  const chooseKind = (): Kind => {
    let roll = Math.random() * total;
    for (const kind of KINDS) if ((roll -= WEIGHTS[kind]) < 0) return kind;
    return 'work';
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  const figures = new Map(KINDS.map((k) => [k, { times: [] as number[], ok: 0, client: 0, server: 0, failed: 0 }]));
  const sampleErrors: string[] = [];
  let seq = 0;

  const oneRequest = async (client: number, kind: Kind): Promise<void> => {
    const work = pick(targets);
    const auth = { authorization: `Bearer ${tokens[client]!}` };
    const jsonAuth = { ...auth, 'content-type': 'application/json' };
    const page = { accept: 'text/html' };
    const n = ++seq;
    const [method, pathname, headers, body] = ((): [string, string, Record<string, string>, string?] => {
      switch (kind) {
        case 'work':
          return ['GET', `/works/${work.id}`, page];
        case 'chapter':
          return ['GET', `/works/${work.id}/chapters/1`, page];
        case 'listing':
          return ['GET', n % 3 === 0 ? '/api/v1/works' : `/works${n % 3 === 1 ? '?page=2' : ''}`, page];
        case 'search':
          return ['GET', `/search?q=${encodeURIComponent(pick(terms))}`, page];
        case 'comment':
          return ['POST', `/api/v1/works/${work.id}/chapters/1/comments`, jsonAuth, JSON.stringify({ body: `A comment under load, number ${n}.` })];
        case 'kudos':
          return ['POST', `/api/v1/works/${work.id}/kudos`, auth];
        case 'post':
          return [
            'POST',
            '/api/v1/works',
            jsonAuth,
            JSON.stringify({
              title: `Posted under load ${n}`,
              rating: 'General Audiences',
              warnings: ['No Archive Warnings Apply'],
              fandoms: ['Original Work'],
              freeforms: ['Load test'],
              chapters: [{ title: 'One', body: `<p>${'The tide came in and went out again. '.repeat(40)}</p>` }],
            }),
          ];
      }
    })();
    const f = figures.get(kind)!;
    const started = performance.now();
    try {
      const status = await send(method, pathname, headers, body);
      f.times.push(performance.now() - started);
      if (status < 400) f.ok++;
      else {
        if (status >= 500) f.server++;
        else f.client++;
        if (sampleErrors.length < 10) sampleErrors.push(`${method} ${pathname} → ${status}`);
      }
    } catch (error) {
      f.failed++;
      if (sampleErrors.length < 10) sampleErrors.push(`${method} ${pathname} → ${(error as Error).message}`);
    }
  };

  const rss: number[] = [mb(server.rss())];
  const started = performance.now();
  const endAt = started + options.seconds * 1000;
  let running = true;
  const sampler = (async () => {
    while (running) {
      await sleep(2000);
      if (running) rss.push(mb(server.rss()));
      const done = [...figures.values()].reduce((sum, f) => sum + f.times.length + f.failed, 0);
      log(`  ${Math.round((performance.now() - started) / 1000)} s: ${done} requests, server RSS ${rss.at(-1)} MB`);
    }
  })();
  // Each client covers every kind once first, then follows the weights.
  await Promise.all(
    tokens.map(async (_, client) => {
      let i = 0;
      while (performance.now() < endAt) await oneRequest(client, i < KINDS.length ? KINDS[(i++ + client) % KINDS.length]! : chooseKind());
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await sampler;
  rss.push(mb(server.rss()));
  agent.destroy();

  const kinds = {} as Record<Kind, KindFigures>;
  for (const kind of KINDS) {
    const f = figures.get(kind)!;
    const sorted = [...f.times].sort((a, b) => a - b);
    const requests = f.times.length + f.failed;
    kinds[kind] = {
      requests,
      ok: f.ok,
      client_errors: f.client,
      server_errors: f.server,
      failed: f.failed,
      per_second: Math.round((requests / elapsed) * 10) / 10,
      p50_ms: Math.round(percentile(sorted, 50)),
      p99_ms: Math.round(percentile(sorted, 99)),
    };
  }
  const requests = KINDS.reduce((sum, k) => sum + kinds[k].requests, 0);
  return {
    engine: options.databaseUrl ? 'postgres' : 'sqlite',
    seconds: Math.round(elapsed * 10) / 10,
    works: options.works,
    concurrency: options.concurrency,
    requests,
    per_second: Math.round((requests / elapsed) * 10) / 10,
    server_errors: KINDS.reduce((sum, k) => sum + kinds[k].server_errors, 0),
    failed: KINDS.reduce((sum, k) => sum + kinds[k].failed, 0),
    kinds,
    rss_mb: { idle: rss[0]!, first: rss[Math.min(rss.length - 1, Math.max(1, Math.round(Math.min(10, options.seconds / 4) / 2)))]!, last: rss.at(-1)!, max: Math.max(...rss), samples: rss },
    sample_errors: sampleErrors,
  };
}

function heapLine(samples: readonly number[]): string {
  if (!samples.length) return 'no full collection during the run (try --heap-mb 64)';
  return `first ${samples[0]} MB, last ${samples.at(-1)} MB, range ${Math.min(...samples)}–${Math.max(...samples)} MB over ${samples.length} collections`;
}

/** The figures as a table. */
export function formatResult(result: MixedLoadResult): string {
  const lines = [
    `Mixed load on ${result.engine}: ${result.works} seeded works, ${result.concurrency} clients, ${result.seconds} s, ${result.requests} requests (${result.per_second}/s)`,
    `${'kind'.padEnd(9)} ${'req/s'.padStart(7)} ${'ok'.padStart(6)} ${'4xx'.padStart(5)} ${'5xx'.padStart(5)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`,
    ...KINDS.map((k) => {
      const f = result.kinds[k];
      return `${k.padEnd(9)} ${String(f.per_second).padStart(7)} ${String(f.ok).padStart(6)} ${String(f.client_errors).padStart(5)} ${String(f.server_errors).padStart(5)} ${String(f.p50_ms).padStart(7)} ${String(f.p99_ms).padStart(7)}`;
    }),
    `5xx: ${result.server_errors}; no answer: ${result.failed}`,
    `server RSS: idle ${result.rss_mb.idle} MB, after warm-up ${result.rss_mb.first} MB, last ${result.rss_mb.last} MB, max ${result.rss_mb.max} MB (samples: ${result.rss_mb.samples.join(' ')})`,
    `live heap after each full GC: ${heapLine(result.heap_after_gc_mb.samples)}`,
  ];
  if (result.sample_errors.length) lines.push(`errors seen: ${result.sample_errors.join('; ')}`);
  return lines.join('\n');
}

/** Merges `result` into bench/results.json under mixed_load, by engine (and heap limit) (other benchmarks' keys, and the other engine's figures, are kept). */
export function saveResult(result: MixedLoadResult, key: string = result.engine): void {
  let previous: Record<string, unknown> = {};
  try {
    const all = JSON.parse(fs.readFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), 'utf8')) as { mixed_load?: { figures?: Record<string, unknown> } };
    previous = all.mixed_load?.figures ?? {};
  } catch {
    // no results yet
  }
  recordResults('mixed_load', { ...previous, [key]: result });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '60' }, works: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '8' }, pg: { type: 'string' }, 'heap-mb': { type: 'string' } },
  });
  const result = await runMixedLoad({
    seconds: Number(values.seconds),
    works: Number(values.works),
    concurrency: Number(values.concurrency),
    databaseUrl: values.pg ?? process.env.BENCH_DATABASE_URL,
    // A small heap makes V8 collect often, so the live-heap figures show whether anything accumulates.
    ...(values['heap-mb'] ? { nodeArgs: [`--max-old-space-size=${Number(values['heap-mb'])}`] } : {}),
    log: (line) => console.error(line),
  });
  console.log(formatResult(result));
  saveResult(result, values['heap-mb'] ? `${result.engine}_heap_${Number(values['heap-mb'])}mb` : result.engine);
  console.log('Written to bench/results.json (mixed_load).');
  if (result.server_errors > 0) process.exitCode = 1;
}
