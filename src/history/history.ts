import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Chapter, User, Work } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { flushBufferedHits, pendingReadingOf, recordBufferedHit, recordBufferedReading } from './hit-buffer.js';
import { recordHit } from './hits.js';
import { clearReadings, countReadings, findReading, listReadings, setMarkedForLater, type ReadingRow } from './history.queries.js';

// Reading history for signed-in readers (on unless they turn it off), the to-read list, and hits.

export const HISTORY_PER_PAGE = 20;

/**
 * Records a view of a reading page: a hit (once per visitor per day) and, for a signed-in reader who keeps a
 * history, the chapter read. The work's own authors are not counted, nor are drafts (only authors and admins see them).
 * `chapters` is what the page shows: one chapter, or all of them for the full-work view (then the last chapter read is kept).
 * A signed-in reader's hit and history row are queued and written within a second (src/history/hit-buffer.ts), as
 * on the spliced reading page (src/http/personal-splice.ts), so both paths count a visit alike.
 */
export async function recordVisit(db: Db, work: Work, authorIds: readonly number[], chapters: readonly Chapter[], viewer: User | undefined, visitorKey: () => string): Promise<void> {
  if (work.posted === 0 || work.deleted_at || (viewer && authorIds.includes(viewer.id))) return;
  if (!viewer) {
    await recordHit(db, work.id, visitorKey());
    return;
  }
  recordBufferedHit(db, work.id, visitorKey());
  if (viewer.history_enabled === 1) {
    const chapter = chapters.length === 1 ? chapters[0]! : undefined;
    recordBufferedReading(db, viewer.id, work.id, chapter ? { id: chapter.id, position: chapter.position } : null, now());
  }
}

/** The chapter to continue from, when the reader has read past the first chapter and is not looking at that chapter now. */
export async function continueReading(db: Db, viewer: User | undefined, work: Work, shown: readonly Chapter[]): Promise<ReadingRow | undefined> {
  if (!viewer || viewer.history_enabled !== 1) return undefined;
  const reading = withPendingVisits(db, viewer.id, work.id, await findReading(db, viewer.id, work.id));
  if (!reading?.chapter_id || !reading.chapter_position || reading.chapter_position <= 1) return undefined;
  if (shown.some((c) => c.id === reading.chapter_id)) return undefined;
  return reading;
}

/** The stored reading row as it will be once the queued visits are written (the last chapter read is theirs). */
export function withPendingVisits(db: DbLike, userId: number, workId: number, stored: ReadingRow | undefined): ReadingRow | undefined {
  const pending = pendingReadingOf(db, userId, workId);
  if (!pending) return stored;
  const chapter = pending.chapterId === null ? {} : { chapter_id: pending.chapterId, chapter_position: pending.chapterPosition };
  return {
    work_id: workId,
    chapter_id: stored?.chapter_id ?? null,
    chapter_position: stored?.chapter_position ?? null,
    marked_for_later: stored?.marked_for_later ?? 0,
    ...chapter,
    views: (stored?.views ?? 0) + pending.views,
    visited_at: pending.visitedAt,
  };
}

/** Whether the work is on the reader's to-read list. */
export async function isMarkedForLater(db: Db, viewer: User, workId: number): Promise<boolean> {
  return (await findReading(db, viewer.id, workId))?.marked_for_later === 1;
}

/** A page of the reader's history or to-read list (works by muted authors left out), with the total. */
export async function readingList(db: Db, user: User, later: boolean, page: number): Promise<{ rows: ReadingRow[]; total: number }> {
  await flushBufferedHits(db);
  const hiddenAuthorIds = await mutedUserIds(db, user.id);
  const [rows, total] = await Promise.all([
    listReadings(db, user.id, { later, hiddenAuthorIds, limit: HISTORY_PER_PAGE, offset: (page - 1) * HISTORY_PER_PAGE }),
    countReadings(db, user.id, { later, hiddenAuthorIds }),
  ]);
  return { rows, total };
}

/** Forgets every visit in the reader's history (the to-read list stays). */
export async function clearHistory(db: Db, user: User): Promise<void> {
  // A visit still queued would bring the history back after the clear.
  await flushBufferedHits(db);
  await db.transaction().execute((trx) => clearReadings(trx, user.id));
}

/** Puts a work the reader can see on (or off) their to-read list. */
export async function markForLater(db: Db, user: User, workId: number, marked: boolean): Promise<void> {
  const work = await findWork(db, workId);
  authorizeWorkRead(user, work, await workAuthorIds(db, workId));
  if (work.posted === 0) throw NotFound('work');
  await flushBufferedHits(db);
  await db.transaction().execute((trx) => setMarkedForLater(trx, user.id, workId, marked, now()));
}
