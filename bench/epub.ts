// The EPUB of a 500,000-word work (issue 5, §7): how long building it takes and how much memory it needs above an
// idle server. Run: npm run bench:epub   (BENCH_WORDS and BENCH_CHAPTERS change the work). Prints figures; not a test.
//
// The parent process creates an SQLite file with the work; a fresh child process then opens it like a server (the
// app loaded, the database open), takes its idle resident memory, and builds the EPUB three times. Peak memory is
// the process's maximum resident set (getrusage), which also catches the synchronous zip step a timer cannot
// sample, less the idle figure.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { registerUser } from '../src/accounts/accounts.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase } from '../src/db/connection.js';
import { buildWorkEpub } from '../src/downloads/epub.js';
import { createWork } from '../src/works/works.js';
import { longWorkChapters } from '../test/long-text.js';

const WORDS = Number(process.env.BENCH_WORDS ?? 500_000);
const CHAPTERS = Number(process.env.BENCH_CHAPTERS ?? 8);
const MB = 1024 * 1024;

async function prepare(dir: string): Promise<number> {
  const db = openDatabase({ sqliteFile: path.join(dir, 'chapterhouse.db') });
  await migrateToLatest(db);
  const config = loadConfig({ BASE_URL: 'http://bench.test', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const author = await registerUser(db, config, { username: 'bench_author', email: 'author@bench.test', password: 'benchmark password' }, { force: true });
  const work = await createWork(db, author, {
    title: 'The Long Tide',
    summary: 'A long work for the benchmark.',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Original Work'],
    chapters: longWorkChapters(WORDS, CHAPTERS),
  });
  await db.destroy();
  return work.id;
}

/** The child: an idle "server" (app built, database open), then three builds and one served download. */
async function measure(dir: string, workId: number): Promise<void> {
  const db = openDatabase({ sqliteFile: path.join(dir, 'chapterhouse.db') });
  const config = loadConfig({ BASE_URL: 'http://bench.test', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const app = createApp({ db, config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') });
  await db.selectFrom('works').select('id').where('id', '=', workId).executeTakeFirstOrThrow();
  (globalThis as { gc?: () => void }).gc?.();
  const idle = process.memoryUsage().rss;
  let sampled = idle;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 5);
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 3; i += 1) {
    const start = performance.now();
    size = (await buildWorkEpub(db, workId, { baseUrl: config.baseUrl })).byteLength;
    times.push(performance.now() - start);
  }
  const coldStart = performance.now();
  const served = await app.request(`/works/${workId}/download.epub`);
  await served.arrayBuffer();
  const cold = performance.now() - coldStart;
  const warmStart = performance.now();
  await (await app.request(`/works/${workId}/download.epub`)).arrayBuffer();
  const warm = performance.now() - warmStart;
  clearInterval(timer);
  const peak = Math.max(sampled, process.resourceUsage().maxRSS * 1024);
  console.log(`EPUB of ${WORDS.toLocaleString('en')} words in ${CHAPTERS} chapters: ${(size / MB).toFixed(1)} MB`);
  console.log(`  build (buildWorkEpub): ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  GET /works/:id/download.epub: ${(cold / 1000).toFixed(2)} s uncached (build + cache write), ${(warm / 1000).toFixed(3)} s cached`);
  console.log(`  memory: idle ${(idle / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, peak above idle ${((peak - idle) / MB).toFixed(0)} MB`);
  await db.destroy();
}

const [mode, dirArg, idArg] = process.argv.slice(2);
if (mode === '--measure') {
  await measure(dirArg!, Number(idArg));
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-epub-'));
  try {
    const workId = await prepare(dir);
    const self = fileURLToPath(import.meta.url);
    execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--measure', dir, String(workId)], { stdio: 'inherit' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
