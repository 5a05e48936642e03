// `npm run bench`: the whole benchmark suite of issue 7 §2, end to end on a fresh clone (seeding included). Prints a
// table of every figure beside its ceiling or target and whether it is met, and writes the figures to
// bench/results.json (under suite_sqlite / suite_postgresql). Parts by name:
//   npm run bench -- listings search posting chapter memory seed     (any of them; all by default)
//   npm run bench -- --quick                                         (small corpora, 1-second rounds: under 2 minutes)
//   npm run bench -- --pg postgres://postgres@127.0.0.1:5432/test    (or BENCH_DATABASE_URL: PostgreSQL where it applies)
// Corpora live in BENCH_DATA_DIR (default bench/.data, git-ignored), figures go to BENCH_RESULTS_FILE (default
// bench/results.json). Prints figures; not a test (test/bench-smoke.test.ts runs --quick for behaviour only).

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { insertSession } from '../src/accounts/sessions.queries.js';
import { createApp } from '../src/app.js';
import { createProgressReporter } from '../src/backup/progress.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import { migrations } from '../src/db/migrations/index.js';
import type { Database } from '../src/db/schema.js';
import { hashToken, randomToken } from '../src/http/crypto.js';
import { loadFilteredListing } from '../src/listings/listings.js';
import { countAllWorks } from '../src/seed/seed.queries.js';
import { seedArchive } from '../src/seed/seed.js';
import { freePort } from '../test/ports.js';
import { benchWorks, countBenchWorks, firstReader, firstSynonyms, popularFilterTags } from './bench.queries.js';
import { liveHeapAfterFullGc } from './mixed-load.js';
import { measureFanout } from './notify-fanout.js';
import { readResults, recordResults } from './results.js';

const PARTS = ['seed', 'chapter', 'listings', 'search', 'posting', 'memory'] as const;
type Part = (typeof PARTS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, pg: { type: 'string' }, 'pg-only': { type: 'boolean', default: false }, sizes: { type: 'string' } },
});
const QUICK = values.quick ?? false;
const PG_URL = values.pg ?? process.env.BENCH_DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(process.env.BENCH_DATA_DIR || path.join(import.meta.dirname, '.data'));
const SIZES = values.sizes ? values.sizes.split(',').map(Number) : QUICK ? [1_000, 3_000] : [10_000, 100_000, 1_000_000];
const LARGEST = Math.max(...SIZES);
const SMALLEST = Math.min(...SIZES);
const SEED = 7;
/** Distinct filters of the issue's shape, so one cached answer does not stand for all. */
const FILTERS = 20;
/** Measured passes over the filters (each filter answered this many times per row). */
const PASSES = QUICK ? 1 : 3;
/** Wall-clock cap on one row's measuring, after at least MIN_SAMPLES samples. */
const ROW_BUDGET_MS = QUICK ? 2_000 : 60_000;
const MIN_SAMPLES = 5;
const SUBSCRIBERS = QUICK ? 500 : 10_000;
const MEMORY_SECONDS = QUICK ? 1 : 15;
const RATINGS = ['General Audiences,Teen And Up Audiences', 'Teen And Up Audiences,Mature'];
const SEARCH_WORDS = ['harbour', 'lighthouse', 'orchard', 'kettle', 'compass'];
const VIEWER = { limit: 20, offset: 0, excludeAuthorIds: [], excludeTagIds: [] };

for (const name of positionals) {
  if (!(PARTS as readonly string[]).includes(name)) {
    console.error(`Unknown part "${name}". Parts: ${PARTS.join(', ')}.`);
    process.exit(2);
  }
}
const SELECTED = new Set<Part>(positionals.length > 0 ? (positionals as Part[]) : PARTS);

// ---------------------------------------------------------------------------------------------------------------
// Figures and the table

interface Row {
  readonly part: Part;
  readonly engine: string;
  readonly figure: string;
  readonly size?: number;
  readonly value: string;
  readonly target?: string;
  /** true / false against the target; null when there is none or it could not be measured. */
  readonly met: boolean | null;
  readonly data?: Record<string, unknown>;
}

const rows: Row[] = [];

function addRow(row: Row): void {
  rows.push(row);
  const mark = row.met === null ? '' : row.met ? '  ✓ met' : '  ✗ missed';
  console.log(`  ${row.figure}${row.size ? ` @ ${sizeLabel(row.size)}` : ''}: ${row.value}${row.target ? `  (target ${row.target})` : ''}${mark}`);
}

function sizeLabel(size: number): string {
  return size >= 1_000_000 && size % 1_000_000 === 0 ? `${size / 1_000_000}M` : size >= 1_000 && size % 1_000 === 0 ? `${size / 1_000}k` : String(size);
}

function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 100 ? `${Math.round(value).toLocaleString('en')} ms` : `${value.toFixed(1)} ms`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}

function printTable(): void {
  console.log(`\n| part | engine | figure | size | result | ceiling / target | met |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (const r of rows) {
    console.log(`| ${r.part} | ${r.engine} | ${r.figure} | ${r.size ? sizeLabel(r.size) : ''} | ${r.value} | ${r.target ?? ''} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`);
  }
  const targets = rows.filter((r) => r.met !== null);
  console.log(`\n${targets.filter((r) => r.met).length} of ${targets.length} targets met.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Engines and corpora

interface Engine {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly key: 'sqlite' | 'postgresql';
  /** The corpus directory: the SQLite file (and the server's DATA_DIR) or, on PostgreSQL, the seeding record. */
  dir(size: number): string;
  open(size: number): Promise<Db>;
  /** The environment that points `chapterhouse serve` at the corpus. */
  serverEnv(size: number): Record<string, string>;
  schema(size: number): string | undefined;
}

const sqliteEngine: Engine = {
  name: 'SQLite',
  key: 'sqlite',
  dir: (size) => path.join(DATA, `sqlite-${size}`),
  open: async (size) => openDatabase({ sqliteFile: path.join(DATA, `sqlite-${size}`, 'chapterhouse.db') }),
  serverEnv: (size) => ({ DATA_DIR: path.join(DATA, `sqlite-${size}`) }),
  schema: () => undefined,
};

function pgEngine(url: string): Engine {
  const schema = (size: number) => `bench_listings_${size}`;
  return {
    name: 'PostgreSQL',
    key: 'postgresql',
    dir: (size) => path.join(DATA, `postgresql-${size}`),
    open: async (size) => {
      const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
      await sql`create schema if not exists ${sql.id(schema(size))}`.execute(admin);
      await admin.destroy();
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema(size)}` }) }) });
    },
    serverEnv: (size) => {
      const withSchema = new URL(url);
      withSchema.searchParams.set('options', `-c search_path=${schema(size)}`);
      return { DATABASE_URL: withSchema.toString(), DATA_DIR: path.join(DATA, `postgresql-${size}`) };
    },
    schema,
  };
}

interface SeedRecord {
  readonly works: number;
  readonly seed?: number;
  readonly seconds?: number;
  readonly seeded_at?: string;
}

/** The seeding time a corpus's seeded.json records (its `seconds`, or another field naming seconds), or null. */
function readSeedRecord(dir: string): { seconds: number | null; record: Record<string, unknown> | null } {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'seeded.json'), 'utf8')) as Record<string, unknown>;
    const key = ['seconds', 'seed_seconds', 'seconds_taken', 'duration_seconds', 'duration_s', 'elapsed_seconds'].find((k) => typeof record[k] === 'number') ??
      Object.keys(record).find((k) => /second|duration|elapsed/i.test(k) && typeof record[k] === 'number');
    return { seconds: key ? (record[key] as number) : null, record };
  } catch {
    return { seconds: null, record: null };
  }
}

async function pendingMigrations(db: Db, schema: string | undefined): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

async function worksIn(db: Db): Promise<number> {
  try {
    return await countAllWorks(db);
  } catch {
    return 0; // no schema yet
  }
}

interface CorpusState {
  readonly size: number;
  readonly seeded_now: boolean;
  readonly seed_seconds: number | null;
  readonly migrated: readonly string[];
  readonly migrate_seconds: number;
}

const corpora = new Map<string, CorpusState>();

/**
 * Opens the corpus of `size` works, seeding it when it is absent (`chapterhouse seed`'s generator, seed 7) and
 * bringing an existing one up to date ("migrating"). A corpus with another count is refused, never deleted.
 */
async function openCorpus(engine: Engine, size: number): Promise<Db> {
  const dir = engine.dir(size);
  const key = `${engine.key}-${size}`;
  if (engine.key === 'sqlite' && !corpora.has(key) && !fs.existsSync(path.join(dir, 'seeded.json'))) {
    // Someone else's seeding (the 1M corpus is seeded apart) may still be writing: leave it alone until it is done.
    const recent = ['chapterhouse.db', 'chapterhouse.db-wal']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => Date.now() - fs.statSync(f).mtimeMs);
    if (recent.some((age) => age < 120_000)) {
      throw new Error(`${dir} has no seeded.json and was written ${Math.round(Math.min(...recent) / 1000)} s ago: its seeding looks unfinished. Wait for it (or delete the directory to seed it here).`);
    }
  }
  const db = await engine.open(size);
  if (corpora.has(key)) return db;
  try {
    // Works the posting part added (one per corpus) are not the corpus's own.
    const existing = await worksIn(db);
    const added = existing > 0 ? await countBenchWorks(db) : 0;
    if (existing > 0 && existing - added !== size) {
      throw new Error(`The ${size.toLocaleString('en')} corpus holds ${(existing - added).toLocaleString('en')} works: delete ${engine.key === 'sqlite' ? dir : `the ${engine.schema(size)} schema`} and run again.`);
    }
    const pending = existing > 0 ? await pendingMigrations(db, engine.schema(size)) : [];
    if (pending.length > 0) console.log(`  ${engine.name} ${sizeLabel(size)}: migrating (${pending.join(', ')})…`);
    const migrateStarted = performance.now();
    await migrateToLatest(db);
    const migrateSeconds = (performance.now() - migrateStarted) / 1000;
    if (pending.length > 0) console.log(`  ${engine.name} ${sizeLabel(size)}: migrated in ${migrateSeconds.toFixed(1)} s`);
    let seededNow = false;
    let seconds: number | null;
    if (existing === 0) {
      console.log(`  ${engine.name} ${sizeLabel(size)}: seeding ${size.toLocaleString('en')} works (seed ${SEED})…`);
      const started = performance.now();
      const reporters = new Map<string, ReturnType<typeof createProgressReporter>>();
      await seedArchive(db, {
        works: size,
        seed: SEED,
        onProgress: (done, total, phase) => {
          let reporter = reporters.get(phase);
          if (!reporter) {
            for (const other of reporters.values()) other.finish();
            reporters.set(phase, (reporter = createProgressReporter(process.stderr, `Seeding ${phase}`)));
          }
          reporter.update(done, total, phase);
        },
      });
      for (const reporter of reporters.values()) reporter.finish();
      seconds = (performance.now() - started) / 1000;
      seededNow = true;
      fs.mkdirSync(dir, { recursive: true });
      const record: SeedRecord & Record<string, unknown> = { works: size, seed: SEED, seconds: Number(seconds.toFixed(1)), seeded_at: new Date().toISOString(), engine: engine.name, load: os.loadavg()[0]!.toFixed(1) };
      fs.writeFileSync(path.join(dir, 'seeded.json'), JSON.stringify(record, null, 2) + '\n');
    } else {
      seconds = readSeedRecord(dir).seconds;
    }
    corpora.set(key, { size, seeded_now: seededNow, seed_seconds: seconds, migrated: pending, migrate_seconds: migrateSeconds });
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** A session for the first ordinary account of the corpus: the `Cookie` header of a signed-in reader. */
async function readerCookie(db: Db): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await insertSession(db, { token_hash: hashToken(token), user_id: await firstReader(db), created_at: new Date(now).toISOString(), expires_at: new Date(now + 86_400_000).toISOString(), user_agent: 'bench suite' });
  return `ch_session=${token}; view_adult=true`;
}

// ---------------------------------------------------------------------------------------------------------------
// The listing summary cache (src/listings/listing-summaries.ts): cleared before each "cold" request once it exists.

async function summaryCache(): Promise<{ clear: () => void } | null> {
  const file = path.join(ROOT, 'src/listings/listing-summaries.ts');
  if (!fs.existsSync(file)) return null;
  const spec = '../src/listings/listing-summaries.js';
  const mod = (await import(spec)) as { clearListingSummaries?: () => void };
  return typeof mod.clearListingSummaries === 'function' ? { clear: mod.clearListingSummaries } : null;
}

/**
 * Times `run(i)` over the inputs: "warm" answers each input once unmeasured and then PASSES times in a row; "cold"
 * clears the summary cache before every request, PASSES passes over all inputs. Stops early past ROW_BUDGET_MS.
 */
async function timeInputs(count: number, run: (i: number) => Promise<unknown>, mode: 'warm' | 'cold', clear: (() => void) | null): Promise<Latency> {
  for (let i = 0; i < Math.min(2, count); i++) {
    clear?.();
    await run(i); // JIT and page cache
  }
  const times: number[] = [];
  const started = performance.now();
  const over = () => times.length >= MIN_SAMPLES && performance.now() - started > ROW_BUDGET_MS;
  if (mode === 'warm') {
    for (let i = 0; i < count && !over(); i++) {
      await run(i);
      for (let pass = 0; pass < PASSES; pass++) {
        const t = performance.now();
        await run(i);
        times.push(performance.now() - t);
      }
    }
  } else {
    for (let pass = 0; pass < PASSES && !over(); pass++) {
      for (let i = 0; i < count && !over(); i++) {
        clear?.();
        const t = performance.now();
        await run(i);
        times.push(performance.now() - t);
      }
    }
  }
  return latency(times);
}

interface Filter {
  readonly meta: string;
  readonly synonym: string;
  readonly exclude: string;
  readonly ratings: string;
}

/**
 * FILTERS distinct filters of the issue's shape, picked deterministically from the corpus: a popular meta fandom
 * (matched through its sub fandoms), a synonym of a popular freeform (matched through its canonical tag), one
 * excluded popular freeform, a rating filter; sorted by kudos.
 */
async function pickFilters(db: Db): Promise<Filter[]> {
  let metas = await popularFilterTags(db, 'fandom', { parentsOnly: true, limit: 5 });
  if (metas.length === 0) metas = await popularFilterTags(db, 'fandom', { parentsOnly: false, limit: 5 });
  const freeforms = await popularFilterTags(db, 'freeform', { parentsOnly: false, limit: 8 });
  const withSynonym = await popularFilterTags(db, 'freeform', { parentsOnly: false, limit: 4, withSynonymsOnly: true });
  const synonyms = await firstSynonyms(db, withSynonym.map((f) => f.id));
  const excludes = freeforms.filter((f) => !synonyms.has(f.id)).slice(0, 3);
  if (metas.length === 0 || excludes.length === 0 || withSynonym.length === 0) throw new Error('The corpus has no meta fandoms or freeform synonyms to filter by.');
  const filters: Filter[] = [];
  const seen = new Set<string>();
  for (let k = 0; filters.length < FILTERS && k < FILTERS * 8; k++) {
    const filter = {
      meta: metas[k % metas.length]!.name,
      synonym: synonyms.get(withSynonym[k % withSynonym.length]!.id)!,
      exclude: excludes[k % excludes.length]!.name,
      ratings: RATINGS[Math.floor(k / 10) % RATINGS.length]!,
    };
    const key = JSON.stringify(filter);
    if (!seen.has(key)) filters.push(filter), seen.add(key);
  }
  return filters;
}

function filterPagePath(f: Filter): string {
  return `/tags/${encodeURIComponent(f.meta)}/works?${new URLSearchParams({ tags: f.synonym, exclude_tags: f.exclude, ratings: f.ratings, sort: 'kudos' })}`;
}

function filterParams(f: Filter): URLSearchParams {
  return new URLSearchParams({ tags: `${f.meta},${f.synonym}`, exclude_tags: f.exclude, ratings: f.ratings, sort: 'kudos' });
}

function searchPath(word: string): string {
  return `/search?${new URLSearchParams({ q: word, ratings: RATINGS[0]! })}`;
}

function inProcessApp(db: Db) {
  const config = loadConfig({ BASE_URL: 'http://bench.test', LOG_LEVEL: 'silent', DATA_DIR: path.join(DATA, 'app') });
  const app = createApp({ db, config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') });
  return async (url: string, cookie: string) => {
    const response = await app.request(url, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    await response.arrayBuffer();
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Parts

async function partSeed(engine: Engine): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const size of SIZES) {
    const db = await openCorpus(engine, size);
    await db.destroy();
    const state = corpora.get(`${engine.key}-${size}`)!;
    const seconds = state.seed_seconds;
    const when = state.seeded_now ? 'seeded now' : 'reused';
    addRow({
      part: 'seed',
      engine: engine.name,
      figure: 'seeding (chapterhouse seed, seed 7)',
      size,
      value: seconds === null ? `seed time not recorded (${when})` : `${seconds.toFixed(1)} s (${when})`,
      ...(size === LARGEST && !QUICK ? { target: 'minutes, not hours (< 1 h)', met: seconds === null ? null : seconds < 3600 } : { met: null }),
    });
    if (state.migrated.length > 0) addRow({ part: 'seed', engine: engine.name, figure: `migrating (${state.migrated.join(', ')})`, size, value: `${state.migrate_seconds.toFixed(1)} s`, met: null });
    out[String(size)] = state;
  }
  return out;
}

function runChapterPage(): Record<string, unknown> {
  const args = ['--import', 'tsx', path.join(ROOT, 'bench/chapter-page.ts'), ...(QUICK ? ['--quick'] : [])];
  const started = new Date().toISOString();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  const recorded = readResults('chapter_page') as { results?: Record<string, { rps: number; p50: number; p99: number; vs_node_http: number; vs_nginx?: number }> } | undefined;
  const results = result.status === 0 ? recorded?.results : undefined;
  const engine = 'SQLite';
  if (!results) {
    addRow({ part: 'chapter', engine, figure: 'chapter page benchmark', value: `failed (exit code ${result.status})`, met: false });
    return { failed: true, started };
  }
  const find = (needle: string) => Object.entries(results).find(([name]) => name.includes(needle));
  const pct = (r: number) => `${(100 * r).toFixed(0)}%`;
  const plain = find('node:http');
  const nginx = find('nginx');
  const guest = Object.entries(results).find(([name]) => /anonymous|guest/.test(name) && name.includes('1 process'));
  const workers = Object.entries(results).find(([name]) => name.includes('--workers'));
  const signed = Object.entries(results).find(([name]) => name.includes('signed in'));
  if (plain) addRow({ part: 'chapter', engine, figure: 'ceiling (a): plain node:http, 1 process', value: `${Math.round(plain[1].rps).toLocaleString('en')} req/s, p99 ${plain[1].p99} ms`, target: 'ceiling', met: null });
  if (nginx) addRow({ part: 'chapter', engine, figure: 'ceiling (b): nginx, 1 worker', value: `${Math.round(nginx[1].rps).toLocaleString('en')} req/s, p99 ${nginx[1].p99} ms`, target: 'ceiling', met: null });
  else addRow({ part: 'chapter', engine, figure: 'ceiling (b): nginx, 1 worker', value: 'nginx unavailable', met: null });
  if (guest) {
    const g = guest[1];
    addRow({ part: 'chapter', engine, figure: 'guest chapter page, 1 process vs node:http', value: `${pct(g.vs_node_http)} (${Math.round(g.rps).toLocaleString('en')} req/s)`, target: '≥ 90% of node:http', met: g.vs_node_http >= 0.9 });
    addRow({ part: 'chapter', engine, figure: 'guest chapter page, 1 process p99', value: `${g.p99} ms (p50 ${g.p50} ms)`, target: '≤ 10 ms', met: g.p99 <= 10 });
  }
  if (workers) {
    const w = workers[1];
    addRow({
      part: 'chapter',
      engine,
      figure: `guest chapter page, ${workers[0].replace(/^.*(--workers \d+).*$/, '$1')} vs nginx`,
      value: w.vs_nginx === undefined ? `nginx unavailable (${Math.round(w.rps).toLocaleString('en')} req/s, ${pct(w.vs_node_http)} of node:http)` : `${pct(w.vs_nginx)} (${Math.round(w.rps).toLocaleString('en')} req/s)`,
      target: '≥ 50% of nginx',
      met: w.vs_nginx === undefined ? null : w.vs_nginx >= 0.5,
    });
  }
  if (signed) {
    const s = signed[1];
    addRow({ part: 'chapter', engine, figure: 'signed-in chapter page, 1 process vs node:http', value: `${pct(s.vs_node_http)} (${Math.round(s.rps).toLocaleString('en')} req/s, p99 ${s.p99} ms)`, target: '≥ 60% of node:http', met: s.vs_node_http >= 0.6 });
  }
  return { ...recorded, nginx: nginx ? 'measured' : 'unavailable' };
}

async function partListings(engine: Engine, clear: (() => void) | null): Promise<Record<string, unknown>> {
  const out: Record<string, Record<string, Latency | number | string>> = {};
  for (const size of SIZES) {
    const db = await openCorpus(engine, size);
    try {
      const get = inProcessApp(db);
      const cookie = await readerCookie(db);
      const filters = await pickFilters(db);
      const sample = await loadFilteredListing(db, (name) => filterParams(filters[0]!).getAll(name), VIEWER);
      console.log(`  ${engine.name} ${sizeLabel(size)}: ${filters.length} distinct filters, e.g. ${filterPagePath(filters[0]!).slice(0, 150)} (${sample.total?.toLocaleString('en')} works match)`);
      const page = (i: number) => get(filterPagePath(filters[i]!), cookie);
      const query = (i: number) => loadFilteredListing(db, (name) => filterParams(filters[i]!).getAll(name), { ...VIEWER, facets: true });
      const figures = {
        page_warm: await timeInputs(filters.length, page, 'warm', clear),
        page_cold: await timeInputs(filters.length, page, 'cold', clear),
        query_warm: await timeInputs(filters.length, query, 'warm', clear),
        query_cold: await timeInputs(filters.length, query, 'cold', clear),
        unfiltered: await timeInputs(3, (i) => get(`/works${i === 0 ? '' : `?page=${i + 1}`}`, cookie), 'warm', clear),
        matching_first_filter: sample.total,
      };
      out[String(size)] = figures;
      const target = size === LARGEST ? '≤ 50 ms p99' : undefined;
      const row = (figure: string, l: Latency, withTarget: boolean) =>
        addRow({ part: 'listings', engine: engine.name, figure, size, value: `p50 ${ms(l.p50)}, p99 ${ms(l.p99)} (${l.samples})`, ...(withTarget && target ? { target, met: l.p99 <= 50 } : { met: null }), data: { ...l } });
      row('filtered tag listing page, signed in, warm', figures.page_warm, true);
      row('filtered tag listing page, signed in, cold', figures.page_cold, true);
      row('query alone (loadFilteredListing + facets), warm', figures.query_warm, false);
      row('query alone (loadFilteredListing + facets), cold', figures.query_cold, false);
      row('unfiltered /works page, signed in', figures.unfiltered, false);
    } finally {
      await db.destroy();
    }
  }
  if (SIZES.length > 1) {
    for (const [key, label] of [['page_warm', 'warm'], ['page_cold', 'cold']] as const) {
      const growth = (out[String(LARGEST)]![key] as Latency).p99 / (out[String(SMALLEST)]![key] as Latency).p99;
      addRow({ part: 'listings', engine: engine.name, figure: `filtered listing page p99 growth ${sizeLabel(SMALLEST)}→${sizeLabel(LARGEST)}, ${label}`, value: `${growth.toFixed(2)}×`, target: '≤ 1.5×', met: growth <= 1.5 });
    }
  }
  return { filters: FILTERS, passes: PASSES, summary_cache: clear ? 'cleared for cold rows' : 'absent (warm = cold)', sizes: out };
}

async function partSearch(engine: Engine, clear: (() => void) | null): Promise<Record<string, unknown>> {
  const db = await openCorpus(engine, LARGEST);
  try {
    const get = inProcessApp(db);
    const cookie = await readerCookie(db);
    const params = (word: string) => new URLSearchParams({ q: word, ratings: RATINGS[0]! });
    const found = await loadFilteredListing(db, (name) => params(SEARCH_WORDS[0]!).getAll(name), VIEWER);
    console.log(`  ${engine.name} ${sizeLabel(LARGEST)}: search ${SEARCH_WORDS.join(', ')} with ratings ${RATINGS[0]} (${found.total?.toLocaleString('en')} works match "${SEARCH_WORDS[0]}")`);
    const page = (i: number) => get(searchPath(SEARCH_WORDS[i]!), cookie);
    const query = (i: number) => loadFilteredListing(db, (name) => params(SEARCH_WORDS[i]!).getAll(name), { ...VIEWER, facets: true });
    const figures = {
      page_warm: await timeInputs(SEARCH_WORDS.length, page, 'warm', clear),
      page_cold: await timeInputs(SEARCH_WORDS.length, page, 'cold', clear),
      query_warm: await timeInputs(SEARCH_WORDS.length, query, 'warm', clear),
      query_cold: await timeInputs(SEARCH_WORDS.length, query, 'cold', clear),
      matching_first_word: found.total,
    };
    const row = (figure: string, l: Latency, withTarget: boolean) =>
      addRow({ part: 'search', engine: engine.name, figure, size: LARGEST, value: `p50 ${ms(l.p50)}, p99 ${ms(l.p99)} (${l.samples})`, ...(withTarget ? { target: '≤ 100 ms p99', met: l.p99 <= 100 } : { met: null }), data: { ...l } });
    row('search page (q + ratings), signed in, warm', figures.page_warm, true);
    row('search page (q + ratings), signed in, cold', figures.page_cold, true);
    row('query alone (q + ratings + facets), warm', figures.query_warm, false);
    row('query alone (q + ratings + facets), cold', figures.query_cold, false);
    return { words: SEARCH_WORDS, size: LARGEST, ...figures };
  } finally {
    await db.destroy();
  }
}

async function partPosting(engine: Engine): Promise<Record<string, unknown>> {
  const db = await openCorpus(engine, LARGEST);
  try {
    const r = await measureFanout(db, SUBSCRIBERS, path.join(DATA, 'app'));
    const subs = `${SUBSCRIBERS.toLocaleString('en')} subscribers`;
    addRow({ part: 'posting', engine: engine.name, figure: `post a chapter, ${subs}: the author's request`, size: LARGEST, value: ms(r.request_ms), target: '≤ 100 ms', met: r.request_ms <= 100 });
    addRow({ part: 'posting', engine: engine.name, figure: `post a chapter, ${subs}: until all notifications exist`, size: LARGEST, value: `${(r.notifications_ms / 1000).toFixed(2)} s (${r.notifications.toLocaleString('en')})`, target: '≤ 10 s', met: r.notifications_ms <= 10_000 });
    addRow({ part: 'posting', engine: engine.name, figure: `post a chapter, ${subs}: until every email is in the outbox`, size: LARGEST, value: `${(r.outbox_ms / 1000).toFixed(2)} s (${r.messages.toLocaleString('en')} messages, ${r.jobs} jobs)`, met: null });
    return { size: LARGEST, ...r };
  } finally {
    await db.destroy();
  }
}

const DRIVER = `
const autocannon = require(process.env.AUTOCANNON);
const paths = JSON.parse(process.env.PATHS);
let next = 0;
autocannon({
  url: process.env.URL,
  connections: Number(process.env.CONNECTIONS),
  duration: Number(process.env.SECONDS),
  headers: JSON.parse(process.env.HEADERS),
  requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
}, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  process.stdout.write(JSON.stringify({ rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }));
});
`;

interface DriveResult {
  readonly rps: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

/** Runs autocannon in its own process against the paths (in turn) on `base`. */
function drive(dir: string, base: string, paths: readonly string[], headers: Record<string, string>, seconds: number, connections: number): Promise<DriveResult> {
  const script = path.join(dir, 'drive.cjs');
  if (!fs.existsSync(script)) fs.writeFileSync(script, DRIVER);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, AUTOCANNON: path.join(ROOT, 'node_modules/autocannon'), URL: base, PATHS: JSON.stringify(paths), HEADERS: JSON.stringify(headers), SECONDS: String(seconds), CONNECTIONS: String(connections) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as DriveResult) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

/** Resident memory in MB: the total, its peak, and its parts (anonymous: heaps and buffers; file: mapped files). */
function residentMb(pid: number): { rss: number; hwm: number; anon: number; file: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024, file: (kb('RssFile') + kb('RssShmem')) / 1024 };
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function partMemory(engine: Engine): Promise<Record<string, unknown>> {
  // What the load asks for, from the corpus (then closed: the server opens it read/write on its own).
  const db = await openCorpus(engine, LARGEST);
  let cookie: string;
  let filters: Filter[];
  let works: { longest: number; others: number[] };
  try {
    cookie = await readerCookie(db);
    filters = await pickFilters(db);
    works = await benchWorks(db, 20);
  } finally {
    await db.destroy();
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-memory-'));
  const port = await freePort();
  // --trace-gc: the live heap after each full collection tells retained memory from garbage not yet collected.
  // The heap limit `npm start` sets (HEAP_MB, package.json, and the same default): the server as it is run.
  const server = spawn(process.execPath, ['--trace-gc', `--max-old-space-size=${process.env.HEAP_MB || 192}`, path.join(ROOT, 'bin/chapterhouse.js'), 'serve'], {
    env: { ...process.env, ...engine.serverEnv(LARGEST), PORT: String(port), LOG_LEVEL: 'warn', BASE_URL: `http://127.0.0.1:${port}`, RATE_LIMITS: 'write=1000000/1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const spawnedAt = Date.now();
  let gcTrace = '';
  server.stdout!.on('data', (chunk: Buffer) => (gcTrace += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${base}/healthz`, server);
    const idle = residentMb(server.pid!);
    const loadFromMs = Date.now() - spawnedAt - 100;
    let peak = idle.rss;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, residentMb(server.pid!).rss);
      } catch {
        // exited
      }
    }, 500);
    const guest = { Cookie: 'view_adult=true' };
    const signedIn = { Cookie: cookie };
    const kinds: [string, string[], Record<string, string>][] = [
      ['chapter page of the longest work (guest)', [`/works/${works.longest}/chapters/1`], guest],
      ['work pages (guest)', works.others.map((id) => `/works/${id}`), guest],
      ['filtered listings (signed in)', filters.map(filterPagePath), signedIn],
      ['search (signed in)', SEARCH_WORDS.map(searchPath), signedIn],
      ['work pages (signed in)', works.others.map((id) => `/works/${id}`), signedIn],
    ];
    const loads: Record<string, DriveResult & { rss_after_mb: number }> = {};
    // The resident memory after each kind of load, to tell which one grows the process.
    for (const [name, paths, headers] of kinds) loads[name] = { ...(await drive(tmp, base, paths, headers, MEMORY_SECONDS, 10)), rss_after_mb: residentMb(server.pid!).rss };
    clearInterval(sampler);
    const after = residentMb(server.pid!);
    const heaps = liveHeapAfterFullGc(gcTrace, loadFromMs);
    const figures = { size: LARGEST, seconds_per_kind: MEMORY_SECONDS, idle_mb: idle.rss, after_mb: after.rss, after_anon_mb: after.anon, after_file_mb: after.file, peak_sampled_mb: Math.max(peak, after.rss), hwm_mb: after.hwm, live_heap_after_full_gc_mb: heaps, loads };
    for (const [name, l] of Object.entries(loads)) {
      addRow({ part: 'memory', engine: engine.name, figure: `load: ${name}`, size: LARGEST, value: `${l.rps.toFixed(0)} req/s, p99 ${ms(l.p99)}, ${l.errors + l.non2xx} errors/non-2xx of ${l.total}; ${l.rss_after_mb.toFixed(0)} MB resident after`, met: null });
    }
    addRow({
      part: 'memory',
      engine: engine.name,
      figure: 'server resident memory after the load (VmRSS)',
      size: LARGEST,
      value:
        `${after.rss.toFixed(0)} MB (anonymous ${after.anon.toFixed(0)}, files ${after.file.toFixed(0)}; idle ${idle.rss.toFixed(0)} MB, peak ${figures.peak_sampled_mb.toFixed(0)} MB; ` +
        (heaps.length > 0 ? `live heap after the last of ${heaps.length} full GCs under load ${heaps.at(-1)!.toFixed(0)} MB)` : 'no full GC under load)'),
      target: '≤ 300 MB',
      met: after.rss <= 300,
    });
    return figures;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

function nginxNote(): void {
  if (!SELECTED.has('chapter')) return;
  if (['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => fs.existsSync(p))) return;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('nginx unavailable (and no apt-get): the nginx ceiling is skipped.');
  }
}

async function runEngine(engine: Engine): Promise<void> {
  const started = performance.now();
  const clear = (await summaryCache())?.clear ?? null;
  const figures: Record<string, unknown> = {};
  const previous = readResults(`suite_${engine.key}`) as { parts?: Record<string, unknown> } | undefined;
  const steps: [Part, () => Promise<Record<string, unknown>> | Record<string, unknown>][] = [
    ['seed', () => partSeed(engine)],
    ['chapter', () => runChapterPage()],
    ['listings', () => partListings(engine, clear)],
    ['search', () => partSearch(engine, clear)],
    ['posting', () => partPosting(engine)],
    ['memory', () => partMemory(engine)],
  ];
  for (const [part, run] of steps) {
    if (!SELECTED.has(part)) continue;
    if (part === 'chapter' && engine.key !== 'sqlite') continue; // its own SQLite file: not an engine figure
    console.log(`\n== ${part} (${engine.name}${part === 'chapter' ? '' : `, sizes ${SIZES.map(sizeLabel).join(', ')}`}) ==`);
    const partStarted = performance.now();
    try {
      figures[part] = { ...(await run()), seconds: Number(((performance.now() - partStarted) / 1000).toFixed(1)) };
    } catch (error) {
      console.error(`  ${part} failed: ${(error as Error).stack ?? error}`);
      addRow({ part, engine: engine.name, figure: `${part} part`, value: `failed: ${(error as Error).message}`, met: false });
      figures[part] = { failed: (error as Error).message };
    }
  }
  recordResults(`suite_${engine.key}`, {
    quick: QUICK,
    sizes: SIZES,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    parts: { ...(previous?.parts ?? {}), ...figures },
    rows: rows.filter((r) => r.engine === engine.name).map(({ data: _data, ...r }) => r),
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  console.log(
    `Chapterhouse benchmark suite${QUICK ? ' (quick)' : ''}: parts ${[...SELECTED].join(', ')}; sizes ${SIZES.map(sizeLabel).join(', ')}; data in ${DATA}\n` +
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  nginxNote();
  fs.mkdirSync(DATA, { recursive: true });
  if (!(values['pg-only'] && PG_URL)) await runEngine(sqliteEngine);
  if (PG_URL) await runEngine(pgEngine(PG_URL));
  printTable();
  console.log(`\nThe suite took ${((performance.now() - started) / 1000).toFixed(0)} s (load average now ${os.loadavg()[0]!.toFixed(1)}).`);
  return rows.some((r) => r.value.startsWith('failed')) ? 1 : 0;
}

process.exit(await main());
