import { hasRole } from '../admin/roles.js';
import { recordAudit } from '../admin/audit.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Comment, User } from '../db/schema.js';
import { Conflict, Forbidden, NotFound, Unauthorized } from '../http/errors.js';
import { publishCounts } from '../comments/comments.js';
import { findComment } from '../comments/comments.queries.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { countHeldComments, deleteHeldComment, listHeldComments, releaseHeldComment, type HeldCommentRow } from './held-comments.queries.js';

// The site moderators' queue of held comments (src/spam/holding.ts decides what is held). The page and the API share
// these functions. Approving publishes the comment the way any comment is published (counters, reply counts and the
// notification job, via publishCounts) unless the work also wants its authors' approval, in which case it moves on to
// their queue; deleting removes it. Both are audited in the same transaction.

export const HELD_PER_PAGE = 50;
const MAX_REASON = 500;

function requireModerator(user: User | undefined): User {
  if (!user) throw Unauthorized();
  if (!hasRole(user, 'moderator')) throw Forbidden('Only moderators can do that.');
  return user;
}

/** One page (1-based) of held comments, oldest first, and how many wait in all. */
export async function heldCommentQueue(db: Db, user: User | undefined, page: number): Promise<{ items: HeldCommentRow[]; total: number }> {
  requireModerator(user);
  const [items, total] = await Promise.all([listHeldComments(db, HELD_PER_PAGE, (page - 1) * HELD_PER_PAGE), countHeldComments(db)]);
  return { items, total };
}

const reasonOf = (input: unknown): string => {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>).reason : undefined;
  return typeof raw === 'string' ? raw.trim().slice(0, MAX_REASON) : '';
};

/** Releases a held comment: published, or on to the work's authors when they approve comments themselves. 409 unless held. */
export async function approveHeldComment(db: Db, user: User | undefined, commentId: number, input: unknown = {}): Promise<Comment> {
  const moderator = requireModerator(user);
  const comment = await findComment(db, commentId);
  if (!comment) throw NotFound('comment');
  const work = await findWork(db, comment.work_id);
  const authorIds = await workAuthorIds(db, comment.work_id);
  const byAuthor = comment.user_id !== null && authorIds.includes(comment.user_id);
  const next = work?.moderate_comments === 1 && !byAuthor ? 'pending' : 'published';
  return db.transaction().execute(async (trx) => {
    const released = await releaseHeldComment(trx, commentId, next, now());
    if (!released) throw Conflict('That comment is not held for moderation.');
    if (released.status === 'published') await publishCounts(trx, released);
    await recordAudit(trx, {
      actorId: moderator.id,
      action: 'comment.release',
      targetType: 'comment',
      targetId: commentId,
      reason: reasonOf(input),
      before: { status: 'held' },
      after: { status: released.status },
      details: { work_id: released.work_id },
    });
    return (await findComment(trx, commentId))!;
  });
}

/** Deletes a held comment (it was never shown, so no counter moves); the audit entry keeps an excerpt. 409 unless held. */
export async function removeHeldComment(db: Db, user: User | undefined, commentId: number, input: unknown = {}): Promise<void> {
  const moderator = requireModerator(user);
  const comment = await findComment(db, commentId);
  if (!comment) throw NotFound('comment');
  await db.transaction().execute(async (trx) => {
    const deleted = await deleteHeldComment(trx, commentId, now());
    if (!deleted) throw Conflict('That comment is not held for moderation.');
    await recordAudit(trx, {
      actorId: moderator.id,
      action: 'comment.delete_held',
      targetType: 'comment',
      targetId: commentId,
      reason: reasonOf(input),
      before: { status: 'held', commenter: comment.username ?? comment.guest_name, excerpt: comment.body_source.slice(0, 200) },
      after: { status: 'rejected', deleted: true },
      details: { work_id: comment.work_id },
    });
  });
}
