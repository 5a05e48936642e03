import type { CommentNode } from './comment-threads.js';
import type { CommentRow } from './comments.queries.js';

/** A comment in JSON. A guest's email is never included; a deleted comment has no text. */
export function presentComment(comment: CommentRow, baseUrl: string) {
  const deleted = comment.deleted_at !== null;
  return {
    id: comment.id,
    work_id: comment.work_id,
    chapter_id: comment.chapter_id,
    parent_id: comment.parent_id,
    thread_id: comment.thread_id ?? comment.id,
    depth: comment.depth,
    author: !deleted && comment.username ? { username: comment.username } : null,
    guest_name: deleted ? null : comment.guest_name,
    body_html: deleted ? '' : comment.body_html,
    status: comment.status,
    frozen: comment.frozen === 1,
    edited_at: deleted ? null : comment.edited_at,
    deleted,
    created_at: comment.created_at,
    reply_count: comment.reply_count,
    url: `${baseUrl}/comments/${comment.id}`,
  };
}

export type CommentJson = ReturnType<typeof presentComment> & { replies?: CommentJson[]; continues?: boolean };

/** A comment with the replies shown under it, nested. */
export function presentCommentTree(node: CommentNode, baseUrl: string): CommentJson {
  return { ...presentComment(node.comment, baseUrl), replies: node.replies.map((r) => presentCommentTree(r, baseUrl)), continues: node.continues };
}
