import type { Db, DbLike } from '../db/connection.js';
import { recordHits } from './hits.js';

// Views served from the render cache still count as hits, but a write per cached view would cost more than serving
// the page. They are kept in memory and written in one transaction about once a second (and when the server stops);
// the per-visitor-per-day rule is applied when they are written, exactly as for an uncached view.

const FLUSH_MS = 1_000;
const MAX_PENDING = 2_000;

interface Buffer {
  readonly db: Db;
  pending: Map<string, { workId: number; visitor: string }>;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void>;
}

const buffers = new Map<DbLike, Buffer>();

/** Queues a hit from a cached view; it is written within about a second. */
export function recordBufferedHit(db: DbLike, workId: number, visitor: string): void {
  let buffer = buffers.get(db);
  if (!buffer) buffers.set(db, (buffer = { db: db as Db, pending: new Map(), timer: undefined, flushing: Promise.resolve() }));
  buffer.pending.set(`${workId}:${visitor}`, { workId, visitor });
  if (buffer.pending.size >= MAX_PENDING) void flushBufferedHits(db);
  else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushBufferedHits(db), FLUSH_MS);
    buffer.timer.unref();
  }
}

/** Writes the queued hits now (the server calls this when it stops; tests call it to see the counts). */
export async function flushBufferedHits(db: DbLike): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) return;
  if (buffer.timer) clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const batch = [...buffer.pending.values()];
  buffer.pending = new Map();
  buffer.flushing = buffer.flushing.then(async () => {
    if (batch.length === 0) return;
    try {
      await recordHits(buffer.db, batch);
    } catch {
      // A hit is worth less than a page: if the database is away, these are dropped rather than retried forever.
    }
  });
  await buffer.flushing;
}
