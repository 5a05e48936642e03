import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Chapter, Work } from '../db/schema.js';
import { loadMutedWorkNotice } from '../blocks/blocks.extras.js';
import type { AppEnv } from '../http/env.js';
import { loadBookmarkExtras } from '../bookmarks/bookmarks.reading.js';
import { loadHistoryExtras } from '../history/history.reading.js';
import { loadKudosExtras } from '../kudos/kudos.reading.js';
import { loadSubscribeAction } from '../subscriptions/subscriptions.reading.js';
import { WorkDownloadLinks } from '../downloads/downloads.views.js';
import { workAuthorIds } from './works.queries.js';
import { loadChapterCommentSections } from '../comments/comment-extras.js';
import { moderationReadingExtras } from '../moderation/moderation.reading.js';

// What the community features add around a reading page (kudos, bookmarks, subscriptions, history, comments),
// gathered in one place so the reading route stays short. Each part is loaded by its own domain.

export interface ReadingExtras {
  /** Buttons beside the work: kudos, bookmark, subscribe, mark for later. */
  readonly workActions: Child[];
  /** Shown under the metadata block: "continue reading", who left kudos. */
  readonly afterMeta: Child[];
  /** Shown after each chapter's text (comments), keyed by chapter id. */
  readonly afterChapter: Map<number, Child>;
  /** Shown at the very end of the page (kudos list, bookmarks). */
  readonly afterWork: Child[];
}

/** Loads the extras for a reading page and records the visit (hit, reading history). */
export async function loadReadingExtras(c: Context<AppEnv>, work: Work, chapters: readonly Chapter[]): Promise<ReadingExtras> {
  const extras: ReadingExtras = { workActions: [], afterMeta: [], afterChapter: new Map(), afterWork: [] };
  const mutedNotice = await loadMutedWorkNotice(c, work);
  if (mutedNotice) extras.afterMeta.push(mutedNotice);
  for (const [chapterId, section] of await loadChapterCommentSections(c, work, chapters)) extras.afterChapter.set(chapterId, section);
  // Kudos, bookmarks and history (src/kudos, src/bookmarks, src/history); recording the visit happens here too.
  const authorIds = await workAuthorIds(c.get('services').db, work.id);
  // "Hidden by a moderator" marks for the author and the staff, and the staff's Hide links (src/moderation).
  const moderation = moderationReadingExtras(c, work, chapters, authorIds);
  extras.afterMeta.unshift(moderation.work, ...moderation.chapters.values());
  const kudos = await loadKudosExtras(c, work, authorIds);
  const bookmark = await loadBookmarkExtras(c, work);
  const history = await loadHistoryExtras(c, work, authorIds, chapters);
  const subscribeAction = await loadSubscribeAction(c, work, authorIds);
  if (subscribeAction) extras.workActions.push(subscribeAction);
  for (const part of [kudos, bookmark, history] as { action?: Child; afterMeta?: Child; afterWork?: Child }[]) {
    if (part.action) extras.workActions.push(part.action);
    if (part.afterMeta) extras.afterMeta.push(part.afterMeta);
    if (part.afterWork) extras.afterWork.push(part.afterWork);
  }
  if (c.get('settings').downloads_enabled) extras.workActions.push(<WorkDownloadLinks workId={work.id} />);
  void c;
  void work;
  void chapters;
  return extras;
}
