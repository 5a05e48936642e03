import type { Work } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { formatDateTime, formatNumber } from '../ui/format.js';
import { Csrf, TextArea, TextField, type FormState } from '../ui/forms.js';
import { Honeypot } from '../ui/honeypot.js';
import type { CommentNode } from './comment-threads.js';
import { MAX_COMMENT_CHARS } from './comments.forms.js';
import type { CommentRow } from './comments.queries.js';
import { isStaff } from '../admin/roles.js';
import { isMaskedComment } from '../moderation/moderation.policy.js';
import { HiddenNotice } from '../moderation/moderation.views.js';
import { ReportLink } from '../reports/reports.views.js';

// Comment threads, the comment form, and the small action forms beside each comment. Everything works without
// JavaScript: replies are written on the comment's own page, actions are one-button forms.

/** What the viewer may do, decided once per page. */
export interface CommentAbilities {
  readonly ctx: PageContext;
  readonly authorIds: readonly number[];
  /** The viewer moderates this work (its author or an admin). */
  readonly moderator: boolean;
  /** New comments and replies are possible (comments on, and the viewer allowed). */
  readonly canReply: boolean;
  readonly timeZone: string;
}

function Action({ ctx, action, label, danger }: { readonly ctx: PageContext; readonly action: string; readonly label: string; readonly danger?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf token={ctx.csrfToken} />
      <button type="submit" class={danger ? 'link-button danger-link' : 'link-button'}>{label}</button>
    </form>
  );
}

/** The commenter's name: a profile link, a guest's name (plain text, marked as a guest), or the "Author" mark. */
function Commenter({ comment, authorIds }: { readonly comment: CommentRow; readonly authorIds: readonly number[] }) {
  if (comment.username) {
    return (
      <>
        <a class="comment-name" href={`/users/${encodeURIComponent(comment.username)}`}>{comment.username}</a>
        {comment.user_id !== null && authorIds.includes(comment.user_id) ? <span class="badge comment-author-badge">Author</span> : null}
      </>
    );
  }
  return (
    <>
      <span class="comment-name" dir="auto">{comment.guest_name ?? 'Deleted account'}</span>
      {comment.guest_name ? <span class="muted"> (guest)</span> : null}
    </>
  );
}

/** One comment and the replies shown under it. */
export function CommentItem({ node, can }: { readonly node: CommentNode; readonly can: CommentAbilities }) {
  const { comment } = node;
  const { ctx } = can;
  const mine = ctx.user !== undefined && comment.user_id === ctx.user.id;
  // A comment hidden by a moderator shows as a placeholder to everyone but its commenter and the staff (src/moderation).
  const deleted = comment.deleted_at !== null || isMaskedComment(comment, ctx.user);
  const isTop = comment.parent_id === null;
  return (
    <li>
      <article class={`comment${deleted ? ' comment-deleted' : ''}${comment.status === 'pending' || comment.status === 'held' ? ' comment-pending' : ''}`} id={`comment-${comment.id}`} aria-label={deleted ? (comment.deleted_at !== null ? 'Deleted comment' : 'Hidden comment') : `Comment by ${comment.username ?? comment.guest_name ?? 'a deleted account'}`}>
        {deleted ? (
          <p class="comment-meta muted">
            {comment.deleted_at !== null ? 'This comment was deleted.' : 'This comment has been hidden by a moderator.'} <a href={`/comments/${comment.id}`}>Permalink</a>
          </p>
        ) : (
          <>
            <header class="comment-meta">
              <Commenter comment={comment} authorIds={can.authorIds} />{' '}
              <a class="comment-time" href={`/comments/${comment.id}`}>
                <time datetime={comment.created_at}>{formatDateTime(comment.created_at, can.timeZone)}</time>
              </a>
              {comment.edited_at ? (
                <span class="muted">
                  {' '}(edited <time datetime={comment.edited_at}>{formatDateTime(comment.edited_at, can.timeZone)}</time>)
                </span>
              ) : null}
              {comment.status === 'pending' ? <span class="badge pending-badge">Awaiting approval</span> : null}
              {comment.status === 'held' ? <span class="badge pending-badge">Held for moderation</span> : null}
              {isTop && comment.frozen === 1 ? <span class="badge">Thread frozen</span> : null}
            </header>
            <div class="userstuff comment-body" dir="auto" dangerouslySetInnerHTML={{ __html: comment.body_html }} />
            <HiddenNotice type="comment" id={comment.id} hiddenReason={comment.hidden_reason} hidden={comment.hidden_at !== null} own={mine} staff={isStaff(ctx.user)} label="this comment" />
          </>
        )}
        <div class="comment-actions">
          {!deleted && comment.status === 'published' && can.canReply ? <a href={`/comments/${comment.id}#reply`}>Reply</a> : null}
          {!deleted && mine ? <a href={`/comments/${comment.id}/edit`}>Edit</a> : null}
          {!deleted && !mine && comment.status === 'published' ? <ReportLink type="comment" id={comment.id} /> : null}
          {!deleted && (mine || can.moderator) ? <Action ctx={ctx} action={`/comments/${comment.id}/delete`} label="Delete" danger /> : null}
          {!deleted && isTop && can.moderator && comment.status === 'published' ? (
            <Action ctx={ctx} action={`/comments/${comment.id}/${comment.frozen ? 'unfreeze' : 'freeze'}`} label={comment.frozen ? 'Unfreeze thread' : 'Freeze thread'} />
          ) : null}
          {comment.status === 'pending' && can.moderator ? (
            <>
              <Action ctx={ctx} action={`/comments/${comment.id}/approve`} label="Approve" />
              <Action ctx={ctx} action={`/comments/${comment.id}/reject`} label="Reject" danger />
            </>
          ) : null}
        </div>
        {node.replies.length ? (
          <ol class="comment-replies">
            {node.replies.map((reply) => (
              <CommentItem node={reply} can={can} />
            ))}
          </ol>
        ) : null}
        {node.continues ? (
          <p class="comment-continue">
            <a href={`/comments/${comment.id}`}>Continue this thread →</a>
          </p>
        ) : null}
      </article>
    </li>
  );
}

/** The comment form: a body, and a name and an email for guests; or why there is none. */
export function CommentForm({ ctx, action, state, work, submitLabel = 'Post comment', id = 'comment-form' }: { readonly ctx: PageContext; readonly action: string; readonly state: FormState; readonly work: Pick<Work, 'comment_permissions' | 'moderate_comments'>; readonly submitLabel?: string; readonly id?: string }) {
  if (work.comment_permissions === 'none') return <p class="muted">Comments are turned off for this work.</p>;
  const guest = !ctx.user;
  if (guest && work.comment_permissions === 'everyone' && !ctx.guestComments) {
    return (
      <p class="callout">
        <a href={`/login?return_to=${encodeURIComponent(ctx.path)}`}>Log in</a> to comment: guest comments are turned off on this archive.
      </p>
    );
  }
  if (guest && work.comment_permissions !== 'everyone') {
    return (
      <p class="callout">
        <a href={`/login?return_to=${encodeURIComponent(ctx.path)}`}>Log in</a> to comment: this work takes comments from signed-in readers only.
      </p>
    );
  }
  return (
    <form method="post" action={action} class="comment-form" id={id} novalidate>
      <Csrf token={ctx.csrfToken} />
      <Honeypot />
      {guest ? (
        <>
          <TextField name="guest_name" label="Your name" state={state} required maxlength={100} autocomplete="name" />
          <TextField name="guest_email" label="Your email" type="email" state={state} required autocomplete="email" hint="Never shown to anyone." />
        </>
      ) : null}
      <TextArea name="body" label="Comment" state={state} required rows={6} hint={`Markdown or simple HTML, up to ${formatNumber(MAX_COMMENT_CHARS)} characters.${work.moderate_comments ? ' The author approves comments before they appear.' : ''}`} />
      <div class="form-actions">
        <button type="submit" class="button primary">{submitLabel}</button>
      </div>
    </form>
  );
}

/** Page links for top-level comments (`?comments_page=N` on the chapter URL), back to the comments section. */
export function CommentPagination({ basePath, page, total, perPage, anchor }: { readonly basePath: string; readonly page: number; readonly total: number; readonly perPage: number; readonly anchor: string }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  const link = (n: number) => `${basePath}?comments_page=${n}#${anchor}`;
  return (
    <nav class="pagination" aria-label="Comment pages">
      {page > 1 ? <a href={link(page - 1)} rel="prev">← Earlier comments</a> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={link(page + 1)} rel="next">Later comments →</a> : <span />}
    </nav>
  );
}

export interface ChapterCommentsProps {
  readonly can: CommentAbilities;
  readonly work: Work;
  readonly chapter: { readonly id: number; readonly position: number; readonly comment_count: number };
  readonly nodes: readonly CommentNode[];
  readonly page: number;
  readonly total: number;
  readonly perPage: number;
  /** In the full-work view several chapters show comments: the form lives on each chapter's own page. */
  readonly fullWork: boolean;
}

/** The comments under a chapter: the first page without any click, page links, then the form. */
export function ChapterComments({ can, work, chapter, nodes, page, total, perPage, fullWork }: ChapterCommentsProps) {
  const anchor = `comments-${chapter.id}`;
  const chapterPath = `/works/${work.id}/chapters/${chapter.position}`;
  return (
    <section class="comments" id={anchor} aria-labelledby={`${anchor}-title`}>
      <h2 id={`${anchor}-title`}>
        {fullWork ? `Comments on chapter ${chapter.position}` : 'Comments'} ({formatNumber(chapter.comment_count)})
      </h2>
      {can.moderator && work.moderate_comments ? (
        <p>
          <a href={`/works/${work.id}/comments/moderation`}>Comments awaiting approval</a>
        </p>
      ) : null}
      {nodes.length ? (
        <ol class="comment-list">
          {nodes.map((node) => (
            <CommentItem node={node} can={can} />
          ))}
        </ol>
      ) : (
        <p class="muted">No comments yet.</p>
      )}
      <CommentPagination basePath={chapterPath} page={page} total={total} perPage={perPage} anchor={anchor} />
      {fullWork ? (
        work.comment_permissions === 'none' ? null : (
          <p>
            <a href={`${chapterPath}#comment-form`}>Comment on chapter {chapter.position}</a>
          </p>
        )
      ) : (
        <>
          <h3>Leave a comment</h3>
          <CommentForm ctx={can.ctx} action={`${chapterPath}/comments`} state={{ values: {}, errors: {} }} work={work} />
        </>
      )}
    </section>
  );
}
