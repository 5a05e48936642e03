import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import type { Config } from './config.js';
import { migrateToLatest, openConfiguredDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { loadSecret } from './secret.js';
import { startJobRunner } from './server.js';
import { isCacheMessage } from './http/cache-messages.js';

// `chapterhouse serve --workers N`: N web processes on one host sharing the port (the kernel hands each connection
// to one of them), plus this primary process, which migrates the database once, runs the job runner (when RUN_JOBS
// allows), restarts a worker that dies, and relays render-cache invalidations between the workers (on PostgreSQL
// they also arrive by NOTIFY; on SQLite this relay is the only way one worker hears of another's writes).

/** How many workers `--workers` asks for: a number, or 0/`auto` for one per CPU core. */
export function workerCount(value: string | undefined): number {
  if (value === undefined || value === '' || value === 'auto' || value === '0') return os.availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--workers must be a positive whole number or "auto", got "${value}"`);
  return n;
}

/** Runs the primary: migrates, forks the workers (which call startServer), runs jobs, relays cache messages. */
export async function startCluster(config: Config, workers: number): Promise<void> {
  const logger = createLogger(config.logLevel);
  const db = openConfiguredDatabase(config);
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const runner = config.runJobs ? startJobRunner({ db, config, logger, secret: await loadSecret(db, config) }) : undefined;

  // Each worker accepts its own connections: no hop through the primary for every request.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork({ RUN_JOBS: 'false', CHAPTERHOUSE_CLUSTER_WORKER: '1' });
    worker.on('message', (message: unknown) => {
      if (!isCacheMessage(message)) return;
      for (const other of Object.values(cluster.workers ?? {})) {
        if (other && other.id !== worker.id) other.send(message);
      }
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.warn({ worker: worker.process.pid, code, signal }, 'worker died; starting another');
    fork();
  });
  logger.info({ workers, url: config.baseUrl }, 'Chapterhouse is listening with several workers');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      logger.info('shutting down the workers');
      const exited = Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      );
      void Promise.all(exited)
        .then(async () => {
          await runner?.stop();
          await db.destroy();
        })
        .then(() => process.exit(0));
    });
  }
}
