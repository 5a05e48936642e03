import type { Db, DbLike } from '../db/connection.js';
import { notifyWorkPosted } from '../notifications/notify.js';
import { insertAuditEntry } from '../db/audit.queries.js';
import { addToCounter } from '../db/counters.queries.js';
import { now } from '../db/dialect.js';
import type { User, Work, WorkUpdate } from '../db/schema.js';
import { ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { dropWorkFromSeries, placeWorkInSeries, removeWorkFromSeries } from '../series/series.js';
import { seriesIdsOfWork } from '../series/series.queries.js';
import { reindexWork } from '../search/search.js';
import { renderBody } from '../text/render.js';
import { insertChapter, listChapters, postedChapterTotals, updateChapter } from './chapters.queries.js';
import { authorizeWorkEdit } from './works.policy.js';
import { flattenTags, groupTags, type TagsByField } from './tag-names.js';
import { workInputSchema, workPatchSchema } from './works.forms.js';
import { DEFAULT_WORK_RULES, unknownWarningErrors, validateWork, withDefaultCommentPermission, type WorkRules } from './work-rules.js';
import {
  findOrCreateTags,
  findWork,
  insertWork,
  insertWorkAuthor,
  lockWork,
  replaceWorkTags,
  replaceWorkWarnings,
  tagsForWorks,
  updateWork as updateWorkRow,
  warningsForWorks,
  workAuthorIds,
} from './works.queries.js';

// Work domain functions: the pages and the API both call these, so they cannot drift apart.

export const POSTED_WORKS_COUNTER = 'works_posted';

/** Posts (or saves as a draft) a new work with its chapters, from untrusted API-shaped input. */
export async function createWork(db: Db, user: User, input: unknown, rules: WorkRules = DEFAULT_WORK_RULES): Promise<Work> {
  const data = validateWork(workInputSchema, withDefaultCommentPermission(input, rules), rules.warnings);
  if (!data.draft && data.chapters.every((c) => c.draft)) {
    throw ValidationFailed({ chapters: 'A posted work needs at least one chapter that is not a draft.' });
  }
  const rendered = data.chapters.map((chapter) => ({ chapter, ...renderBody(chapter.body, chapter.format) }));
  const at = now();
  return db.transaction().execute(async (trx) => {
    const work = await insertWork(trx, {
      title: data.title,
      summary: data.summary,
      notes: data.notes,
      end_notes: data.end_notes,
      language: data.language,
      rating: data.rating,
      expected_chapters: data.expected_chapters,
      comment_permissions: data.comment_permissions,
      moderate_comments: data.moderate_comments ? 1 : 0,
      posted: data.draft ? 0 : 1,
      published_at: data.draft ? null : at,
      revised_at: at,
      created_at: at,
      updated_at: at,
    });
    await insertWorkAuthor(trx, work.id, user.id);
    await replaceWorkWarnings(trx, work.id, data.warnings);
    await attachTags(trx, work.id, data, at);
    for (const [i, { chapter, html, words }] of rendered.entries()) {
      await insertChapter(trx, {
        work_id: work.id,
        position: i + 1,
        title: chapter.title,
        summary: chapter.summary,
        notes: chapter.notes,
        end_notes: chapter.end_notes,
        body_source: chapter.body,
        body_format: chapter.format,
        body_html: html,
        word_count: words,
        posted: chapter.draft ? 0 : 1,
        published_at: data.draft || chapter.draft ? null : at,
        created_at: at,
        updated_at: at,
      });
    }
    await refreshWorkTotals(trx, work.id);
    if (data.series) await placeWorkInSeries(trx, user, work.id, data.series);
    if (!data.draft) await addToCounter(trx, POSTED_WORKS_COUNTER, 1);
    if (!data.draft) await notifyWorkPosted(trx, work.id);
    await reindexWork(trx, work.id);
    return (await findWork(trx, work.id))!;
  });
}

/** Changes a work's metadata (any subset of fields), posts a draft, or moves it between series. */
export async function updateWork(db: Db, user: User, workId: number, input: unknown, rules: WorkRules = DEFAULT_WORK_RULES): Promise<Work> {
  const data = validate(workPatchSchema, input);
  return db.transaction().execute(async (trx) => {
    await lockWork(trx, workId);
    const work = await findWork(trx, workId);
    authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
    if (data.warnings) {
      // The site's list, plus whatever the work already carries (a warning dropped from the list stays on old works).
      const current = (await warningsForWorks(trx, [workId])).get(workId) ?? [];
      const errors = unknownWarningErrors(data, [...rules.warnings, ...current]);
      if (Object.keys(errors).length) throw ValidationFailed(errors);
    }
    const at = now();
    const changes: WorkUpdate = { updated_at: at };
    for (const field of ['title', 'summary', 'notes', 'end_notes', 'language', 'rating', 'expected_chapters'] as const) {
      if (data[field] !== undefined) (changes as Record<string, unknown>)[field] = data[field];
    }
    if (data.comment_permissions !== undefined) changes.comment_permissions = data.comment_permissions;
    if (data.moderate_comments !== undefined) changes.moderate_comments = data.moderate_comments ? 1 : 0;
    if (data.draft === true && work.posted === 1) throw ValidationFailed({ draft: 'A posted work cannot go back to being a draft.' });
    const posting = data.draft === false && work.posted === 0;
    if (posting) {
      const totals = await postedChapterTotals(trx, workId);
      if (totals.chapters === 0) throw ValidationFailed({ draft: 'Post at least one chapter before posting the work.' });
      Object.assign(changes, { posted: 1, published_at: at, revised_at: at });
      await publishPostedChapters(trx, workId, at);
      await notifyWorkPosted(trx, workId);
    }
    await updateWorkRow(trx, workId, changes);
    // After the row (and its listing versions): every work write takes the counters in the same order, so two of them
    // on PostgreSQL cannot each hold one the other waits for. A work hidden by a moderator stays out of the public
    // total until it is restored (src/moderation).
    if (posting && work.hidden_at === null) await addToCounter(trx, POSTED_WORKS_COUNTER, 1);
    if (data.warnings) await replaceWorkWarnings(trx, workId, data.warnings);
    if (data.fandoms || data.relationships || data.characters || data.freeforms) {
      const current = groupTags((await tagsForWorks(trx, [workId])).get(workId) ?? []);
      await attachTags(trx, workId, { ...current, ...pickTags(data) }, at);
    }
    for (const seriesId of data.leave_series ?? []) await removeWorkFromSeries(trx, user, seriesId, workId);
    if (data.series) await placeWorkInSeries(trx, user, workId, data.series);
    await refreshWorkTotals(trx, workId);
    await reindexWork(trx, workId);
    return (await findWork(trx, workId))!;
  });
}

/** Deletes a work: it answers 410 Gone from now on, leaves its series, and the deletion is audited. */
export async function deleteWork(db: Db, user: User, workId: number): Promise<void> {
  await db.transaction().execute((trx) => deleteWorkInTransaction(trx, user, workId));
}

/** deleteWork inside the caller's transaction (account deletion deletes several works in one). */
export async function deleteWorkInTransaction(trx: DbLike, user: User, workId: number): Promise<void> {
  await lockWork(trx, workId);
  const work = await findWork(trx, workId);
  authorizeWorkEdit(user, work, await workAuthorIds(trx, workId));
  const at = now();
  await updateWorkRow(trx, workId, { deleted_at: at, updated_at: at });
  await removeWorkFromAllSeries(trx, workId);
  await reindexWork(trx, workId);
  // A hidden work already left the public total when it was hidden (src/moderation).
  if (work.posted === 1 && work.hidden_at === null) await addToCounter(trx, POSTED_WORKS_COUNTER, -1);
  await insertAuditEntry(trx, {
    actor_id: user.id,
    action: 'work.delete',
    target_type: 'work',
    target_id: workId,
    details: JSON.stringify({ title: work.title }),
    created_at: at,
  });
}

/** Recomputes a work's chapter count, word count and completeness from its posted chapters. */
export async function refreshWorkTotals(db: DbLike, workId: number): Promise<void> {
  const work = await findWork(db, workId);
  if (!work) return;
  const totals = await postedChapterTotals(db, workId);
  const complete = work.expected_chapters !== null && totals.chapters >= work.expected_chapters ? 1 : 0;
  await updateWorkRow(db, workId, { chapter_count: totals.chapters, word_count: totals.words, complete });
}

async function attachTags(db: DbLike, workId: number, fields: TagsByField, at: string): Promise<void> {
  const tags = flattenTags(fields);
  const ids = await findOrCreateTags(db, tags, at);
  await replaceWorkTags(db, workId, tags.map((t) => ({ tagId: ids.get(t.key)!, kind: t.kind })));
}

function pickTags(data: Partial<TagsByField>): Partial<TagsByField> {
  const out: Partial<TagsByField> = {};
  for (const field of ['fandoms', 'relationships', 'characters', 'freeforms'] as const) if (data[field]) out[field] = data[field];
  return out;
}

async function publishPostedChapters(db: DbLike, workId: number, at: string): Promise<void> {
  for (const chapter of await listChapters(db, workId, false)) {
    if (!chapter.published_at) await updateChapter(db, chapter.id, { published_at: at });
  }
}

async function removeWorkFromAllSeries(db: DbLike, workId: number): Promise<void> {
  // In id order, so two deletions never wait on each other's series locks in opposite orders.
  for (const seriesId of (await seriesIdsOfWork(db, workId)).sort((a, b) => a - b)) await dropWorkFromSeries(db, seriesId, workId);
}
