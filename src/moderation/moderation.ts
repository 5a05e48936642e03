import { z } from 'zod';
import { recordAudit } from '../admin/audit.js';
import { deleteCommentInTransaction } from '../comments/comments.js';
import { findComment } from '../comments/comments.queries.js';
import type { Db, DbLike } from '../db/connection.js';
import { addToCounter } from '../db/counters.queries.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { Conflict, Gone, NotFound } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { incrementUnread, insertNotification } from '../notifications/notifications.queries.js';
import { resolveReportsForTarget } from '../reports/reports.queries.js';
import { reindexWork } from '../search/search.js';
import { deleteSeriesInTransaction } from '../series/series.js';
import { findSeries } from '../series/series.queries.js';
import { removeChapterInTransaction } from '../works/chapters.js';
import { POSTED_WORKS_COUNTER, deleteWorkInTransaction, refreshWorkTotals } from '../works/works.js';
import { findWork, lockWork, workAuthorIds } from '../works/works.queries.js';
import { TARGET_NOUN, TYPE_OF, type TargetType } from './moderation.policy.js';
import { clearHidden, findChapterById, markHidden, seriesMemberWorkIds } from './moderation.queries.js';

// Hiding, restoring and deleting content by moderators (issue 6). One domain function per action, shared by the
// pages and the API; each runs in one transaction with its audit entry, the reports it settles, the counters it
// moves (hidden works leave the posted-works counter exactly as a deleted one does) and the author's notification.

export const MAX_REASON_CHARS = 1000;

const reasonSchema = z.object({
  reason: z
    .string({ error: 'Give a reason: the author will read it.' })
    .trim()
    .min(1, { error: 'Give a reason: the author will read it.' })
    .max(MAX_REASON_CHARS, { error: `Keep the reason under ${MAX_REASON_CHARS} characters.` }),
});

/** A piece of content as moderation sees it, whatever its kind. */
export interface ModerationTarget {
  readonly type: TargetType;
  readonly id: number;
  /** A human name: the title, or "Comment on “title”". */
  readonly label: string;
  /** Where readers (and the author) find it. */
  readonly path: string;
  readonly hiddenAt: string | null;
  readonly hiddenReason: string | null;
  readonly deleted: boolean;
  /** The accounts that own it: a work's or chapter's authors, a series' creator, a comment's commenter (none for guests). */
  readonly ownerIds: readonly number[];
  readonly workId: number | null;
  readonly chapterId: number | null;
  readonly commentId: number | null;
  readonly seriesId: number | null;
  /** Posted (works and chapters) or published (comments); series always count as posted. */
  readonly posted: boolean;
}

/** The target of a moderation action, or 404. */
export async function loadTarget(db: DbLike, type: TargetType, id: number): Promise<ModerationTarget> {
  const base = { type, id, workId: null, chapterId: null, commentId: null, seriesId: null };
  switch (type) {
    case 'work': {
      const work = await findWork(db, id);
      if (!work) throw NotFound('work');
      return { ...base, workId: id, label: work.title, path: `/works/${id}`, hiddenAt: work.hidden_at, hiddenReason: work.hidden_reason, deleted: work.deleted_at !== null, ownerIds: await workAuthorIds(db, id), posted: work.posted === 1 };
    }
    case 'chapter': {
      const chapter = await findChapterById(db, id);
      if (!chapter) throw NotFound('chapter');
      const work = (await findWork(db, chapter.work_id))!;
      const name = chapter.title ? `Chapter ${chapter.position}: ${chapter.title}` : `Chapter ${chapter.position}`;
      return {
        ...base,
        workId: work.id,
        chapterId: id,
        label: `${name} of “${work.title}”`,
        path: `/works/${work.id}/chapters/${chapter.position}`,
        hiddenAt: chapter.hidden_at,
        hiddenReason: chapter.hidden_reason,
        deleted: work.deleted_at !== null,
        ownerIds: await workAuthorIds(db, work.id),
        posted: chapter.posted === 1,
      };
    }
    case 'comment': {
      const comment = await findComment(db, id);
      if (!comment) throw NotFound('comment');
      const work = await findWork(db, comment.work_id);
      return {
        ...base,
        workId: comment.work_id,
        chapterId: comment.chapter_id,
        commentId: id,
        label: `Comment on “${work?.title ?? 'a work'}”`,
        path: `/comments/${id}`,
        hiddenAt: comment.hidden_at,
        hiddenReason: comment.hidden_reason,
        deleted: comment.deleted_at !== null,
        ownerIds: comment.user_id === null ? [] : [comment.user_id],
        posted: comment.status === 'published',
      };
    }
    case 'series': {
      const series = await findSeries(db, id);
      if (!series) throw NotFound('series');
      return { ...base, seriesId: id, label: series.title, path: `/series/${id}`, hiddenAt: series.hidden_at, hiddenReason: series.hidden_reason, deleted: series.deleted_at !== null, ownerIds: [series.user_id], posted: true };
    }
  }
}

/** Hides content from the public with a reason: the author still sees it, marked, and is told why. */
export async function hideContent(db: Db, moderator: User, type: TargetType, id: number, input: unknown): Promise<ModerationTarget> {
  const { reason } = validate(reasonSchema, input);
  return db.transaction().execute(async (trx) => {
    if (type === 'work') await lockWork(trx, id);
    const target = await loadTarget(trx, type, id);
    if (target.deleted) throw Gone(TARGET_NOUN[type]);
    const at = now();
    if (!(await markHidden(trx, TYPE_OF[type], id, { at, reason, by: moderator.id }))) throw Conflict(`That ${TARGET_NOUN[type]} is hidden already.`);
    await applyVisibilityChange(trx, target, -1);
    const auditId = await recordAudit(trx, {
      actorId: moderator.id,
      action: `${type}.hide`,
      targetType: type,
      targetId: id,
      reason,
      before: { hidden_at: null },
      after: { hidden_at: at, hidden_reason: reason },
      details: { label: target.label },
    });
    await resolveReportsForTarget(trx, type, id, auditId, at);
    await notifyOwners(trx, target, `A moderator hid your ${TARGET_NOUN[type]} ${quoted(target)} from the public. Reason: ${reason} You can appeal this decision once.`, `hide:${auditId}`, at);
    return loadTarget(trx, type, id);
  });
}

/** Makes hidden content public again, with a reason; the author is told. */
export async function restoreContent(db: Db, moderator: User, type: TargetType, id: number, input: unknown): Promise<ModerationTarget> {
  const { reason } = validate(reasonSchema, input);
  return db.transaction().execute((trx) => restoreInTransaction(trx, moderator, type, id, reason));
}

/** restoreContent inside the caller's transaction (deciding an appeal restores in its own). */
export async function restoreInTransaction(trx: DbLike, moderator: User, type: TargetType, id: number, reason: string): Promise<ModerationTarget> {
  if (type === 'work') await lockWork(trx, id);
  const target = await loadTarget(trx, type, id);
  if (target.deleted) throw Gone(TARGET_NOUN[type]);
  if (!(await clearHidden(trx, TYPE_OF[type], id))) throw Conflict(`That ${TARGET_NOUN[type]} is not hidden.`);
  await applyVisibilityChange(trx, target, 1);
  const at = now();
  const auditId = await recordAudit(trx, {
    actorId: moderator.id,
    action: `${type}.restore`,
    targetType: type,
    targetId: id,
    reason,
    before: { hidden_at: target.hiddenAt, hidden_reason: target.hiddenReason },
    after: { hidden_at: null },
    details: { label: target.label },
  });
  await resolveReportsForTarget(trx, type, id, auditId, at);
  await notifyOwners(trx, target, `A moderator restored your ${TARGET_NOUN[type]} ${quoted(target)}: it is public again. ${reason}`, `restore:${auditId}`, at);
  return loadTarget(trx, type, id);
}

/**
 * Deletes content through its domain's own delete path (which keeps its counters and writes its own entry), plus
 * the moderator's audited entry with the reason, in one transaction.
 */
export async function deleteContent(db: Db, moderator: User, type: TargetType, id: number, input: unknown): Promise<void> {
  const { reason } = validate(reasonSchema, input);
  await db.transaction().execute(async (trx) => {
    if (type === 'work') await lockWork(trx, id);
    const target = await loadTarget(trx, type, id);
    if (target.deleted) throw Gone(TARGET_NOUN[type]);
    // The domain delete paths admit a content's owners and administrators; the route has checked the moderator
    // role, and a moderator deletes here with an administrator's reach for this one call only.
    const acting: User = { ...moderator, is_admin: 1 };
    switch (type) {
      case 'work':
        await deleteWorkInTransaction(trx, acting, id);
        break;
      case 'chapter': {
        const chapter = (await findChapterById(trx, id))!;
        await removeChapterInTransaction(trx, acting, chapter.work_id, chapter.position);
        break;
      }
      case 'comment':
        await deleteCommentInTransaction(trx, acting, id);
        break;
      case 'series':
        await deleteSeriesInTransaction(trx, acting, id);
        break;
    }
    const at = now();
    const auditId = await recordAudit(trx, {
      actorId: moderator.id,
      action: `${type}.moderator_delete`,
      targetType: type,
      targetId: id,
      reason,
      before: { hidden_at: target.hiddenAt, deleted: false },
      after: { deleted: true },
      details: { label: target.label },
    });
    await resolveReportsForTarget(trx, type, id, auditId, at);
    // A deleted chapter has no row left to link to: its notice points at the work.
    const notice = type === 'chapter' ? { ...target, chapterId: null } : target;
    await notifyOwners(trx, notice, `A moderator deleted your ${TARGET_NOUN[type]} ${quoted(target)}. Reason: ${reason}`, `delete:${auditId}`, at);
  });
}

/**
 * What hiding (-1) or restoring (+1) moves besides the row: the posted-works counter and the search index for a
 * work, the work's chapter and word totals for a chapter, the search entries of a series' works (found by its title).
 * Comments keep their place in the thread as a placeholder, so the comment counters do not move.
 */
async function applyVisibilityChange(trx: DbLike, target: ModerationTarget, delta: 1 | -1): Promise<void> {
  switch (target.type) {
    case 'work':
      if (target.posted && !target.deleted) await addToCounter(trx, POSTED_WORKS_COUNTER, delta);
      await reindexWork(trx, target.id);
      return;
    case 'chapter':
      await refreshWorkTotals(trx, target.workId!);
      return;
    case 'series':
      for (const workId of await seriesMemberWorkIds(trx, target.id)) await reindexWork(trx, workId);
      return;
    case 'comment':
      return;
  }
}

function quoted(target: ModerationTarget): string {
  return target.type === 'comment' ? `(${target.label})` : `“${target.label}”`;
}

/** Tells each owner of the content, in their inbox, what happened and why (never who reported it). */
export async function notifyOwners(trx: DbLike, target: ModerationTarget, text: string, key: string, at: string): Promise<void> {
  const recipients: number[] = [];
  for (const userId of target.ownerIds) {
    const inserted = await insertNotification(trx, userId, {
      kind: 'moderation',
      workId: target.workId,
      chapterId: target.chapterId,
      seriesId: target.seriesId,
      commentId: target.commentId,
      actorId: null,
      actorName: text.slice(0, 2000),
      dedupeKey: `moderation:${target.type}:${target.id}:${key}`,
      at,
    });
    if (inserted) recipients.push(userId);
  }
  await incrementUnread(trx, recipients);
}
