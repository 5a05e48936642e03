import MarkdownIt from 'markdown-it';
import { excludedFilterIds } from '../exclusions/exclusions.queries.js';
import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { Db, DbLike } from '../db/connection.js';
import { isUniqueViolation, now } from '../db/dialect.js';
import type { Bookmark, Series, User } from '../db/schema.js';
import { Conflict, Forbidden, Gone, NotFound } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { findSeries } from '../series/series.queries.js';
import { hiddenFrom } from '../moderation/moderation.policy.js';
import { sanitizeComment } from '../text/sanitize.js';
import { loadWorkDetails, type WorkDetails } from '../works/work-details.js';
import { tagKey } from '../works/tag-names.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findOrCreateTags, findWork, workAuthorIds } from '../works/works.queries.js';
import { bookmarkInputSchema, bookmarkPatchSchema, type BookmarkPatch } from './bookmarks.forms.js';
import {
  addToBookmarkCount,
  countBookmarks,
  deleteBookmarkRow,
  findBookmark,
  findUserBookmark,
  insertBookmark,
  listBookmarks,
  replaceBookmarkTags,
  tagsForBookmarks,
  updateBookmarkRow,
  usernamesById,
  type BookmarkFilter,
  type BookmarkTarget,
} from './bookmarks.queries.js';

// Bookmarks of works and series, shared by the pages and the API. One per reader per work or series: saving again
// edits it. works.bookmark_count counts the work's bookmarks that are not private (what others can see), kept
// exact in the same transaction as the change.

const notesMarkdown = new MarkdownIt({ html: true, linkify: true, typographer: true, breaks: true });

/** A bookmark with what its listing shows beside it. */
export interface BookmarkEntry {
  readonly bookmark: Bookmark;
  readonly username: string;
  readonly tags: readonly string[];
  readonly work?: WorkDetails;
  readonly series?: Series;
}

/** The bookmarked thing, checked readable by `user`. */
async function readableTarget(db: DbLike, user: User, target: BookmarkTarget): Promise<void> {
  if ('workId' in target) {
    const work = await findWork(db, target.workId);
    authorizeWorkRead(user, work, await workAuthorIds(db, target.workId));
    return;
  }
  const series = await findSeries(db, target.seriesId);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  // A series hidden by a moderator is not found for anyone but its owner and the staff (issue 6).
  if (hiddenFrom(user, series.hidden_at, [series.user_id])) throw NotFound('series');
}

const isPublic = (b: Pick<Bookmark, 'private'>) => (b.private === 1 ? 0 : 1);

/** Creates the reader's bookmark of a work or series, or edits it when there is one; `created` tells which. */
export async function saveBookmark(db: Db, user: User, input: unknown): Promise<{ bookmark: Bookmark; created: boolean }> {
  const data = validate(bookmarkInputSchema, input);
  const target: BookmarkTarget = data.work_id !== undefined ? { workId: data.work_id } : { seriesId: data.series_id! };
  await readableTarget(db, user, target);
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findUserBookmark(trx, user.id, target);
      if (existing) return { bookmark: await applyChanges(trx, existing, data), created: false };
      const at = now();
      const bookmark = await insertBookmark(trx, {
        user_id: user.id,
        work_id: 'workId' in target ? target.workId : null,
        series_id: 'seriesId' in target ? target.seriesId : null,
        notes_source: data.notes,
        notes_html: renderNotes(data.notes),
        private: data.private ? 1 : 0,
        rec: data.rec ? 1 : 0,
        created_at: at,
        updated_at: at,
      });
      await setTags(trx, bookmark.id, data.tags, at);
      if (bookmark.work_id !== null && isPublic(bookmark)) await addToBookmarkCount(trx, bookmark.work_id, 1);
      return { bookmark, created: true };
    });
  } catch (error) {
    // Two saves racing past the "is there one?" check: the unique index keeps one; the other is told to retry.
    if (isUniqueViolation(error)) throw Conflict('You bookmarked this a moment ago; reload and edit that bookmark.');
    throw error;
  }
}

/** Edits one of the reader's bookmarks. */
export async function updateBookmark(db: Db, user: User, id: number, input: unknown): Promise<Bookmark> {
  const data = validate(bookmarkPatchSchema, input);
  return db.transaction().execute(async (trx) => applyChanges(trx, await ownBookmark(trx, user, id), data));
}

/** Deletes one of the reader's bookmarks. */
export async function deleteBookmark(db: Db, user: User, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const bookmark = await ownBookmark(trx, user, id);
    await deleteBookmarkRow(trx, id);
    if (bookmark.work_id !== null && isPublic(bookmark)) await addToBookmarkCount(trx, bookmark.work_id, -1);
  });
}

/** The reader's bookmark of a work or series, if any. */
export async function bookmarkOf(db: DbLike, user: User, target: BookmarkTarget): Promise<Bookmark | undefined> {
  return findUserBookmark(db, user.id, target);
}

/** A bookmark the user may see: public ones, and their own private ones. */
export async function visibleBookmark(db: DbLike, viewer: User | undefined, id: number): Promise<Bookmark> {
  const bookmark = await findBookmark(db, id);
  if (!bookmark || (bookmark.private === 1 && bookmark.user_id !== viewer?.id)) throw NotFound('bookmark');
  return bookmark;
}

async function ownBookmark(db: DbLike, user: User, id: number): Promise<Bookmark> {
  const bookmark = await findBookmark(db, id);
  // Someone else's private bookmark is not there for this user at all.
  if (!bookmark || (bookmark.private === 1 && bookmark.user_id !== user.id)) throw NotFound('bookmark');
  if (bookmark.user_id !== user.id) throw Forbidden('Only the reader who made a bookmark can change it.');
  return bookmark;
}

async function applyChanges(db: DbLike, bookmark: Bookmark, data: BookmarkPatch): Promise<Bookmark> {
  const at = now();
  const changes: Parameters<typeof updateBookmarkRow>[2] = { updated_at: at };
  if (data.notes !== undefined) Object.assign(changes, { notes_source: data.notes, notes_html: renderNotes(data.notes) });
  if (data.private !== undefined) changes.private = data.private ? 1 : 0;
  if (data.rec !== undefined) changes.rec = data.rec ? 1 : 0;
  await updateBookmarkRow(db, bookmark.id, changes);
  if (data.tags !== undefined) await setTags(db, bookmark.id, data.tags, at);
  const updated = (await findBookmark(db, bookmark.id))!;
  const delta = isPublic(updated) - isPublic(bookmark);
  if (bookmark.work_id !== null && delta !== 0) await addToBookmarkCount(db, bookmark.work_id, delta);
  return updated;
}

async function setTags(db: DbLike, bookmarkId: number, names: readonly string[], at: string): Promise<void> {
  const seen = new Set<string>();
  const tags = names.filter((name) => !seen.has(tagKey(name)) && seen.add(tagKey(name))).map((name) => ({ name, key: tagKey(name), kind: 'freeform' }));
  const ids = await findOrCreateTags(db, tags, at);
  await replaceBookmarkTags(db, bookmarkId, tags.map((t) => ids.get(t.key)!));
}

/** Notes as stored for display: Markdown (or HTML) rendered, then cleaned to the comment allowlist. */
export function renderNotes(source: string): string {
  return source.trim() === '' ? '' : sanitizeComment(notesMarkdown.render(source));
}

/** A page of bookmarks as `viewer` may see them (muted accounts and excluded tags left out), with the total. */
export async function bookmarkListing(
  db: Db,
  viewer: User | undefined,
  filter: Omit<BookmarkFilter, 'hiddenUserIds'>,
  page: { limit: number; offset: number },
): Promise<{ entries: BookmarkEntry[]; total: number }> {
  // A reader's own bookmarks are all shown; anyone else's leave out works under the reader's excluded tags.
  const hiddenTagIds = viewer && filter.userId !== viewer.id ? await excludedFilterIds(db, viewer.id) : [];
  const full: BookmarkFilter = { ...filter, hiddenUserIds: viewer ? await mutedUserIds(db, viewer.id) : [], hiddenTagIds };
  const [bookmarks, total] = await Promise.all([listBookmarks(db, full, page), countBookmarks(db, full)]);
  return { entries: await loadBookmarkEntries(db, bookmarks), total };
}

/** Loads what each bookmark's listing entry shows. */
export async function loadBookmarkEntries(db: DbLike, bookmarks: readonly Bookmark[]): Promise<BookmarkEntry[]> {
  const ids = bookmarks.map((b) => b.id);
  const workIds = bookmarks.flatMap((b) => (b.work_id === null ? [] : [b.work_id]));
  const seriesIds = bookmarks.flatMap((b) => (b.series_id === null ? [] : [b.series_id]));
  const [tags, names, works, series] = await Promise.all([
    tagsForBookmarks(db, ids),
    usernamesById(db, bookmarks.map((b) => b.user_id)),
    Promise.all(workIds.map((id) => findWork(db, id))).then((ws) => loadWorkDetails(db, ws.filter((w) => w !== undefined))),
    Promise.all(seriesIds.map((id) => findSeries(db, id))),
  ]);
  const workById = new Map(works.map((d) => [d.work.id, d]));
  const seriesById = new Map(series.filter((s) => s !== undefined).map((s) => [s.id, s]));
  return bookmarks.map((bookmark) => {
    const work = bookmark.work_id === null ? undefined : workById.get(bookmark.work_id);
    const s = bookmark.series_id === null ? undefined : seriesById.get(bookmark.series_id);
    return { bookmark, username: names.get(bookmark.user_id) ?? '', tags: tags.get(bookmark.id) ?? [], ...(work ? { work } : {}), ...(s ? { series: s } : {}) };
  });
}
