import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Chapter, Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { workAuthorIds } from '../works/works.queries.js';
import { COMMENTS_PER_PAGE, commentViewer, loadChapterComments } from './comment-threads.js';
import { canModerate } from './comments.policy.js';
import { ChapterComments, type CommentAbilities } from './comments.views.js';

/**
 * The comments section under each chapter of a reading page, keyed by chapter id: the first page without a
 * click (or `?comments_page=N` on a chapter page). Drafts take no comments, so they show none.
 */
export async function loadChapterCommentSections(c: Context<AppEnv>, work: Work, chapters: readonly Chapter[]): Promise<Map<number, Child>> {
  const out = new Map<number, Child>();
  if (work.posted === 0) return out;
  const { db } = c.get('services');
  const user = c.get('user');
  const authorIds = await workAuthorIds(db, work.id);
  const viewer = await commentViewer(db, user, authorIds);
  const fullWork = chapters.length > 1 || c.req.query('view_full_work') === 'true';
  const page = fullWork ? 1 : pageParam(c.req.query('comments_page'));
  const can: CommentAbilities = {
    ctx: pageContext(c),
    authorIds,
    moderator: canModerate(user, authorIds),
    canReply: (work.comment_permissions === 'everyone' && (user !== undefined || c.get('settings').guest_comments)) || (work.comment_permissions === 'registered' && user !== undefined),
    timeZone: user?.time_zone ?? 'UTC',
  };
  for (const chapter of chapters) {
    if (chapter.posted === 0) continue;
    const { nodes, total } = await loadChapterComments(db, chapter.id, viewer, page);
    out.set(chapter.id, <ChapterComments can={can} work={work} chapter={chapter} nodes={nodes} page={page} total={total} perPage={COMMENTS_PER_PAGE} fullWork={fullWork} />);
  }
  return out;
}
