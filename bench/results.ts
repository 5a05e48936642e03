import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// bench/results.json keeps the latest figures of every benchmark, each under its own key, with the machine it ran on.
// BENCH_RESULTS_FILE names another file (the suite's smoke test writes to a temporary one).

const RESULTS_FILE = process.env.BENCH_RESULTS_FILE || path.join(import.meta.dirname, 'results.json');

/** The figures last recorded under `name`, if any. */
export function readResults(name: string): unknown {
  try {
    const all = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, { figures?: unknown }>;
    return all[name]?.figures;
  } catch {
    return undefined;
  }
}

/** Merges one benchmark's figures into bench/results.json (other benchmarks' keys are kept). */
export function recordResults(name: string, figures: unknown): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run, or a damaged file: start again
  }
  all[name] = {
    ran_at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg()[0]?.toFixed(1) },
    figures,
  };
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(all, null, 2) + '\n');
}
