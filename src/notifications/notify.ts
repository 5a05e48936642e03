import type { DbLike } from '../db/connection.js';
import { enqueueJob } from '../jobs/jobs.js';

// What other domains call when something readers may want to hear about happens. Each call only enqueues a
// durable job, inside the caller's transaction: the request returns at once, and the fan-out happens in the job
// runner (src/notifications/*.jobs.ts), idempotently. Dedupe keys make a repeated call harmless.

/** A chapter of a posted work was posted: tell the work's subscribers. */
export async function notifyChapterPosted(db: DbLike, workId: number, chapterId: number): Promise<void> {
  await enqueueJob(db, 'notify.chapter', { work_id: workId, chapter_id: chapterId }, { dedupeKey: `notify.chapter:${chapterId}` });
}

/** A work was posted: tell its authors' subscribers, and each series' subscribers that a new part is out. */
export async function notifyWorkPosted(db: DbLike, workId: number): Promise<void> {
  await enqueueJob(db, 'notify.work', { work_id: workId }, { dedupeKey: `notify.work:${workId}` });
}

/** A posted work became a part of a series: tell the series' subscribers. */
export async function notifySeriesPart(db: DbLike, seriesId: number, workId: number): Promise<void> {
  await enqueueJob(db, 'notify.series_part', { series_id: seriesId, work_id: workId }, { dedupeKey: `notify.series_part:${seriesId}:${workId}` });
}

/** A comment was published: tell the work's authors, and the author of the comment replied to. */
export async function notifyComment(db: DbLike, commentId: number): Promise<void> {
  await enqueueJob(db, 'notify.comment', { comment_id: commentId }, { dedupeKey: `notify.comment:${commentId}` });
}
