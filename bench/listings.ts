// Listing and search latency on a large synthetic archive (issue 4 §7, issue 7 §1). Seeds corpora of 10,000 and
// 100,000 works (and 1,000,000 with --full) with `chapterhouse seed`'s generator, reusing them from bench/.data/ (SQLite)
// or from a schema per size (PostgreSQL), then prints p50/p99 over many in-process requests through the Hono app
// (`app.request`) and of the listing query alone (src/listings, without HTTP or rendering).
// Run: npm run bench:listings [-- --full] [-- --pg postgres://postgres@127.0.0.1:5432/test] [-- --iterations 100]
// Prints figures; not a test.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import type { Database } from '../src/db/schema.js';
import { loadFilteredListing } from '../src/listings/listings.js';
import { createProgressReporter } from '../src/backup/progress.js';
import { countAllWorks } from '../src/seed/seed.queries.js';
import { seedArchive } from '../src/seed/seed.js';
import { countBenchWorks } from './bench.queries.js';

const { values } = parseArgs({ options: { full: { type: 'boolean', default: false }, pg: { type: 'string' }, iterations: { type: 'string', default: '60' }, sizes: { type: 'string' } } });
const SIZES = values.sizes ? values.sizes.split(',').map(Number) : values.full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const ITERATIONS = Number(values.iterations);
const DATA = process.env.BENCH_DATA_DIR || path.join(import.meta.dirname, '.data');

async function openCorpus(size: number): Promise<Db> {
  if (!values.pg) return openDatabase({ sqliteFile: path.join(DATA, `sqlite-${size}`, 'chapterhouse.db') });
  const schema = `bench_listings_${size}`;
  const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: values.pg, max: 1 }) }) });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(admin);
  await admin.destroy();
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: values.pg, max: 10, options: `-c search_path=${schema}` }) }) });
}

/** Seeds the corpus unless it is already there with exactly `size` works; the seeding time, or null when reused. */
async function ensureCorpus(db: Db, size: number): Promise<number | null> {
  await migrateToLatest(db);
  const all = await countAllWorks(db);
  // The suite's posting part adds one work of its own to a corpus (npm run bench, bench/suite.ts).
  const existing = all > 0 ? all - (await countBenchWorks(db)) : 0;
  if (existing === size) return null;
  if (existing > 0) throw new Error(`The ${size} corpus holds ${existing} works: delete bench/.data (or the bench_listings_${size} schema) and run again.`);
  const started = performance.now();
  const reporters = new Map<string, ReturnType<typeof createProgressReporter>>();
  await seedArchive(db, {
    works: size,
    seed: 7,
    onProgress: (done, total, phase) => {
      if (!reporters.has(phase)) reporters.set(phase, createProgressReporter(process.stderr, `Seeding ${phase}`));
      reporters.get(phase)!.update(done, total, phase);
    },
  });
  for (const r of reporters.values()) r.finish();
  return (performance.now() - started) / 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(1).padStart(7)} ms`);
}

/** Tags for the filtered listing: the biggest meta fandom, a synonym of a popular canonical freeform, an excluded freeform. */
async function pickTags(db: Db): Promise<{ meta: string; synonym: string; exclude: string; word: string }> {
  const popular = (kind: string, parents: boolean) =>
    db
      .selectFrom('tag_filters')
      .innerJoin('tags', 'tags.id', 'tag_filters.filter_id')
      .innerJoin('work_tags', 'work_tags.tag_id', 'tag_filters.tag_id')
      .select(['tags.id', 'tags.name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tags.kind', '=', kind)
      .$if(parents, (q) => q.where('tags.id', 'in', (eb) => eb.selectFrom('tag_parents').select('parent_id')))
      .groupBy(['tags.id', 'tags.name'])
      .orderBy('n', 'desc');
  const meta = await popular('fandom', true).executeTakeFirstOrThrow();
  const freeforms = await popular('freeform', false).limit(6).execute();
  const synonym = await db.selectFrom('tags').select('name').where('synonym_of_id', 'in', freeforms.slice(1).map((f) => f.id)).orderBy('id').executeTakeFirstOrThrow();
  return { meta: meta.name, synonym: synonym.name, exclude: freeforms[0]!.name, word: 'harbour' };
}

async function benchmark(size: number): Promise<void> {
  const db = await openCorpus(size);
  try {
    const seeded = await ensureCorpus(db, size);
    // The seeding time, for the suite (bench/suite.ts) to print when it reuses the corpus.
    if (seeded !== null && !values.pg) fs.writeFileSync(path.join(DATA, `sqlite-${size}`, 'seeded.json'), JSON.stringify({ works: size, seed: 7, seconds: Number(seeded.toFixed(1)), seeded_at: new Date().toISOString() }, null, 2) + '\n');
    console.log(`\n${values.pg ? 'PostgreSQL' : 'SQLite'}, ${size.toLocaleString('en')} works${seeded === null ? ' (reused corpus)' : `: seeded in ${seeded.toFixed(1)} s`}`);
    const config = loadConfig({ BASE_URL: 'http://bench.test', LOG_LEVEL: 'silent', DATA_DIR: path.join(DATA, 'app') });
    const app = createApp({ db, config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') });
    const tags = await pickTags(db);
    const filter = new URLSearchParams({
      tags: `${tags.meta},${tags.synonym}`,
      exclude_tags: tags.exclude,
      ratings: 'General Audiences,Teen And Up Audiences',
      sort: 'kudos',
    });
    const search = new URLSearchParams({ q: tags.word, ratings: 'General Audiences,Teen And Up Audiences' });
    console.log(`  filtered listing: ${filter.toString().slice(0, 140)}`);
    const get = async (url: string) => {
      const response = await app.request(url);
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      await response.arrayBuffer();
    };
    const viewer = { limit: 20, offset: 0, excludeAuthorIds: [], excludeTagIds: [] };
    const query = (params: URLSearchParams, facets: boolean) => () => loadFilteredListing(db, (name) => params.getAll(name), { ...viewer, facets });
    const sample = (await loadFilteredListing(db, (name) => filter.getAll(name), viewer)).total;
    const found = (await loadFilteredListing(db, (name) => search.getAll(name), viewer)).total;
    console.log(`  (${sample.toLocaleString('en')} works match the filter, ${found.toLocaleString('en')} the search)`);
    await measure('GET /works (unfiltered page)', () => get('/works'));
    await measure('GET /api/v1/works (unfiltered)', () => get('/api/v1/works'));
    await measure('GET /tags/:meta/works filtered page (with facets)', () => get(`/tags/${encodeURIComponent(tags.meta)}/works?${new URLSearchParams({ tags: tags.synonym, exclude_tags: tags.exclude, ratings: 'General Audiences,Teen And Up Audiences', sort: 'kudos' })}`));
    await measure('GET /api/v1/works filtered', () => get(`/api/v1/works?${filter}`));
    await measure('  query alone: filtered listing, no facets', query(filter, false));
    await measure('  query alone: filtered listing with facets', query(filter, true));
    await measure('GET /api/v1/search?q=…&ratings=…', () => get(`/api/v1/search?${search}`));
    await measure('GET /search?q=… page', () => get(`/search?${search}`));
    await measure('  query alone: search with filter, no facets', query(search, false));
  } finally {
    await db.destroy();
  }
}

for (const size of SIZES) await benchmark(size);
