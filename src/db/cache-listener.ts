import pg from 'pg';
import type { Logger } from 'pino';
import { CACHE_CHANNEL } from '../http/page-cache.queries.js';

// Every web process on one PostgreSQL database keeps its own render cache; a write in any of them is announced with
// NOTIFY (src/http/page-cache.queries.ts) and each process LISTENs here and drops the same pages. The listening
// connection reconnects by itself after the database comes back; until then the cache is emptied once, so no
// process serves a page an unseen write has changed.

export interface CacheListener {
  close(): Promise<void>;
}

/** Listens for invalidations on `databaseUrl` and hands each one's tags to `onTags`. */
export function listenForCacheInvalidations(databaseUrl: string, onTags: (tags: string[]) => void, log: Logger): CacheListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      if (message.channel === CACHE_CHANNEL) onTags((message.payload ?? '*').split(' ').filter(Boolean));
    });
    next.on('error', (error) => {
      log.warn({ err: error.message }, 'cache listener lost its connection; reconnecting');
      reconnect();
    });
    try {
      await next.connect();
      await next.query(`listen ${CACHE_CHANNEL}`);
      client = next;
      // Anything announced while we were not listening is unknown: start from an empty cache.
      onTags(['*']);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'cache listener could not connect; retrying');
      void next.end().catch(() => undefined);
      reconnect();
    }
  };
  const reconnect = () => {
    if (closed || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1_000);
    retry.unref();
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
