import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Comment, User } from '../db/schema.js';
import { Conflict, Gone, NotFound } from '../http/errors.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { publishCounts } from './comments.js';
import { authorizeModeration } from './comments.policy.js';
import { findComment, listPendingComments, setCommentFrozen, settlePendingComment, type CommentRow } from './comments.queries.js';

// What a work's authors do with its comments: freeze threads, and approve or reject held comments.

/** Freezes (no more replies) or unfreezes the thread a comment belongs to; returns the thread's top comment. */
export async function setThreadFrozen(db: Db, user: User | undefined, commentId: number, frozen: boolean): Promise<Comment> {
  const comment = await findComment(db, commentId);
  if (!comment || comment.status === 'rejected') throw NotFound('comment');
  authorizeModeration(user, await workAuthorIds(db, comment.work_id));
  const threadId = comment.thread_id ?? comment.id;
  await setCommentFrozen(db, threadId, frozen);
  return (await findComment(db, threadId))!;
}

/** Approves (publishes) or rejects a comment held for moderation; a second decision is a 409. */
export async function settleComment(db: Db, user: User | undefined, commentId: number, decision: 'approve' | 'reject'): Promise<Comment> {
  const comment = await findComment(db, commentId);
  if (!comment) throw NotFound('comment');
  authorizeModeration(user, await workAuthorIds(db, comment.work_id));
  return db.transaction().execute(async (trx) => {
    const settled = await settlePendingComment(trx, commentId, decision === 'approve' ? 'published' : 'rejected', now());
    if (!settled) throw Conflict('That comment is not awaiting approval.');
    if (settled.status === 'published') await publishCounts(trx, settled);
    return (await findComment(trx, commentId))!;
  });
}

/** A work's moderation queue, for its authors. */
export async function moderationQueue(db: Db, user: User | undefined, workId: number): Promise<CommentRow[]> {
  const work = await findWork(db, workId);
  if (!work) throw NotFound('work');
  if (work.deleted_at) throw Gone('work');
  authorizeModeration(user, await workAuthorIds(db, workId));
  return listPendingComments(db, workId, 200);
}
