// Site backup and restore at two sizes side by side (issue 5 §7): time, and peak memory of the process doing it,
// to show that memory stays flat as the site grows (both stream; neither holds the site in memory).
// Run: npx tsx bench/backup.ts [WORKS ...]   (default: 10000 100000; PostgreSQL too when BENCH_DATABASE_URL is set).
// Each backup and restore runs in a fresh child process, so its peak RSS is its own. Prints figures; not a test.

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import { isPostgres } from '../src/db/dialect.js';
import type { Database } from '../src/db/schema.js';
import { writeBackup } from '../src/backup/backup.js';
import { restoreBackup } from '../src/backup/restore.js';

interface Target {
  readonly sqliteFile?: string;
  readonly pgSchema?: string;
}

interface PhaseResult {
  readonly ms: number;
  /** Milliseconds until every row was in (restore: before the search index rebuild). */
  readonly rowsMs: number;
  readonly rows: number;
  /** CPU time of the process (user + system): what the phase costs, however busy the machine is. */
  readonly cpuS: number;
  readonly baselineMb: number;
  readonly peakMb: number;
}

const url = process.env.BENCH_DATABASE_URL;
const MB = 1024 * 1024;

function open(target: Target): Db {
  if (target.pgSchema) {
    const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${target.pgSchema}` });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return openDatabase({ sqliteFile: target.sqliteFile! });
}

// ---- the child: one backup or one restore, measured from inside ----

async function child(phase: string, target: Target, file: string): Promise<void> {
  const db = open(target);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let rowsMs = 0;
  let rows = 0;
  if (phase === 'backup') {
    rows = (await writeBackup(db, fs.createWriteStream(file))).totalRows;
    rowsMs = performance.now() - started;
  } else {
    const result = await restoreBackup(db, fs.createReadStream(file), {
      onProgress: (p) => {
        if (p.table === '') rowsMs = performance.now() - started;
      },
    });
    rows = result.totalRows;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await db.destroy();
  const result: PhaseResult = { ms, rowsMs, rows, cpuS: (cpu.user + cpu.system) / 1e6, baselineMb: baseline / MB, peakMb: peak / MB };
  process.stdout.write(JSON.stringify(result));
}

async function runChild(phase: 'backup' | 'restore', target: Target, file: string): Promise<PhaseResult> {
  const args = ['--import', 'tsx', '--expose-gc', new URL(import.meta.url).pathname, '--child', phase, file, target.pgSchema ? `pg:${target.pgSchema}` : target.sqliteFile!];
  const { stdout } = await promisify(execFile)(process.execPath, args, { env: process.env, maxBuffer: 10 * MB });
  return JSON.parse(stdout) as PhaseResult;
}

// ---- the parent: seed, then measure ----

const WORDS = ['harbour', 'lamp', 'tide', 'keeper', 'letter', 'bread', 'salt', 'rope', 'gull', 'stone', 'window', 'morning', 'quiet', 'boat', 'shelf', 'kettle'];

/** Neutral generated prose of about `words` words. */
function prose(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(WORDS[(seed * 7 + i * 13 + (i >> 3)) % WORDS.length]!);
  return out.join(' ');
}

/** Seeds `works` works (1 or 2 short chapters each) with authors, tags, kudos and comments, in bulk. */
async function seed(db: Db, works: number): Promise<void> {
  await migrateToLatest(db);
  const at = new Date().toISOString();
  const authors = Math.max(1, Math.floor(works / 20));
  const batch = 500;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < authors; i += batch) {
      const rows = Array.from({ length: Math.min(batch, authors - i) }, (_, j) => ({ username: `author${i + j}`, username_key: `author${i + j}`, email: `author${i + j}@bench.test`, password_hash: 'x', created_at: at, updated_at: at }));
      await trx.insertInto('users').values(rows).execute();
    }
    await trx.insertInto('tags').values(Array.from({ length: 200 }, (_, i) => ({ name: `Tag ${i}`, name_key: `tag ${i}`, kind: i < 20 ? 'fandom' : 'freeform', canonical: 1 as const, created_at: at }))).execute();
    for (let first = 1; first <= works; first += batch) {
      const ids = Array.from({ length: Math.min(batch, works - first + 1) }, (_, j) => first + j);
      await trx.insertInto('works').values(ids.map((id) => ({ id, title: `Work ${id}: ${prose(id, 4)}`, summary: prose(id, 40), rating: 'General Audiences', chapter_count: 1 + (id % 2), word_count: 600 * (1 + (id % 2)), posted: 1 as const, published_at: at, revised_at: at, created_at: at, updated_at: at }))).execute();
      await trx.insertInto('work_authors').values(ids.map((id) => ({ work_id: id, user_id: 1 + (id % authors) }))).execute();
      await trx.insertInto('work_warnings').values(ids.map((id) => ({ work_id: id, warning: 'No Archive Warnings Apply', position: 1 }))).execute();
      await trx.insertInto('work_tags').values(ids.flatMap((id) => [{ work_id: id, tag_id: 1 + (id % 20), kind: 'fandom', position: 1 }, { work_id: id, tag_id: 21 + (id % 180), kind: 'freeform', position: 2 }])).execute();
      const chapters = ids.flatMap((id) => Array.from({ length: 1 + (id % 2) }, (_, c) => ({ work_id: id, position: c + 1, body_source: `<p>${prose(id + c, 600)}</p>`, body_format: 'html', body_html: `<p>${prose(id + c, 600)}</p>`, word_count: 600, posted: 1 as const, published_at: at, created_at: at, updated_at: at })));
      for (let c = 0; c < chapters.length; c += 100) await trx.insertInto('chapters').values(chapters.slice(c, c + 100)).execute();
      await trx.insertInto('kudos').values(ids.map((id) => ({ work_id: id, user_id: 1 + ((id + 1) % authors), created_at: at }))).onConflict((oc) => oc.doNothing()).execute();
    }
    await trx.insertInto('counters').values({ name: 'works', value: works }).execute();
  });
  if (isPostgres(db)) await sql`select setval(pg_get_serial_sequence('works', 'id'), ${works})`.execute(db);
}

async function measure(label: string, works: number, makeTarget: (name: string) => Promise<{ target: Target; drop: () => Promise<void> }>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-backup-'));
  const source = await makeTarget('source');
  const restored = await makeTarget('restored');
  try {
    const seedStart = performance.now();
    const db = open(source.target);
    await seed(db, works);
    await db.destroy();
    const seededS = (performance.now() - seedStart) / 1000;
    const file = path.join(dir, 'site.jsonl.gz');
    const backup = await runChild('backup', source.target, file);
    const restore = await runChild('restore', restored.target, file);
    const size = fs.statSync(file).size / MB;
    const row = (name: string, r: PhaseResult, extra = '') =>
      `| ${label} | ${works.toLocaleString('en')} | ${name} | ${r.rows.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} s${extra} | ${r.cpuS.toFixed(1)} s | ${r.peakMb.toFixed(0)} MB | ${(r.peakMb - r.baselineMb).toFixed(0)} MB |`;
    return [
      `(seeded in ${seededS.toFixed(1)} s; backup file ${size.toFixed(1)} MB)`,
      row('backup', backup),
      row('restore', restore, ` (rows in ${(restore.rowsMs / 1000).toFixed(1)} s, then search index)`),
    ].join('\n');
  } finally {
    await source.drop();
    await restored.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, phase, file, where] = argv;
    await child(phase!, where!.startsWith('pg:') ? { pgSchema: where!.slice(3) } : { sqliteFile: where! }, file!);
    return;
  }
  const sizes = argv.length ? argv.map(Number) : [10_000, 100_000];
  const lines = ['| engine | works | phase | rows | time | CPU | peak RSS | above idle |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  const notes: string[] = [];
  const sqlite = async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-db-'));
    return { target: { sqliteFile: path.join(dir, 'site.db') }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  };
  const postgres = async () => {
    const schema = `bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    return {
      target: { pgSchema: schema },
      drop: async () => {
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
      },
    };
  };
  for (const works of sizes) {
    const [note, ...rows] = (await measure('SQLite', works, sqlite)).split('\n');
    notes.push(`SQLite, ${works.toLocaleString('en')} works ${note}`);
    lines.push(...rows);
    console.error(`done: SQLite, ${works} works`);
  }
  if (url) {
    for (const works of sizes) {
      const [note, ...rows] = (await measure('PostgreSQL', works, postgres)).split('\n');
      notes.push(`PostgreSQL, ${works.toLocaleString('en')} works ${note}`);
      lines.push(...rows);
      console.error(`done: PostgreSQL, ${works} works`);
    }
  }
  console.log(lines.join('\n'));
  console.log('');
  console.log(notes.join('\n'));
}

await main();
