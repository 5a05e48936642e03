import type { Chapter, Work } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { ErrorSummary, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { CommentNode } from './comment-threads.js';
import { CommentForm, CommentItem, type CommentAbilities } from './comments.views.js';
import type { CommentRow } from './comments.queries.js';

// Whole pages of the comments domain: a comment's permalink, the comment form on its own, the moderation queue.

function chapterName(work: Pick<Work, 'title'>, chapter: Pick<Chapter, 'position' | 'title'>): string {
  return `${work.title}, chapter ${chapter.position}${chapter.title ? `: ${chapter.title}` : ''}`;
}

export interface CommentPageProps {
  readonly can: CommentAbilities;
  readonly work: Work;
  readonly chapter: Chapter;
  readonly node: CommentNode;
  /** The chapter URL with the comments page this thread is on, and the comment's anchor. */
  readonly backUrl: string;
  readonly form: FormState;
  /** Why replies cannot be written here, when they cannot. */
  readonly replyBlocked?: string | undefined;
}

/** A comment's permalink: the comment, its replies, the reply form, and links back to the chapter. */
export function CommentPage({ can, work, chapter, node, backUrl, form, replyBlocked }: CommentPageProps) {
  const { comment } = node;
  return (
    <Layout ctx={can.ctx} title={`Comment on ${chapterName(work, chapter)}`} reading>
      <section class="comment-page">
        <h1>
          Comment on <a href={`/works/${work.id}/chapters/${chapter.position}`}>{chapterName(work, chapter)}</a>
        </h1>
        <nav class="comment-context" aria-label="Thread">
          <a href={backUrl}>← Back to the chapter’s comments</a>
          {comment.parent_id !== null ? <a href={`/comments/${comment.parent_id}`}>Parent comment</a> : null}
          {comment.thread_id !== null && comment.thread_id !== comment.id && comment.thread_id !== comment.parent_id ? <a href={`/comments/${comment.thread_id}`}>Start of the thread</a> : null}
        </nav>
        <ol class="comment-list">
          <CommentItem node={node} can={can} />
        </ol>
        <section id="reply" aria-labelledby="reply-title">
          <h2 id="reply-title">Reply</h2>
          <ErrorSummary errors={form.errors} />
          {replyBlocked ? (
            <p class="muted">{replyBlocked}</p>
          ) : (
            <CommentForm ctx={can.ctx} action={`/comments/${comment.id}/replies`} state={form} work={work} submitLabel="Post reply" />
          )}
        </section>
      </section>
    </Layout>
  );
}

/** The comment form alone: a failed new comment (kept text, 422), or editing one's own comment. */
export function CommentFormPage({ ctx, work, chapter, form, action, heading }: { readonly ctx: PageContext; readonly work: Work; readonly chapter: Chapter; readonly form: FormState; readonly action: string; readonly heading: string }) {
  return (
    <Layout ctx={ctx} title={heading}>
      <section class="form-page">
        <h1>{heading}</h1>
        <p>
          On <a href={`/works/${work.id}/chapters/${chapter.position}`}>{chapterName(work, chapter)}</a>
        </p>
        <ErrorSummary errors={form.errors} />
        <CommentForm ctx={ctx} action={action} state={form} work={work} submitLabel={heading.startsWith('Edit') ? 'Save comment' : 'Post comment'} />
      </section>
    </Layout>
  );
}

/** A work's moderation queue: held comments with Approve and Reject. */
export function ModerationPage({ can, work, comments }: { readonly can: CommentAbilities; readonly work: Work; readonly comments: readonly CommentRow[] }) {
  return (
    <Layout ctx={can.ctx} title={`Comments awaiting approval on ${work.title}`}>
      <section class="comment-page">
        <h1>
          Comments awaiting approval on <a href={`/works/${work.id}`}>{work.title}</a>
        </h1>
        {comments.length === 0 ? (
          <p class="muted">Nothing is waiting: every comment has been approved or rejected.</p>
        ) : (
          <ol class="comment-list">
            {comments.map((comment) => (
              <CommentItem node={{ comment, replies: [], continues: false }} can={can} />
            ))}
          </ol>
        )}
      </section>
    </Layout>
  );
}
