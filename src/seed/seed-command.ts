import { parseArgs } from 'node:util';
import type { Db } from '../db/connection.js';
import { createProgressReporter, type ProgressStream } from '../backup/progress.js';
import { MAX_SEED_WORKS, SEED_PASSWORD, seedArchive } from './seed.js';

// `chapterhouse seed --works N [--seed S] [--force]`: arguments, the progress bar (standard error) and the summary.

export const SEED_USAGE = 'Usage: chapterhouse seed --works N [--seed S] [--force]';

/** Runs the command; returns the process exit code. */
export async function runSeedCommand(db: Db, args: readonly string[], stderr: ProgressStream = process.stderr): Promise<number> {
  let values: { works?: string; seed?: string; force?: boolean };
  try {
    values = parseArgs({ args: [...args], options: { works: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${SEED_USAGE}`);
    return 2;
  }
  const works = Number(values.works);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(works) || works < 1 || works > MAX_SEED_WORKS || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    console.error(`--works must be a whole number from 1 to ${MAX_SEED_WORKS.toLocaleString('en')}, --seed a whole number from 0 to 4294967295.\n${SEED_USAGE}`);
    return 2;
  }
  const reporters = new Map<string, ReturnType<typeof createProgressReporter>>();
  const result = await seedArchive(db, {
    works,
    seed,
    force: values.force ?? false,
    onProgress: (done, total, phase) => {
      let reporter = reporters.get(phase);
      if (!reporter) {
        for (const other of reporters.values()) other.finish();
        reporters.set(phase, (reporter = createProgressReporter(stderr, `Seeding ${phase}`)));
      }
      reporter.update(done, total, phase);
    },
  });
  for (const reporter of reporters.values()) reporter.finish();
  if (result.refused) {
    console.error(`The database already has ${result.existingWorks.toLocaleString('en')} works; seed into an empty one, or pass --force to add to it.`);
    return 1;
  }
  console.log(
    `Seeded ${result.works.toLocaleString('en')} works (${result.posted.toLocaleString('en')} posted), ${result.users.toLocaleString('en')} accounts ` +
      `and ${result.tags.toLocaleString('en')} tags in ${result.seconds.toFixed(1)} s. Every seeded account's password is “${SEED_PASSWORD}”.`,
  );
  return 0;
}
