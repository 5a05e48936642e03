import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { touchWorkOrder } from '../listings/work-filters.queries.js';
import type { Chapter, Comment, CommentsTable, Database } from '../db/schema.js';

// All SQL of the comments domain. "Shown" comments are published and either undeleted or deleted with shown
// replies (a placeholder keeps the thread readable); `reply_count` counts a comment's shown direct replies.

/** Who is looking: pending comments are visible to their commenter and the work's authors; muted accounts are hidden. */
export interface CommentViewer {
  readonly userId: number | undefined;
  readonly isWorkAuthor: boolean;
  readonly mutedIds: readonly number[];
  /** A moderator or admin: sees comments hidden by a moderator as they are (others see a placeholder). */
  readonly staff?: boolean;
}

function visibleTo(viewer: CommentViewer) {
  return (eb: ExpressionBuilder<Database, 'comments'>) => {
    const shown = eb.and([eb('status', '=', 'published'), eb.or([eb('deleted_at', 'is', null), eb('reply_count', '>', 0)])]);
    const pendingOwn = viewer.isWorkAuthor
      ? eb.and([eb('status', '=', 'pending'), eb('deleted_at', 'is', null)])
      : viewer.userId !== undefined
        ? eb.and([eb('status', '=', 'pending'), eb('deleted_at', 'is', null), eb('user_id', '=', viewer.userId)])
        : undefined;
    // A comment held for a site moderator (src/spam/holding.ts) is shown to its commenter alone.
    const heldOwn = viewer.userId !== undefined ? eb.and([eb('status', '=', 'held'), eb('deleted_at', 'is', null), eb('user_id', '=', viewer.userId)]) : undefined;
    const extra = [pendingOwn, heldOwn].filter((e) => e !== undefined);
    const visible = extra.length ? eb.or([shown, ...extra]) : shown;
    if (viewer.mutedIds.length === 0) return visible;
    return eb.and([visible, eb.or([eb('user_id', 'is', null), eb('user_id', 'not in', [...viewer.mutedIds])])]);
  };
}

/** A comment row with its commenter's username (null for guests and removed accounts). */
export type CommentRow = Comment & { username: string | null };

function withUsername(db: DbLike) {
  return db.selectFrom('comments').leftJoin('users', 'users.id', 'comments.user_id').selectAll('comments').select('users.username');
}

/** Inserts a comment and returns it. */
export async function insertComment(db: DbLike, comment: Insertable<CommentsTable>): Promise<Comment> {
  return db.insertInto('comments').values(comment).returningAll().executeTakeFirstOrThrow();
}

/** Sets a comment's thread id (a top-level comment is its own thread). */
export async function setCommentThread(db: DbLike, id: number, threadId: number): Promise<void> {
  await db.updateTable('comments').set({ thread_id: threadId }).where('id', '=', id).execute();
}

/** The comment with this id and its commenter's username, whatever its state. */
export async function findComment(db: DbLike, id: number): Promise<CommentRow | undefined> {
  return withUsername(db).where('comments.id', '=', id).executeTakeFirst();
}

/** Changes a comment's body (an edit by its commenter). */
export async function updateCommentBody(db: DbLike, id: number, source: string, html: string, at: string): Promise<void> {
  await db.updateTable('comments').set({ body_source: source, body_html: html, edited_at: at, updated_at: at }).where('id', '=', id).execute();
}

/** Marks a comment deleted and clears its text; undefined when it was already deleted (so counters move once). */
export async function markCommentDeleted(db: DbLike, id: number, at: string): Promise<Comment | undefined> {
  return db
    .updateTable('comments')
    .set({ deleted_at: at, updated_at: at, body_source: '', body_html: '', guest_email: null })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Moves a pending comment to `status`; undefined unless it was pending (so approving twice counts once). */
export async function settlePendingComment(db: DbLike, id: number, status: 'published' | 'rejected', at: string): Promise<Comment | undefined> {
  return db
    .updateTable('comments')
    .set({ status, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Freezes or unfreezes a thread (the flag lives on its top-level comment). */
export async function setCommentFrozen(db: DbLike, id: number, frozen: boolean): Promise<void> {
  await db.updateTable('comments').set({ frozen: frozen ? 1 : 0 }).where('id', '=', id).execute();
}

/** Adds `delta` to a comment's shown-reply count and returns the new count and the comment's state. */
export async function addToReplyCount(db: DbLike, id: number, delta: number): Promise<Pick<Comment, 'id' | 'parent_id' | 'reply_count' | 'deleted_at' | 'status'> | undefined> {
  return db
    .updateTable('comments')
    .set({ reply_count: sql<number>`reply_count + ${delta}` })
    .where('id', '=', id)
    .returning(['id', 'parent_id', 'reply_count', 'deleted_at', 'status'])
    .executeTakeFirst();
}

/** Adds `delta` to the published-comment counters of a work and of a chapter (kept comment-order pages follow). */
export async function addToCommentCounts(db: DbLike, workId: number, chapterId: number, delta: number): Promise<void> {
  await db.updateTable('works').set({ comment_count: sql<number>`comment_count + ${delta}` }).where('id', '=', workId).execute();
  await db.updateTable('chapters').set({ comment_count: sql<number>`comment_count + ${delta}` }).where('id', '=', chapterId).execute();
  await touchWorkOrder(db, 'comments', workId);
}

/** One page of a chapter's top-level comments visible to `viewer`, oldest first (uses comments_chapter_top). */
export async function listTopComments(db: DbLike, chapterId: number, viewer: CommentViewer, limit: number, offset: number): Promise<CommentRow[]> {
  return withUsername(db)
    .where('comments.chapter_id', '=', chapterId)
    .where('comments.parent_id', 'is', null)
    .where(visibleTo(viewer))
    .orderBy('comments.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many top-level comments of a chapter `viewer` sees (the pagination total). */
export async function countTopComments(db: DbLike, chapterId: number, viewer: CommentViewer, beforeId?: number): Promise<number> {
  let query = db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chapter_id', '=', chapterId)
    .where('parent_id', 'is', null)
    .where(visibleTo(viewer));
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The replies in some threads visible to `viewer`, between two depths, oldest first: one query for a whole page. */
export async function listThreadReplies(db: DbLike, threadIds: readonly number[], viewer: CommentViewer, minDepth: number, maxDepth: number): Promise<CommentRow[]> {
  if (threadIds.length === 0) return [];
  return withUsername(db)
    .where('comments.thread_id', 'in', [...threadIds])
    .where('comments.depth', '>=', minDepth)
    .where('comments.depth', '<=', maxDepth)
    .where('comments.parent_id', 'is not', null)
    .where(visibleTo(viewer))
    .orderBy('comments.id')
    .execute();
}

/** A work's comments awaiting approval, oldest first. */
export async function listPendingComments(db: DbLike, workId: number, limit: number): Promise<CommentRow[]> {
  return withUsername(db)
    .where('comments.work_id', '=', workId)
    .where('comments.status', '=', 'pending')
    .where('comments.deleted_at', 'is', null)
    .orderBy('comments.id')
    .limit(limit)
    .execute();
}

/** The exact published, undeleted comment counts of a work and of each of its chapters (for checks and repairs). */
export async function countPublishedComments(db: DbLike, workId: number): Promise<{ work: number; chapters: Map<number, number> }> {
  const rows = await db
    .selectFrom('comments')
    .select(['chapter_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('work_id', '=', workId)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .groupBy('chapter_id')
    .execute();
  const chapters = new Map(rows.map((r) => [r.chapter_id, Number(r.n)]));
  return { work: [...chapters.values()].reduce((a, b) => a + b, 0), chapters };
}

/** The chapter a comment belongs to. */
export async function findCommentChapter(db: DbLike, chapterId: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('id', '=', chapterId).executeTakeFirst();
}

/** A chapter's published-comment counter. */
export async function chapterCommentCount(db: DbLike, chapterId: number): Promise<number> {
  const row = await db.selectFrom('chapters').select('comment_count').where('id', '=', chapterId).executeTakeFirst();
  return row?.comment_count ?? 0;
}
