import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 7 §5: the benchmark suite's quick mode (`npm run bench -- --quick`) as a smoke test of the benchmark code,
// SQLite only, with its corpora and results in a temporary directory (never bench/.data or bench/results.json).
// Behaviour only: it exits 0, prints every figure row, and writes each part's figures. No timing is asserted.

const ROOT = path.resolve(import.meta.dirname, '..');
const PARTS = ['seed', 'chapter', 'listings', 'search', 'posting', 'memory'];
/** A figure of each kind the suite promises, as its table names them. */
const FIGURES = [
  'seeding (chapterhouse seed, seed 7)',
  'ceiling (a): plain node:http, 1 process',
  'ceiling (b): nginx, 1 worker',
  'guest chapter page, 1 process vs node:http',
  'guest chapter page, 1 process p99',
  'signed-in chapter page, 1 process vs node:http',
  'filtered tag listing page, signed in, warm',
  'filtered tag listing page, signed in, cold',
  'query alone (loadFilteredListing + facets), warm',
  'query alone (loadFilteredListing + facets), cold',
  'unfiltered /works page, signed in',
  'filtered listing page p99 growth',
  'search page (q + ratings), signed in, warm',
  'search page (q + ratings), signed in, cold',
  "the author's request",
  'until all notifications exist',
  'server resident memory after the load (VmRSS)',
];

interface RecordedRow {
  readonly part: string;
  readonly figure: string;
  readonly value: string;
}

describe('npm run bench -- --quick', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-smoke-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs every part end to end, prints every figure and writes the results file', { timeout: 300_000 }, () => {
    const resultsFile = path.join(dir, 'results.json');
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_DATA_DIR: path.join(dir, 'data'), BENCH_RESULTS_FILE: resultsFile };
    // SQLite only; and not Vitest's own variables (its BASE_URL of "/" is no address for the servers the suite starts).
    for (const name of ['BENCH_DATABASE_URL', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[name];
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/suite.ts'), '--quick'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output.slice(-4000)).toBe(0);

    // The closing table: one line per figure, each figure of the suite among them.
    const tableRows = run.stdout.split('\n').filter((line) => /^\| (seed|chapter|listings|search|posting|memory) \|/.test(line));
    for (const figure of FIGURES) expect(tableRows.some((line) => line.includes(figure)), `table row "${figure}"`).toBe(true);
    expect(tableRows.some((line) => line.includes('failed')), 'no part failed').toBe(false);

    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, { figures: { quick: boolean; parts: Record<string, unknown>; rows: RecordedRow[] } }>;
    const suite = results.suite_sqlite!.figures;
    expect(suite.quick).toBe(true);
    for (const part of PARTS) expect(suite.parts[part], `results for ${part}`).toBeDefined();
    expect(suite.rows).toHaveLength(tableRows.length);
    // The reading-page benchmark the suite runs wrote its own figures to the same file.
    expect(results.chapter_page).toBeDefined();
    // Nothing went to the repository's bench data.
    expect(fs.existsSync(path.join(dir, 'data', 'sqlite-1000', 'seeded.json'))).toBe(true);
  });
});
