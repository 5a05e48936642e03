import { sql } from 'kysely';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import type { DbLike } from '../db/connection.js';
import { touchWorkOrder } from '../listings/work-filters.queries.js';
import type { Bookmark } from '../db/schema.js';

/** What a bookmark points at. */
export type BookmarkTarget = { readonly workId: number } | { readonly seriesId: number };

/** The bookmark with this id. */
export async function findBookmark(db: DbLike, id: number): Promise<Bookmark | undefined> {
  return db.selectFrom('bookmarks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user's bookmark of a work or series. */
export async function findUserBookmark(db: DbLike, userId: number, target: BookmarkTarget): Promise<Bookmark | undefined> {
  const query = db.selectFrom('bookmarks').selectAll().where('user_id', '=', userId);
  return ('workId' in target ? query.where('work_id', '=', target.workId) : query.where('series_id', '=', target.seriesId)).executeTakeFirst();
}

/** Inserts a bookmark and returns it. */
export async function insertBookmark(
  db: DbLike,
  bookmark: { user_id: number; work_id: number | null; series_id: number | null; notes_source: string; notes_html: string; private: 0 | 1; rec: 0 | 1; created_at: string; updated_at: string },
): Promise<Bookmark> {
  return db.insertInto('bookmarks').values(bookmark).returningAll().executeTakeFirstOrThrow();
}

/** Updates a bookmark's notes and flags. */
export async function updateBookmarkRow(db: DbLike, id: number, changes: Partial<Pick<Bookmark, 'notes_source' | 'notes_html' | 'private' | 'rec' | 'updated_at'>>): Promise<void> {
  await db.updateTable('bookmarks').set(changes).where('id', '=', id).execute();
}

/** Deletes a bookmark (its tags go with it). */
export async function deleteBookmarkRow(db: DbLike, id: number): Promise<void> {
  await db.deleteFrom('bookmark_tags').where('bookmark_id', '=', id).execute();
  await db.deleteFrom('bookmarks').where('id', '=', id).execute();
}

/** Replaces a bookmark's tags. */
export async function replaceBookmarkTags(db: DbLike, bookmarkId: number, tagIds: readonly number[]): Promise<void> {
  await db.deleteFrom('bookmark_tags').where('bookmark_id', '=', bookmarkId).execute();
  if (tagIds.length === 0) return;
  await db
    .insertInto('bookmark_tags')
    .values(tagIds.map((tagId, position) => ({ bookmark_id: bookmarkId, tag_id: tagId, position })))
    .execute();
}

/** Tag names of several bookmarks, in the bookmarker's order. */
export async function tagsForBookmarks(db: DbLike, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('bookmark_tags')
    .innerJoin('tags', 'tags.id', 'bookmark_tags.tag_id')
    .select(['bookmark_tags.bookmark_id', 'tags.name'])
    .where('bookmark_tags.bookmark_id', 'in', ids)
    .orderBy('bookmark_tags.bookmark_id')
    .orderBy('bookmark_tags.position')
    .execute();
  for (const row of rows) out.get(row.bookmark_id)?.push(row.name);
  return out;
}

/** Adds to a work's public bookmark count (listing pages kept in bookmark order under its tags follow). */
export async function addToBookmarkCount(db: DbLike, workId: number, delta: number): Promise<void> {
  await db.updateTable('works').set({ bookmark_count: sql<number>`bookmark_count + ${delta}` }).where('id', '=', workId).execute();
  await touchWorkOrder(db, 'bookmarks', workId);
}

/** Which bookmarks a listing shows. */
export interface BookmarkFilter {
  /** Only this bookmarker's. */
  readonly userId?: number;
  /** Only bookmarks of this work. */
  readonly workId?: number;
  /** Private bookmarks too (the bookmarker's own listing). */
  readonly includePrivate: boolean;
  /** Leave out bookmarks made by, or of works by, these accounts (the viewer's mutes). */
  readonly hiddenUserIds: readonly number[];
  /** Leave out bookmarks of works under these tags (the viewer's excluded tags, resolved as listings do). */
  readonly hiddenTagIds?: readonly number[];
}

function filteredBookmarks(db: DbLike, filter: BookmarkFilter) {
  let query = db
    .selectFrom('bookmarks')
    .leftJoin('works', 'works.id', 'bookmarks.work_id')
    .leftJoin('series', 'series.id', 'bookmarks.series_id')
    // Bookmarks of deleted (or never posted) works, of deleted series, and of either hidden by a moderator are not shown.
    .where((eb) =>
      eb.or([
        eb.and([eb('works.id', 'is not', null), eb('works.deleted_at', 'is', null), eb('works.posted', '=', 1), eb('works.hidden_at', 'is', null)]),
        eb.and([eb('series.id', 'is not', null), eb('series.deleted_at', 'is', null), eb('series.hidden_at', 'is', null)]),
      ]),
    );
  if (filter.userId !== undefined) query = query.where('bookmarks.user_id', '=', filter.userId);
  if (filter.workId !== undefined) query = query.where('bookmarks.work_id', '=', filter.workId);
  if (!filter.includePrivate) query = query.where('bookmarks.private', '=', 0);
  if (filter.hiddenUserIds.length) {
    const hidden = [...filter.hiddenUserIds];
    query = query
      .where('bookmarks.user_id', 'not in', hidden)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('work_authors').select('work_authors.work_id').whereRef('work_authors.work_id', '=', 'bookmarks.work_id').where('work_authors.user_id', 'in', hidden))),
      )
      .where((eb) => eb.or([eb('series.id', 'is', null), eb('series.user_id', 'not in', hidden)]));
  }
  // Series bookmarks have no work row here (works.id is null), so the condition keeps them.
  if (filter.hiddenTagIds?.length) query = query.where(withoutExcludedTags(filter.hiddenTagIds));
  return query;
}

/** A page of bookmarks, newest first. */
export async function listBookmarks(db: DbLike, filter: BookmarkFilter, page: { limit: number; offset: number }): Promise<Bookmark[]> {
  return filteredBookmarks(db, filter).selectAll('bookmarks').orderBy('bookmarks.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** How many bookmarks listBookmarks pages through. */
export async function countBookmarks(db: DbLike, filter: BookmarkFilter): Promise<number> {
  const row = await filteredBookmarks(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Usernames by id. */
export async function usernamesById(db: DbLike, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}
