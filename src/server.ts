import cluster from 'node:cluster';
import http from 'node:http';
import { isCacheMessage } from './http/cache-messages.js';
import { getRequestListener, type ServerType } from '@hono/node-server';
import { fastPathListener } from './http/fast-path.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { migrateToLatest, openConfiguredDatabase } from './db/connection.js';
import type { Services } from './http/env.js';
import { createLogger } from './logger.js';
import { loadSecret } from './secret.js';
import { buildJobHandlers } from './jobs/handlers.js';
import { JobRunner } from './jobs/jobs.js';
import { listenForCacheInvalidations } from './db/cache-listener.js';
import { flushBufferedHits } from './history/hit-buffer.js';
import { closeChapterReaders } from './http/personal-splice.queries.js';
import { pageCacheFor } from './http/page-cache.js';

/** Starts the in-process job runner over the services' database. */
export function startJobRunner(services: Services): JobRunner {
  const runner = new JobRunner({ db: services.db, log: services.logger.child({ component: 'jobs' }), leaseMs: services.config.jobLeaseSeconds * 1000, handlers: buildJobHandlers({ config: services.config, secret: services.secret }) });
  runner.start();
  return runner;
}

/** Starts the web server: migrates, listens, and shuts down cleanly on SIGTERM/SIGINT. */
export async function startServer(config: Config): Promise<{ server: ServerType; close: () => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const db = openConfiguredDatabase(config);
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const services: Services = { db, config, logger, secret: await loadSecret(db, config) };
  const app = createApp(services);
  const runner = config.runJobs ? startJobRunner(services) : undefined;
  if (cluster.isWorker) {
    process.on('message', (message: unknown) => {
      if (isCacheMessage(message)) pageCacheFor(db).invalidate(message.tags);
    });
  }
  const cacheListener = config.databaseUrl
    ? listenForCacheInvalidations(config.databaseUrl, (tags) => pageCacheFor(db).invalidate(tags), logger.child({ component: 'cache' }))
    : undefined;
  // Guests' cached pages and signed-in readers' spliced chapter pages are answered before Hono sees the request
  // (src/http/fast-path.ts); the rest go to the app.
  const handle = getRequestListener(app.fetch);
  const server = http.createServer(fastPathListener(services, handle));
  // Keep idle connections longer than the load balancers and proxies in front usually do (60 s), so the server never
  // closes a kept-alive connection just as a client or proxy sends its next request on it (Node's 5 s default lost
  // requests to resets while a burst of uncached listings kept the process busy).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(config.port, config.host);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  logger.info({ url: config.baseUrl, database: config.databaseUrl ? 'postgresql' : 'sqlite' }, 'Chapterhouse is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      // Stop accepting connections, let in-flight requests finish, then drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      await closed;
      await runner?.stop();
      await cacheListener?.close();
      await flushBufferedHits(db);
      closeChapterReaders();
      await db.destroy();
      logger.info('stopped');
    })();
    return closing;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0));
    });
  }
  return { server, close };
}
