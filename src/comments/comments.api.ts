import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { BadRequest, NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { decodeCursor, encodeCursor, idParam } from '../http/params.js';
import { findChapterByPosition } from '../works/chapters.queries.js';
import { authorizeWorkRead, isAuthor } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { commentActor } from './comment-actor.js';
import { settleComment, moderationQueue, setThreadFrozen } from './comment-moderation.js';
import { COMMENTS_PER_PAGE, commentViewer, isVisibleTo, loadChapterComments, loadCommentThread } from './comment-threads.js';
import { deleteComment, editComment, postComment, replyToComment } from './comments.js';
import { presentComment, presentCommentTree } from './comments.presenters.js';
import { findComment } from './comments.queries.js';

/** /api/v1 comments: a chapter's threads, posting, replies, edits, deletion, freezing and moderation. */
export const commentApi = new Hono<AppEnv>();

/** The chapter in the URL, which the current user must be allowed to read. */
async function readableChapter(c: Context<AppEnv>) {
  const { db } = c.get('services');
  const user = c.get('user');
  const workId = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, workId);
  const authorIds = await workAuthorIds(db, workId);
  authorizeWorkRead(user, work, authorIds);
  const chapter = await findChapterByPosition(db, workId, idParam(c.req.param('position'), 'chapter'));
  if (!chapter || ((chapter.posted === 0 || chapter.hidden_at !== null) && !isAuthor(user, authorIds) && user?.is_admin !== 1)) throw NotFound('chapter');
  return { work, chapter, authorIds };
}

/** The comment in the URL, which the current user must be allowed to see. */
async function visibleComment(c: Context<AppEnv>) {
  const { db } = c.get('services');
  const user = c.get('user');
  const comment = await findComment(db, idParam(c.req.param('id'), 'comment'));
  if (!comment) throw NotFound('comment');
  const authorIds = await workAuthorIds(db, comment.work_id);
  authorizeWorkRead(user, await findWork(db, comment.work_id), authorIds);
  const viewer = await commentViewer(db, user, authorIds);
  if (!isVisibleTo(comment, viewer)) throw NotFound('comment');
  return { comment, viewer };
}

commentApi.get('/works/:id/chapters/:position/comments', async (c) => {
  const { db, config } = c.get('services');
  const { chapter, authorIds } = await readableChapter(c);
  const cursor = decodeCursor(c.req.query('cursor'));
  if (c.req.query('cursor') && (!cursor || !Number.isInteger(cursor[0]) || (cursor[0] as number) < 1)) throw BadRequest('That cursor is not valid.');
  const page = (cursor?.[0] as number | undefined) ?? 1;
  const viewer = await commentViewer(db, c.get('user'), authorIds);
  const { nodes, total } = await loadChapterComments(db, chapter.id, viewer, page);
  return c.json({
    items: nodes.map((n) => presentCommentTree(n, config.baseUrl)),
    total,
    next: page * COMMENTS_PER_PAGE < total ? encodeCursor([page + 1]) : null,
  });
});

commentApi.post('/works/:id/chapters/:position/comments', async (c) => {
  const { db, config } = c.get('services');
  const input = await readJson(c);
  const comment = await postComment(db, config, commentActor(c), idParam(c.req.param('id'), 'work'), idParam(c.req.param('position'), 'chapter'), input);
  return c.json(presentComment((await findComment(db, comment.id))!, config.baseUrl), 201);
});

commentApi.get('/comments/:id', async (c) => {
  const { db, config } = c.get('services');
  const { comment, viewer } = await visibleComment(c);
  return c.json(presentCommentTree(await loadCommentThread(db, comment, viewer), config.baseUrl));
});

commentApi.patch('/comments/:id', async (c) => {
  const { db, config } = c.get('services');
  const comment = await editComment(db, c.get('user'), idParam(c.req.param('id'), 'comment'), await readJson(c));
  return c.json(presentComment((await findComment(db, comment.id))!, config.baseUrl));
});

commentApi.delete('/comments/:id', async (c) => {
  await deleteComment(c.get('services').db, c.get('user'), idParam(c.req.param('id'), 'comment'));
  return c.body(null, 204);
});

commentApi.post('/comments/:id/replies', async (c) => {
  const { db, config } = c.get('services');
  const input = await readJson(c);
  const reply = await replyToComment(db, config, commentActor(c), idParam(c.req.param('id'), 'comment'), input);
  return c.json(presentComment((await findComment(db, reply.id))!, config.baseUrl), 201);
});

commentApi.post('/comments/:id/freeze', async (c) => {
  const { db, config } = c.get('services');
  const thread = await setThreadFrozen(db, c.get('user'), idParam(c.req.param('id'), 'comment'), true);
  return c.json(presentComment((await findComment(db, thread.id))!, config.baseUrl));
});

commentApi.delete('/comments/:id/freeze', async (c) => {
  const { db, config } = c.get('services');
  const thread = await setThreadFrozen(db, c.get('user'), idParam(c.req.param('id'), 'comment'), false);
  return c.json(presentComment((await findComment(db, thread.id))!, config.baseUrl));
});

for (const decision of ['approve', 'reject'] as const) {
  commentApi.post(`/comments/:id/${decision}`, async (c) => {
    const { db, config } = c.get('services');
    const comment = await settleComment(db, c.get('user'), idParam(c.req.param('id'), 'comment'), decision);
    return c.json(presentComment((await findComment(db, comment.id))!, config.baseUrl));
  });
}

commentApi.get('/works/:id/comments/pending', async (c) => {
  const { db, config } = c.get('services');
  const items = await moderationQueue(db, c.get('user'), idParam(c.req.param('id'), 'work'));
  return c.json({ items: items.map((row) => presentComment(row, config.baseUrl)), total: items.length, next: null });
});
