import type { PageContext } from '../http/page-context.js';
import { Csrf } from '../ui/forms.js';
import { formatDateTime, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { HELD_PER_PAGE } from './held-comments.js';
import type { HeldCommentRow } from './held-comments.queries.js';

export interface HeldCommentsPageProps {
  readonly ctx: PageContext;
  readonly comments: readonly HeldCommentRow[];
  readonly total: number;
  readonly page: number;
  readonly timeZone: string;
}

function Commenter({ comment }: { readonly comment: HeldCommentRow }) {
  if (comment.username) return <a href={`/users/${encodeURIComponent(comment.username)}`}>{comment.username}</a>;
  return (
    <>
      <span dir="auto">{comment.guest_name ?? 'Deleted account'}</span>
      {comment.guest_name ? <span class="muted"> (guest)</span> : null}
    </>
  );
}

/** The approve and delete forms of one held comment, each with an optional reason for the audit log. */
function Decision({ ctx, comment, action }: { readonly ctx: PageContext; readonly comment: HeldCommentRow; readonly action: 'approve' | 'delete' }) {
  const id = `held-${comment.id}-${action}-reason`;
  return (
    <form method="post" action={`/admin/comments/held/${comment.id}/${action}`} class="held-decision">
      <Csrf token={ctx.csrfToken} />
      <label for={id}>{action === 'approve' ? 'Note for the audit log (optional)' : 'Reason (optional)'}</label>
      <input id={id} type="text" name="reason" maxlength={500} />
      <button type="submit" class={action === 'approve' ? 'button primary' : 'button danger'}>
        {action === 'approve' ? 'Approve' : 'Delete'}
      </button>
    </form>
  );
}

/** /admin/comments/held: comments waiting for a site moderator, oldest first. */
export function HeldCommentsPage({ ctx, comments, total, page, timeZone }: HeldCommentsPageProps) {
  return (
    <Layout ctx={ctx} title="Held comments">
      <p class="breadcrumbs">
        <a href="/admin">Admin</a>
      </p>
      <h1>Held comments ({formatNumber(total)})</h1>
      <p class="hint">
        First comments with links from guests and new accounts, and comments the spam check flagged. Only their commenter sees them until you
        approve them (they are then published, or go to the work’s authors when the work holds comments for approval). Deleting is final.
      </p>
      {comments.length === 0 ? (
        <p class="muted">No comments are waiting.</p>
      ) : (
        <ol class="held-comments">
          {comments.map((comment) => (
            <li>
              <article class="comment" id={`held-${comment.id}`} aria-labelledby={`held-${comment.id}-title`}>
                <h2 id={`held-${comment.id}-title`} class="comment-meta">
                  <Commenter comment={comment} /> on{' '}
                  <a href={`/works/${comment.work_id}/chapters/${comment.chapter_position}`}>
                    {comment.work_title}, chapter {comment.chapter_position}
                  </a>
                  {comment.parent_id !== null ? <span class="muted"> (a reply)</span> : null}{' '}
                  <time class="muted" datetime={comment.created_at}>{formatDateTime(comment.created_at, timeZone)}</time>
                </h2>
                <div class="userstuff comment-body" dir="auto" dangerouslySetInnerHTML={{ __html: comment.body_html }} />
                <div class="held-decisions">
                  <Decision ctx={ctx} comment={comment} action="approve" />
                  <Decision ctx={ctx} comment={comment} action="delete" />
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} total={total} perPage={HELD_PER_PAGE} basePath="/admin/comments/held" />
    </Layout>
  );
}
