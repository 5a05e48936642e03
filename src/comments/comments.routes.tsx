import { Hono, type Context } from 'hono';
import type { User } from '../db/schema.js';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { AppError, NotFound, type FieldErrors } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm, type FormInput } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { answerBot, honeypotFilled } from '../http/honeypot.js';
import { findChapterByPosition } from '../works/chapters.queries.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { commentActor } from './comment-actor.js';
import { moderationQueue, setThreadFrozen, settleComment } from './comment-moderation.js';
import { CommentFormPage, CommentPage, ModerationPage } from './comment-pages.views.js';
import { commentPageOf, commentViewer, isVisibleTo, loadCommentThread } from './comment-threads.js';
import { deleteComment, editComment, postComment, replyToComment } from './comments.js';
import { authorizeCommentOn, authorizeReplyTo, canModerate } from './comments.policy.js';
import { findComment, findCommentChapter, type CommentRow } from './comments.queries.js';
import type { CommentAbilities } from './comments.views.js';

/** Comment pages: posting from a chapter, permalinks, replies, edits, deletion, freezing and the moderation queue. */
export const commentRoutes = new Hono<AppEnv>();

const HELD_MESSAGE = 'Your comment is held for moderation: a moderator reviews it before anyone else sees it.';

function formInput(form: FormInput) {
  return { body: form.body ?? '', guest_name: form.guest_name ?? '', guest_email: form.guest_email ?? '' };
}

/** Where a comment lives on its chapter page: the comments page of its thread, and its anchor. */
async function chapterLink(c: Context<AppEnv>, comment: CommentRow, user: User | undefined, authorIds: readonly number[]): Promise<string> {
  const { db } = c.get('services');
  const chapter = (await findCommentChapter(db, comment.chapter_id))!;
  const page = await commentPageOf(db, comment.chapter_id, comment.thread_id ?? comment.id, await commentViewer(db, user, authorIds));
  return `/works/${comment.work_id}/chapters/${chapter.position}${page > 1 ? `?comments_page=${page}` : ''}#comment-${comment.id}`;
}

/** The comment in the URL, which the current user must be allowed to see, with its work and chapter. */
async function visibleComment(c: Context<AppEnv>) {
  const { db } = c.get('services');
  const user = c.get('user');
  const comment = await findComment(db, idParam(c.req.param('id'), 'comment'));
  if (!comment) throw NotFound('comment');
  const work = await findWork(db, comment.work_id);
  const authorIds = await workAuthorIds(db, comment.work_id);
  authorizeWorkRead(user, work, authorIds);
  const viewer = await commentViewer(db, user, authorIds);
  if (!isVisibleTo(comment, viewer)) throw NotFound('comment');
  const chapter = (await findCommentChapter(db, comment.chapter_id))!;
  return { comment, work, chapter, authorIds, viewer };
}

/** Renders a comment's permalink page, with the reply form's state (422 after a failed reply). */
async function renderCommentPage(c: Context<AppEnv>, values: FormInput, errors: FieldErrors, status: 200 | 422) {
  const { db } = c.get('services');
  const user = c.get('user');
  const { comment, work, chapter, authorIds, viewer } = await visibleComment(c);
  let replyBlocked: string | undefined;
  try {
    await authorizeCommentOn(db, user, work, chapter, authorIds);
    const thread = comment.thread_id === comment.id ? comment : await findComment(db, comment.thread_id ?? comment.id);
    await authorizeReplyTo(db, user, comment, thread);
  } catch (error) {
    // A guest on a signed-in-only work sees the log-in prompt the form itself shows.
    if (!(error instanceof AppError) || error.status === 401) replyBlocked = undefined;
    else replyBlocked = error.message;
  }
  const can: CommentAbilities = { ctx: pageContext(c), authorIds, moderator: canModerate(user, authorIds), canReply: replyBlocked === undefined && work.comment_permissions !== 'none', timeZone: user?.time_zone ?? 'UTC' };
  const node = await loadCommentThread(db, comment, viewer);
  const backUrl = await chapterLink(c, comment, user, authorIds);
  return c.html(<CommentPage can={can} work={work} chapter={chapter} node={node} backUrl={backUrl} form={{ values, errors }} replyBlocked={replyBlocked} />, status);
}

commentRoutes.post('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/comments', async (c) => {
  const { db, config } = c.get('services');
  const form = await readForm(c);
  const workId = idParam(c.req.param('id'), 'work');
  const position = idParam(c.req.param('position'), 'chapter');
  if (honeypotFilled(form)) return answerBot(c, `/works/${workId}/chapters/${position}`, 'Your comment was posted.');
  return onInvalid(
    async () => {
      const comment = await postComment(db, config, commentActor(c), workId, position, formInput(form));
      const row = (await findComment(db, comment.id))!;
      const link = await chapterLink(c, row, c.get('user'), await workAuthorIds(db, workId));
      return redirectWithFlash(c, link, comment.status === 'held' ? HELD_MESSAGE : comment.status === 'pending' ? 'Your comment was sent: it appears once the author approves it.' : 'Your comment was posted.');
    },
    async (errors) => {
      const work = (await findWork(db, workId))!;
      const chapter = (await findChapterByPosition(db, workId, position))!;
      return c.html(<CommentFormPage ctx={pageContext(c)} work={work} chapter={chapter} form={{ values: form, errors }} action={`/works/${workId}/chapters/${position}/comments`} heading="Post a comment" />, 422);
    },
  );
});

commentRoutes.get('/comments/:id{[0-9]+}', (c) => renderCommentPage(c, {}, {}, 200));

commentRoutes.post('/comments/:id{[0-9]+}/replies', async (c) => {
  const { db, config } = c.get('services');
  const form = await readForm(c);
  const parentId = idParam(c.req.param('id'), 'comment');
  if (honeypotFilled(form)) return answerBot(c, `/comments/${parentId}`, 'Your reply was posted.');
  return onInvalid(
    async () => {
      const reply = await replyToComment(db, config, commentActor(c), parentId, formInput(form));
      return redirectWithFlash(c, `/comments/${parentId}#comment-${reply.id}`, reply.status === 'held' ? HELD_MESSAGE : reply.status === 'pending' ? 'Your reply was sent: it appears once the author approves it.' : 'Your reply was posted.');
    },
    (errors) => renderCommentPage(c, form, errors, 422),
  );
});

commentRoutes.get('/comments/:id{[0-9]+}/edit', async (c) => {
  const user = requireUser(c);
  const { comment, work, chapter } = await visibleComment(c);
  if (comment.deleted_at || comment.user_id !== user.id) throw NotFound('comment');
  return c.html(<CommentFormPage ctx={pageContext(c)} work={work} chapter={chapter} form={{ values: { body: comment.body_source }, errors: {} }} action={`/comments/${comment.id}/edit`} heading="Edit your comment" />);
});

commentRoutes.post('/comments/:id{[0-9]+}/edit', async (c) => {
  const { db } = c.get('services');
  const form = await readForm(c);
  const id = idParam(c.req.param('id'), 'comment');
  return onInvalid(
    async () => {
      await editComment(db, c.get('user'), id, { body: form.body ?? '' });
      return redirectWithFlash(c, `/comments/${id}`, 'Your comment was updated.');
    },
    async (errors) => {
      const { work, chapter } = await visibleComment(c);
      return c.html(<CommentFormPage ctx={pageContext(c)} work={work} chapter={chapter} form={{ values: form, errors }} action={`/comments/${id}/edit`} heading="Edit your comment" />, 422);
    },
  );
});

commentRoutes.post('/comments/:id{[0-9]+}/delete', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const { comment, authorIds } = await visibleComment(c);
  const back = await chapterLink(c, comment, user, authorIds);
  await deleteComment(db, user, comment.id);
  return redirectWithFlash(c, back.replace(/#.*$/, `#comments-${comment.chapter_id}`), 'The comment was deleted.');
});

for (const [path, frozen] of [['freeze', true], ['unfreeze', false]] as const) {
  commentRoutes.post(`/comments/:id{[0-9]+}/${path}`, async (c) => {
    const thread = await setThreadFrozen(c.get('services').db, requireUser(c), idParam(c.req.param('id'), 'comment'), frozen);
    return redirectWithFlash(c, `/comments/${thread.id}`, frozen ? 'The thread is frozen: it takes no more replies.' : 'The thread takes replies again.');
  });
}

for (const decision of ['approve', 'reject'] as const) {
  commentRoutes.post(`/comments/:id{[0-9]+}/${decision}`, async (c) => {
    const comment = await settleComment(c.get('services').db, requireUser(c), idParam(c.req.param('id'), 'comment'), decision);
    return redirectWithFlash(c, `/works/${comment.work_id}/comments/moderation`, decision === 'approve' ? 'The comment was approved and published.' : 'The comment was rejected.');
  });
}

commentRoutes.get('/works/:id{[0-9]+}/comments/moderation', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const workId = idParam(c.req.param('id'), 'work');
  const comments = await moderationQueue(db, user, workId);
  const work = (await findWork(db, workId))!;
  const authorIds = await workAuthorIds(db, workId);
  const can: CommentAbilities = { ctx: pageContext(c), authorIds, moderator: true, canReply: false, timeZone: user.time_zone ?? 'UTC' };
  return c.html(<ModerationPage can={can} work={work} comments={comments} />);
});
