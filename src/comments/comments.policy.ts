import type { DbLike } from '../db/connection.js';
import type { Chapter, Comment, User, Work } from '../db/schema.js';
import { isBlockedBy } from '../blocks/blocks.queries.js';
import { Forbidden, Gone, NotFound, Unauthorized } from '../http/errors.js';
import { isAuthor } from '../works/works.policy.js';

// Who may comment, reply, edit, delete, freeze and moderate. Every domain function asks here.

export const COMMENTS_OFF = 'Comments are turned off for this work.';
export const LOG_IN_TO_COMMENT = 'Log in to comment: this work takes comments from signed-in readers only.';

/** True when `user` may moderate the work's comments (delete any, freeze threads, approve): its authors and admins. */
export function canModerate(user: User | undefined, authorIds: readonly number[]): boolean {
  return isAuthor(user, authorIds) || user?.is_admin === 1;
}

/** Throws unless the chapter of this work takes new comments from `user` (or a guest when undefined). */
export async function authorizeCommentOn(db: DbLike, user: User | undefined, work: Work | undefined, chapter: Chapter | undefined, authorIds: readonly number[]): Promise<void> {
  if (!work) throw NotFound('work');
  if (work.deleted_at) throw Gone('work');
  const author = canModerate(user, authorIds);
  // Content hidden by a moderator is not there for readers (src/moderation).
  if ((work.posted === 0 || work.hidden_at !== null) && !author) throw NotFound('work');
  if (!chapter || ((chapter.posted === 0 || chapter.hidden_at !== null) && !author)) throw NotFound('chapter');
  if (work.posted === 0 || chapter.posted === 0) throw Forbidden('Comments open once the chapter is posted.');
  if (work.comment_permissions === 'none') throw Forbidden(COMMENTS_OFF);
  if (!user && work.comment_permissions !== 'everyone') throw Unauthorized(LOG_IN_TO_COMMENT);
  if (user && !isAuthor(user, authorIds)) {
    for (const authorId of authorIds) if (await isBlockedBy(db, authorId, user.id)) throw Forbidden('The author of this work has blocked you from commenting on it.');
  }
}

/** Throws unless `user` may reply to `parent` (on top of authorizeCommentOn): it is published, not deleted, not frozen. */
export async function authorizeReplyTo(db: DbLike, user: User | undefined, parent: Comment, thread: Comment | undefined): Promise<void> {
  if (parent.status !== 'published') throw NotFound('comment');
  if (parent.deleted_at) throw Forbidden('That comment was deleted: it takes no replies.');
  if (parent.hidden_at) throw Forbidden('That comment was hidden by a moderator: it takes no replies.');
  if (thread?.frozen === 1 || parent.frozen === 1) throw Forbidden('This thread is frozen: it takes no more replies.');
  if (user && parent.user_id !== null && parent.user_id !== user.id && (await isBlockedBy(db, parent.user_id, user.id))) {
    throw Forbidden('The author of that comment has blocked you from replying to it.');
  }
}

/** Throws unless `user` wrote the comment (only its commenter may edit it). */
export function authorizeCommentEdit(user: User | undefined, comment: Comment): void {
  if (!user) throw Unauthorized();
  if (comment.deleted_at) throw Gone('comment');
  if (comment.user_id !== user.id) throw Forbidden('Only the person who wrote a comment can edit it.');
}

/** Throws unless `user` may delete the comment: its commenter, the work's authors, admins. */
export function authorizeCommentDelete(user: User | undefined, comment: Comment, authorIds: readonly number[]): void {
  if (!user) throw Unauthorized();
  if (comment.deleted_at) throw Gone('comment');
  if (comment.user_id !== user.id && !canModerate(user, authorIds)) throw Forbidden('Only the commenter or the work’s author can delete a comment.');
}

/** Throws unless `user` may freeze threads and approve comments on the work. */
export function authorizeModeration(user: User | undefined, authorIds: readonly number[]): void {
  if (!user) throw Unauthorized();
  if (!canModerate(user, authorIds)) throw Forbidden('Only the work’s author can moderate its comments.');
}
