import type { Db, DbLike } from '../db/connection.js';
import { recordHits } from './hits.js';
import { upsertReading } from './history.queries.js';

// Views served from the render cache still count as hits, but a write per cached view would cost more than serving
// the page. They are kept in memory and written in one transaction about once a second (and when the server stops);
// the per-visitor-per-day rule is applied when they are written, exactly as for an uncached view.
// A signed-in reader's visits (their hit and their reading-history row) are buffered the same way. Reads of the
// history see them at once: the reading page overlays the pending row (pendingReadingOf), and the history pages and
// every history write flush first (src/history/history.ts).

const FLUSH_MS = 1_000;
const MAX_PENDING = 2_000;

/** A visit to a work not yet written to `readings`: how many views, when last, and the last chapter read. */
export interface PendingReading {
  readonly userId: number;
  readonly workId: number;
  views: number;
  visitedAt: string;
  /** The last single chapter viewed, with its position (null when only the full-work view was seen). */
  chapterId: number | null;
  chapterPosition: number | null;
}

interface Buffer {
  readonly db: Db;
  pending: Map<string, { workId: number; visitor: string }>;
  readings: Map<string, PendingReading>;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void>;
}

const buffers = new Map<DbLike, Buffer>();

function bufferOf(db: DbLike): Buffer {
  let buffer = buffers.get(db);
  if (!buffer) buffers.set(db, (buffer = { db: db as Db, pending: new Map(), readings: new Map(), timer: undefined, flushing: Promise.resolve() }));
  return buffer;
}

function scheduleFlush(db: DbLike, buffer: Buffer): void {
  if (buffer.pending.size + buffer.readings.size >= MAX_PENDING) void flushBufferedHits(db);
  else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushBufferedHits(db), FLUSH_MS);
    buffer.timer.unref();
  }
}

/** Queues a hit from a cached view; it is written within about a second. */
export function recordBufferedHit(db: DbLike, workId: number, visitor: string): void {
  const buffer = bufferOf(db);
  buffer.pending.set(`${workId}:${visitor}`, { workId, visitor });
  scheduleFlush(db, buffer);
}

/** Queues a signed-in reader's visit for their reading history (one more view; the chapter, when one was shown). */
export function recordBufferedReading(db: DbLike, userId: number, workId: number, chapter: { id: number; position: number } | null, at: string): void {
  const buffer = bufferOf(db);
  const key = `${userId}:${workId}`;
  const entry = buffer.readings.get(key);
  if (entry) {
    entry.views += 1;
    entry.visitedAt = at;
    if (chapter) {
      entry.chapterId = chapter.id;
      entry.chapterPosition = chapter.position;
    }
  } else {
    buffer.readings.set(key, { userId, workId, views: 1, visitedAt: at, chapterId: chapter?.id ?? null, chapterPosition: chapter?.position ?? null });
  }
  scheduleFlush(db, buffer);
}

/** The reader's visits to the work not yet written, if any (the reading page counts them as written). */
export function pendingReadingOf(db: DbLike, userId: number, workId: number): Readonly<PendingReading> | undefined {
  return buffers.get(db)?.readings.get(`${userId}:${workId}`);
}

/** Writes the queued hits and reading-history visits now (the server calls this when it stops; history reads call it first). */
export async function flushBufferedHits(db: DbLike): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) return;
  if (buffer.timer) clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const batch = [...buffer.pending.values()];
  const readings = [...buffer.readings.values()];
  buffer.pending = new Map();
  buffer.readings = new Map();
  buffer.flushing = buffer.flushing.then(async () => {
    if (readings.length > 0) await writeReadings(buffer.db, readings);
    if (batch.length === 0) return;
    try {
      await recordHits(buffer.db, batch);
    } catch {
      // A hit is worth less than a page: if the database is away, these are dropped rather than retried forever.
    }
  });
  await buffer.flushing;
}

/** Writes pending visits in one transaction; when that fails (an account or work deleted meanwhile), one by one. */
async function writeReadings(db: Db, readings: readonly PendingReading[]): Promise<void> {
  const write = (into: DbLike, r: PendingReading) => upsertReading(into, r.userId, r.workId, r.chapterId, r.visitedAt, r.views);
  try {
    await db.transaction().execute(async (trx) => {
      for (const reading of readings) await write(trx, reading);
    });
  } catch {
    for (const reading of readings) {
      try {
        await write(db, reading);
      } catch {
        // The account or the work is gone: its history row has nothing left to belong to.
      }
    }
  }
}
