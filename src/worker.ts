import type { Config } from './config.js';
import { migrateToLatest, openConfiguredDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { loadSecret } from './secret.js';
import { startJobRunner } from './server.js';

/** `chapterhouse worker`: runs jobs only, until SIGTERM/SIGINT (finishing the job in hand). */
export async function startWorker(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const db = openConfiguredDatabase(config);
  await migrateToLatest(db);
  const runner = startJobRunner({ db, config, logger, secret: await loadSecret(db, config) });
  logger.info({ runner: runner.id }, 'worker started');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void runner.stop().then(async () => {
        await db.destroy();
        logger.info('worker stopped');
        process.exit(0);
      });
    });
  }
}
