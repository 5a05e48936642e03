import type { Config } from '../config.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Comment, User } from '../db/schema.js';
import { NotFound, TooManyRequests, Unauthorized, ValidationFailed, GuestCommentsOff } from '../http/errors.js';
import { hitRateLimit, rateLimitCount } from '../http/rate-limits.queries.js';
import { validate } from '../http/validation.js';
import { notifyComment } from '../notifications/notify.js';
import { holdReason, type CommentOrigin } from '../spam/holding.js';
import { findChapterByPosition } from '../works/chapters.queries.js';
import { isAuthor } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { commentBodySchema, guestFieldsSchema, renderComment } from './comments.forms.js';
import { authorizeCommentDelete, authorizeCommentEdit, authorizeCommentOn, authorizeReplyTo } from './comments.policy.js';
import {
  addToCommentCounts,
  addToReplyCount,
  chapterCommentCount,
  findComment,
  findCommentChapter,
  insertComment,
  markCommentDeleted,
  setCommentThread,
  updateCommentBody,
} from './comments.queries.js';

// Comment domain functions: the pages and the API both call these. Counters (works.comment_count,
// chapters.comment_count, comments.reply_count) move in the same transaction as the change that moves them.

/** Who is commenting: a signed-in user, or a guest; `ipHash` is the client's address signed with the site secret. */
export interface CommentActor {
  readonly user: User | undefined;
  readonly ipHash: string;
  /** The raw address and user agent, for the optional spam check only (never stored). */
  readonly origin?: CommentOrigin;
  /** False when the site settings turn guest comments off: a guest may then comment nowhere. */
  readonly guestComments?: boolean;
}

/** Posts a top-level comment on chapter `position` of a work. */
export async function postComment(db: Db, config: Config, actor: CommentActor, workId: number, position: number, input: unknown): Promise<Comment> {
  const work = await findWork(db, workId);
  const chapter = work ? await findChapterByPosition(db, workId, position) : undefined;
  const authorIds = await workAuthorIds(db, workId);
  await authorizeCommentOn(db, actor.user, work, chapter, authorIds);
  if (!actor.user && actor.guestComments === false) throw GuestCommentsOff();
  const fields = readCommentInput(actor, input);
  await countCommentAttempt(db, config, actor);
  const siteHold = await holdForModerator(db, config, actor, authorIds, fields, `${config.baseUrl}/works/${workId}/chapters/${position}`);
  return db.transaction().execute((trx) => createComment(trx, actor, { workId, chapterId: chapter!.id, parent: undefined, held: work!.moderate_comments === 1 && !isAuthor(actor.user, authorIds), siteHold }, fields));
}

/** Replies to a comment. */
export async function replyToComment(db: Db, config: Config, actor: CommentActor, parentId: number, input: unknown): Promise<Comment> {
  const parent = await findComment(db, parentId);
  if (!parent) throw NotFound('comment');
  const work = await findWork(db, parent.work_id);
  const chapter = await findCommentChapter(db, parent.chapter_id);
  const authorIds = await workAuthorIds(db, parent.work_id);
  await authorizeCommentOn(db, actor.user, work, chapter, authorIds);
  if (!actor.user && actor.guestComments === false) throw GuestCommentsOff();
  const thread = parent.thread_id === parent.id ? parent : await findComment(db, parent.thread_id ?? parent.id);
  await authorizeReplyTo(db, actor.user, parent, thread);
  const fields = readCommentInput(actor, input);
  await countCommentAttempt(db, config, actor);
  const siteHold = await holdForModerator(db, config, actor, authorIds, fields, `${config.baseUrl}/comments/${parentId}`);
  return db.transaction().execute(async (trx) => {
    // Re-check inside the transaction: the thread may have been frozen or the parent deleted meanwhile.
    const fresh = (await findComment(trx, parentId))!;
    await authorizeReplyTo(trx, actor.user, fresh, fresh.thread_id === fresh.id ? fresh : await findComment(trx, fresh.thread_id ?? fresh.id));
    return createComment(trx, actor, { workId: parent.work_id, chapterId: parent.chapter_id, parent: fresh, held: work!.moderate_comments === 1 && !isAuthor(actor.user, authorIds), siteHold }, fields);
  });
}

/** Edits a comment's text; only its commenter may, and it is marked as edited. */
export async function editComment(db: Db, user: User | undefined, commentId: number, input: unknown): Promise<Comment> {
  const comment = await findComment(db, commentId);
  if (!comment || comment.status === 'rejected') throw NotFound('comment');
  authorizeCommentEdit(user, comment);
  const { body } = validate(commentBodySchema, input);
  await updateCommentBody(db, commentId, body, renderComment(body), now());
  return (await findComment(db, commentId))!;
}

/**
 * Deletes a comment (its commenter, or the work's authors). One with shown replies stays as a placeholder;
 * one without disappears, and so may deleted ancestors that only stood for it.
 */
export async function deleteComment(db: Db, user: User | undefined, commentId: number): Promise<void> {
  await db.transaction().execute((trx) => deleteCommentInTransaction(trx, user, commentId));
}

/** deleteComment inside the caller's transaction (a moderator's deletion is audited in the same one). */
export async function deleteCommentInTransaction(trx: DbLike, user: User | undefined, commentId: number): Promise<void> {
  const comment = await findComment(trx, commentId);
  if (!comment || comment.status === 'rejected') throw NotFound('comment');
  authorizeCommentDelete(user, comment, await workAuthorIds(trx, comment.work_id));
  const deleted = await markCommentDeleted(trx, commentId, now());
  if (!deleted || deleted.status !== 'published') return;
  await addToCommentCounts(trx, deleted.work_id, deleted.chapter_id, -1);
  if (deleted.reply_count === 0) await propagateShown(trx, deleted.parent_id, -1);
}

/**
 * A comment became shown (+1) or stopped being shown (-1): adjust its parent's reply count, and keep going up
 * while a deleted parent appears or disappears with it.
 */
export async function propagateShown(db: DbLike, parentId: number | null, delta: 1 | -1): Promise<void> {
  let id = parentId;
  while (id !== null) {
    const parent = await addToReplyCount(db, id, delta);
    if (!parent || !parent.deleted_at || parent.status !== 'published') return;
    // A deleted parent changes visibility only when its count crosses zero.
    if ((delta === 1 && parent.reply_count !== 1) || (delta === -1 && parent.reply_count !== 0)) return;
    id = parent.parent_id;
  }
}

interface CommentFields {
  readonly body: string;
  readonly guestName: string | null;
  readonly guestEmail: string | null;
}

/** Validates a comment body, and a guest's name and email (the email is kept for the author's eyes only, never shown). */
function readCommentInput(actor: CommentActor, input: unknown): CommentFields {
  const source = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  let fieldErrors: Record<string, string> = {};
  let body = '';
  let guest = { guest_name: null as string | null, guest_email: null as string | null };
  try {
    body = validate(commentBodySchema, { body: source.body }).body;
  } catch (error) {
    fieldErrors = { ...((error as { fields?: Record<string, string> }).fields ?? {}) };
  }
  if (!actor.user) {
    try {
      guest = validate(guestFieldsSchema, { guest_name: source.guest_name, guest_email: source.guest_email });
    } catch (error) {
      fieldErrors = { ...fieldErrors, ...((error as { fields?: Record<string, string> }).fields ?? {}) };
    }
  }
  // Report every field at once, so a guest fixes the name and the text in one go.
  if (Object.keys(fieldErrors).length) throw ValidationFailed(fieldErrors);
  return { body, guestName: guest.guest_name, guestEmail: guest.guest_email };
}

/** Counts a comment attempt against the per-account and per-IP limits; 429 with Retry-After beyond them. */
async function countCommentAttempt(db: Db, config: Config, actor: CommentActor): Promise<void> {
  const at = new Date();
  const keys = [...(actor.user ? [`comment:account:${actor.user.id}`] : []), `comment:ip:${actor.ipHash}`];
  for (const key of keys) {
    const current = await rateLimitCount(db, key, at.toISOString());
    if (current && current.count >= config.commentLimit) {
      throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(current.window_ends_at) - at.getTime()) / 1000)));
    }
  }
  const windowEnds = new Date(at.getTime() + config.commentWindowSeconds * 1000).toISOString();
  for (const key of keys) await hitRateLimit(db, key, at.toISOString(), windowEnds);
}

/** True when a site moderator must see the comment first (src/spam/holding.ts): checked before the transaction, as it may call out. */
async function holdForModerator(db: Db, config: Config, actor: CommentActor, authorIds: readonly number[], fields: CommentFields, permalink: string): Promise<boolean> {
  const input = { user: actor.user, origin: actor.origin, isWorkAuthor: isAuthor(actor.user, authorIds), body: fields.body, guestName: fields.guestName, guestEmail: fields.guestEmail, permalink };
  return (await holdReason(db, config, input)) !== undefined;
}

async function createComment(
  trx: DbLike,
  actor: CommentActor,
  place: { workId: number; chapterId: number; parent: Comment | undefined; held: boolean; siteHold?: boolean },
  fields: CommentFields,
): Promise<Comment> {
  if (!actor.user && !fields.guestName) throw Unauthorized();
  const at = now();
  // A site moderator's hold comes first; once released, the work's own approval (pending) still applies.
  const status = place.siteHold ? 'held' : place.held ? 'pending' : 'published';
  const comment = await insertComment(trx, {
    work_id: place.workId,
    chapter_id: place.chapterId,
    parent_id: place.parent?.id ?? null,
    thread_id: place.parent ? (place.parent.thread_id ?? place.parent.id) : null,
    depth: place.parent ? place.parent.depth + 1 : 0,
    user_id: actor.user?.id ?? null,
    guest_name: actor.user ? null : fields.guestName,
    guest_email: actor.user ? null : fields.guestEmail,
    body_source: fields.body,
    body_html: renderComment(fields.body),
    status,
    ip_hash: actor.ipHash,
    created_at: at,
    updated_at: at,
  });
  if (!place.parent) await setCommentThread(trx, comment.id, comment.id);
  if (status === 'published') await publishCounts(trx, comment);
  return (await findComment(trx, comment.id))!;
}

/** What publishing a comment moves: the counters, the parent's reply count, and the notification job. */
export async function publishCounts(trx: DbLike, comment: Comment): Promise<void> {
  await addToCommentCounts(trx, comment.work_id, comment.chapter_id, 1);
  if (comment.parent_id !== null) await propagateShown(trx, comment.parent_id, 1);
  await notifyComment(trx, comment.id);
}

/** Called before a chapter is deleted (its comments go with it): its published comments leave the work's count. */
export async function dropChapterComments(trx: DbLike, workId: number, chapterId: number): Promise<void> {
  const count = await chapterCommentCount(trx, chapterId);
  if (count > 0) await addToCommentCounts(trx, workId, chapterId, -count);
}
