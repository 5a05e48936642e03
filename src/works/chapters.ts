import type { Db, DbLike } from '../db/connection.js';
import { notifyChapterPosted } from '../notifications/notify.js';
import { dropChapterComments } from '../comments/comments.js';
import { insertAuditEntry } from '../db/audit.queries.js';
import { now } from '../db/dialect.js';
import type { Chapter, ChapterUpdate, User } from '../db/schema.js';
import { NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { renderBody } from '../text/render.js';
import {
  deleteChapter,
  findChapterByPosition,
  insertChapter,
  listChapterHeadings,
  maxChapterPosition,
  setChapterOrder,
  updateChapter,
} from './chapters.queries.js';
import { chapterInputSchema, chapterPatchSchema } from './works.forms.js';
import { authorizeWorkEdit } from './works.policy.js';
import { findWork, lockWork, updateWork, workAuthorIds } from './works.queries.js';
import { refreshWorkTotals } from './works.js';

// Chapter domain functions, shared by the pages and the API.

/** Adds a chapter to a work: at the end, or at `position` (later chapters move down one). */
export async function addChapter(db: Db, user: User, workId: number, input: unknown, position?: number): Promise<Chapter> {
  const data = validate(chapterInputSchema, input);
  const { html, words } = renderBody(data.body, data.format);
  return db.transaction().execute(async (trx) => {
    await lockWork(trx, workId);
    const work = await findWork(trx, workId);
    authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
    const at = now();
    const last = await maxChapterPosition(trx, workId);
    const visible = work.posted === 1 && !data.draft;
    const chapter = await insertChapter(trx, {
      work_id: workId,
      position: last + 1,
      title: data.title,
      summary: data.summary,
      notes: data.notes,
      end_notes: data.end_notes,
      body_source: data.body,
      body_format: data.format,
      body_html: html,
      word_count: words,
      posted: data.draft ? 0 : 1,
      published_at: visible ? at : null,
      created_at: at,
      updated_at: at,
    });
    if (position !== undefined && position >= 1 && position <= last) {
      const ids = (await listChapterHeadings(trx, workId, true)).map((c) => c.id).filter((id) => id !== chapter.id);
      ids.splice(position - 1, 0, chapter.id);
      await setChapterOrder(trx, workId, ids);
    }
    await updateWork(trx, workId, { updated_at: at, ...(visible ? { revised_at: at } : {}) });
    await refreshWorkTotals(trx, workId);
    if (visible) await notifyChapterPosted(trx, workId, chapter.id);
    return (await findChapterByPosition(trx, workId, position !== undefined && position >= 1 && position <= last ? position : last + 1))!;
  });
}

/** Edits a chapter (any subset of its fields); posting a draft chapter makes it the work's latest update. */
export async function editChapter(db: Db, user: User, workId: number, position: number, input: unknown): Promise<Chapter> {
  const data = validate(chapterPatchSchema, input);
  return db.transaction().execute(async (trx) => {
    await lockWork(trx, workId);
    const work = await findWork(trx, workId);
    authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
    const chapter = await findChapterByPosition(trx, workId, position);
    if (!chapter) throw NotFound('chapter');
    const at = now();
    const changes: ChapterUpdate = { updated_at: at };
    for (const field of ['title', 'summary', 'notes', 'end_notes'] as const) if (data[field] !== undefined) changes[field] = data[field];
    if (data.body !== undefined || data.format !== undefined) {
      const source = data.body ?? chapter.body_source;
      const format = data.format ?? (chapter.body_format as 'markdown' | 'html');
      const { html, words } = renderBody(source, format);
      Object.assign(changes, { body_source: source, body_format: format, body_html: html, word_count: words });
    }
    const newlyPosted = data.draft === false && chapter.posted === 0;
    if (data.draft === true && chapter.posted === 1) {
      const posted = (await listChapterHeadings(trx, workId, false)).length;
      if (work.posted === 1 && posted <= 1) throw ValidationFailed({ draft: 'A posted work needs at least one posted chapter.' });
      changes.posted = 0;
    }
    if (newlyPosted) {
      changes.posted = 1;
      if (work.posted === 1) changes.published_at = chapter.published_at ?? at;
    }
    await updateChapter(trx, chapter.id, changes);
    await updateWork(trx, workId, { updated_at: at, ...(newlyPosted && work.posted === 1 ? { revised_at: at } : {}) });
    await refreshWorkTotals(trx, workId);
    if (newlyPosted && work.posted === 1) await notifyChapterPosted(trx, workId, chapter.id);
    return (await findChapterByPosition(trx, workId, position))!;
  });
}

/** Deletes a chapter and closes the gap; a posted work keeps at least one posted chapter. The deletion is audited. */
export async function removeChapter(db: Db, user: User, workId: number, position: number): Promise<void> {
  await db.transaction().execute((trx) => removeChapterInTransaction(trx, user, workId, position));
}

/** removeChapter inside the caller's transaction (a moderator's deletion is audited in the same one). */
export async function removeChapterInTransaction(trx: DbLike, user: User, workId: number, position: number): Promise<void> {
  await lockWork(trx, workId);
  const work = await findWork(trx, workId);
  authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
  const headings = await listChapterHeadings(trx, workId, true);
  const chapter = headings.find((c) => c.position === position);
  if (!chapter) throw NotFound('chapter');
  if (headings.length === 1) throw ValidationFailed({ chapter: 'A work needs at least one chapter: delete the work instead.' });
  if (work.posted === 1 && chapter.posted === 1 && headings.filter((c) => c.posted === 1).length === 1) {
    throw ValidationFailed({ chapter: 'This is the only posted chapter: post another one first, or delete the work.' });
  }
  const at = now();
  await dropChapterComments(trx, workId, chapter.id);
  await deleteChapter(trx, chapter.id);
  await setChapterOrder(trx, workId, headings.filter((c) => c.id !== chapter.id).map((c) => c.id));
  await updateWork(trx, workId, { updated_at: at });
  await refreshWorkTotals(trx, workId);
  await insertAuditEntry(trx, {
    actor_id: user.id,
    action: 'chapter.delete',
    target_type: 'work',
    target_id: workId,
    details: JSON.stringify({ chapter_id: chapter.id, position, title: chapter.title }),
    created_at: at,
  });
}

/** Puts a work's chapters in a new order; `orderedIds` must list every chapter of the work exactly once. */
export async function reorderChapters(db: Db, user: User, workId: number, orderedIds: readonly number[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockWork(trx, workId);
    const work = await findWork(trx, workId);
    authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
    const current = (await listChapterHeadings(trx, workId, true)).map((c) => c.id);
    const valid = orderedIds.length === current.length && new Set(orderedIds).size === current.length && orderedIds.every((id) => current.includes(id));
    if (!valid) throw ValidationFailed({ order: 'List every chapter of the work exactly once.' });
    await setChapterOrder(trx, workId, orderedIds);
    await updateWork(trx, workId, { updated_at: now() });
  });
}
