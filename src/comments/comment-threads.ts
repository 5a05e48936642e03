import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { isStaff } from '../admin/roles.js';
import { maskHiddenComment } from '../moderation/moderation.policy.js';
import { canModerate } from './comments.policy.js';
import { countTopComments, listThreadReplies, listTopComments, type CommentRow, type CommentViewer } from './comments.queries.js';

// Loading comments for display without ever reading a whole chapter's comments: one page of top-level comments,
// then their replies (down to a fixed depth) in one query by thread, assembled into trees in memory.

export const COMMENTS_PER_PAGE = 20;
/** Replies this many levels below the comment shown first continue on that reply's own page. */
export const MAX_SHOWN_DEPTH = 5;

/** A comment with the replies shown under it. */
export interface CommentNode {
  readonly comment: CommentRow;
  readonly replies: CommentNode[];
  /** True when it has replies below the shown depth: a "continue this thread" link goes to its page. */
  continues: boolean;
}

/** What the reader sees of comments: their own pending ones, the author's queue inline, muted accounts hidden. */
export async function commentViewer(db: DbLike, user: User | undefined, authorIds: readonly number[]): Promise<CommentViewer> {
  return { userId: user?.id, isWorkAuthor: canModerate(user, authorIds), mutedIds: user ? await mutedUserIds(db, user.id) : [], staff: isStaff(user) };
}

/** One page of a chapter's comment threads, and the number of top-level comments the viewer sees. */
export async function loadChapterComments(db: DbLike, chapterId: number, viewer: CommentViewer, page: number): Promise<{ nodes: CommentNode[]; total: number }> {
  const [tops, total] = await Promise.all([
    listTopComments(db, chapterId, viewer, COMMENTS_PER_PAGE, (page - 1) * COMMENTS_PER_PAGE),
    countTopComments(db, chapterId, viewer),
  ]);
  const replies = await listThreadReplies(db, tops.map((t) => t.id), viewer, 1, MAX_SHOWN_DEPTH);
  const mask = (row: CommentRow) => maskHiddenComment(row, viewer);
  return { nodes: buildTrees(tops.map(mask), replies.map(mask), MAX_SHOWN_DEPTH), total };
}

/** A comment with its replies down to MAX_SHOWN_DEPTH levels below it (the permalink page). */
export async function loadCommentThread(db: DbLike, root: CommentRow, viewer: CommentViewer): Promise<CommentNode> {
  const threadId = root.thread_id ?? root.id;
  const replies = await listThreadReplies(db, [threadId], viewer, root.depth + 1, root.depth + MAX_SHOWN_DEPTH);
  const mask = (row: CommentRow) => maskHiddenComment(row, viewer);
  return buildTrees([mask(root)], replies.map(mask), root.depth + MAX_SHOWN_DEPTH)[0]!;
}

/** The page of a chapter's comments a top-level comment is on, for links back from a permalink. */
export async function commentPageOf(db: DbLike, chapterId: number, topId: number, viewer: CommentViewer): Promise<number> {
  return Math.floor((await countTopComments(db, chapterId, viewer, topId)) / COMMENTS_PER_PAGE) + 1;
}

/** True when the viewer may see this comment at all (published, or pending and theirs or their work's). */
export function isVisibleTo(comment: CommentRow, viewer: CommentViewer): boolean {
  if (comment.user_id !== null && viewer.mutedIds.includes(comment.user_id)) return false;
  if (comment.status === 'published') return true;
  if (comment.status === 'held') return !comment.deleted_at && viewer.userId !== undefined && comment.user_id === viewer.userId;
  return comment.status === 'pending' && !comment.deleted_at && (viewer.isWorkAuthor || (viewer.userId !== undefined && comment.user_id === viewer.userId));
}

/** Assembles rows into trees; rows arrive in id order, so every parent comes before its replies. */
function buildTrees(roots: readonly CommentRow[], replies: readonly CommentRow[], maxDepth: number): CommentNode[] {
  const byId = new Map<number, CommentNode>();
  const trees = roots.map((comment) => {
    const node: CommentNode = { comment, replies: [], continues: false };
    byId.set(comment.id, node);
    return node;
  });
  for (const comment of replies) {
    const parent = comment.parent_id === null ? undefined : byId.get(comment.parent_id);
    // A reply whose parent is hidden (a muted account's, or outside this subtree) is hidden with it.
    if (!parent) continue;
    const node: CommentNode = { comment, replies: [], continues: false };
    parent.replies.push(node);
    byId.set(comment.id, node);
  }
  for (const node of byId.values()) {
    if (node.comment.depth >= maxDepth && node.comment.reply_count > 0) node.continues = true;
  }
  return trees;
}
