import { findUserById } from '../accounts/users.queries.js';
import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.js';
import { deliverToSavedSearches, deliverToTagSubscribers } from '../saved-searches/deliveries.js';
import { findSeries, seriesIdsOfWork } from '../series/series.queries.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { scheduleDigest } from './email.jobs.js';
import {
  anyDailyDigestUser,
  fanOutToSubscribers,
  findChapterById,
  findCommentForNotice,
  immediateEmailUserIds,
  incrementUnread,
  insertNotification,
  isWorkInSeries,
  type FanOut,
} from './notifications.queries.js';

// The fan-out jobs: one set-based insert per kind, idempotent through notifications' (user_id, dedupe_key). In one
// transaction with the unread counters and the email jobs, so a retried job neither double-counts nor double-sends.
// Every notification about a new work shares the key `work:<id>`: a reader hears of a work once, whether they follow
// its author, one of its series, a tag it counts under or a saved search it matches (in that order of precedence).

const EMAIL_BATCH = 200;

/** After inserting notifications for `userIds`: bump their counters and schedule their email. */
async function afterInsert(db: DbLike, userIds: readonly number[], dedupeKey: string): Promise<void> {
  if (userIds.length === 0) return;
  await incrementUnread(db, userIds);
  const immediate = (await immediateEmailUserIds(db, userIds)).sort((a, b) => a - b);
  for (let i = 0; i < immediate.length; i += EMAIL_BATCH) {
    const batch = immediate.slice(i, i + EMAIL_BATCH);
    await enqueueJob(db, 'email.notifications', { user_ids: batch }, { dedupeKey: `email.notifications:${dedupeKey}:${batch[0]}` });
  }
  if (await anyDailyDigestUser(db, userIds)) await scheduleDigest(db);
}

/** A posted, undeleted work with its authors and the first author's name; undefined when there is nothing to tell. */
async function postedWork(db: DbLike, workId: number) {
  const work = await findWork(db, workId);
  // A work hidden by a moderator is news to nobody (src/moderation).
  if (!work || work.deleted_at || work.posted !== 1 || work.hidden_at) return undefined;
  const authorIds = await workAuthorIds(db, workId);
  const actor = authorIds[0] !== undefined ? await findUserById(db, authorIds[0]) : undefined;
  return { work, authorIds, actorId: actor?.id ?? null, actorName: actor?.username ?? null };
}

const chapterJob: JobHandler = async (payload, { db }) => {
  const workId = Number(payload.work_id);
  const chapterId = Number(payload.chapter_id);
  await db.transaction().execute(async (trx) => {
    const found = await postedWork(trx, workId);
    const chapter = await findChapterById(trx, chapterId);
    if (!found || !chapter || chapter.work_id !== workId || chapter.posted !== 1) return;
    const n: FanOut = { kind: 'chapter', workId, chapterId, seriesId: null, commentId: null, actorId: found.actorId, actorName: found.actorName, dedupeKey: `chapter:${chapterId}`, at: now() };
    await afterInsert(trx, await fanOutToSubscribers(trx, 'work', [workId], found.authorIds, found.authorIds, n), n.dedupeKey);
  });
};

const workJob: JobHandler = async (payload, { db }) => {
  const workId = Number(payload.work_id);
  const delivered = await db.transaction().execute(async (trx) => {
    const found = await postedWork(trx, workId);
    if (!found) return undefined;
    const base = { workId, chapterId: null, commentId: null, actorId: found.actorId, actorName: found.actorName, dedupeKey: `work:${workId}`, at: now() };
    const inserted: number[] = [];
    for (const seriesId of await seriesIdsOfWork(trx, workId)) {
      inserted.push(...(await fanOutToSubscribers(trx, 'series', [seriesId], found.authorIds, found.authorIds, { ...base, kind: 'series_part', seriesId })));
    }
    inserted.push(...(await fanOutToSubscribers(trx, 'user', found.authorIds, found.authorIds, found.authorIds, { ...base, kind: 'work', seriesId: null })));
    inserted.push(...(await deliverToTagSubscribers(trx, { ...base, authorIds: found.authorIds })));
    await afterInsert(trx, inserted, base.dedupeKey);
    return { ...base, authorIds: found.authorIds };
  });
  // Saved searches last, in batches of their own transactions (there may be many).
  if (delivered) await deliverToSavedSearches(db, delivered, (trx, userIds) => afterInsert(trx, userIds, `${delivered.dedupeKey}:saved:${userIds[0] ?? 0}`));
};

const seriesPartJob: JobHandler = async (payload, { db }) => {
  const workId = Number(payload.work_id);
  const seriesId = Number(payload.series_id);
  await db.transaction().execute(async (trx) => {
    const found = await postedWork(trx, workId);
    const series = await findSeries(trx, seriesId);
    if (!found || !series || series.deleted_at || !(await isWorkInSeries(trx, seriesId, workId))) return;
    const n: FanOut = { kind: 'series_part', workId, chapterId: null, seriesId, commentId: null, actorId: found.actorId, actorName: found.actorName, dedupeKey: `work:${workId}`, at: now() };
    await afterInsert(trx, await fanOutToSubscribers(trx, 'series', [seriesId], found.authorIds, found.authorIds, n), n.dedupeKey);
  });
};

const commentJob: JobHandler = async (payload, { db }) => {
  const commentId = Number(payload.comment_id);
  await db.transaction().execute(async (trx) => {
    const comment = await findCommentForNotice(trx, commentId);
    if (!comment || comment.status !== 'published' || comment.deleted_at) return;
    const work = await findWork(trx, comment.work_id);
    if (!work || work.deleted_at || work.posted !== 1) return;
    const base = { workId: comment.work_id, chapterId: comment.chapter_id, seriesId: null, commentId, actorId: comment.user_id, actorName: comment.username ?? comment.guest_name ?? 'A guest', dedupeKey: `comment:${commentId}`, at: now() };
    const wants = async (userId: number) => userId !== comment.user_id && (comment.user_id === null || !(await mutedUserIds(trx, userId)).includes(comment.user_id));
    const inserted: number[] = [];
    // A reply first: an author replied to on their own work hears "replied to your comment", once.
    if (comment.parent_user_id !== null && !comment.parent_deleted_at && (await wants(comment.parent_user_id))) {
      if (await insertNotification(trx, comment.parent_user_id, { ...base, kind: 'reply' })) inserted.push(comment.parent_user_id);
    }
    for (const authorId of await workAuthorIds(trx, comment.work_id)) {
      if ((await wants(authorId)) && (await insertNotification(trx, authorId, { ...base, kind: 'comment' }))) inserted.push(authorId);
    }
    await afterInsert(trx, inserted, base.dedupeKey);
  });
};

/** The fan-out handlers, by job kind. */
export const fanOutHandlers: ReadonlyArray<readonly [string, JobHandler]> = [
  ['notify.chapter', chapterJob],
  ['notify.work', workJob],
  ['notify.series_part', seriesPartJob],
  ['notify.comment', commentJob],
];
