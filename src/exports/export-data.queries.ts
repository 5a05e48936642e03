import type { DbLike } from '../db/connection.js';
import type { Chapter, Series, Work } from '../db/schema.js';

// What a personal export reads: everything that is one user's, each list in a stable order (oldest first).

/** The user's undeleted works (posted and drafts), oldest first. */
export async function exportWorks(db: DbLike, userId: number): Promise<Work[]> {
  return db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .selectAll('works')
    .where('work_authors.user_id', '=', userId)
    .where('works.deleted_at', 'is', null)
    .orderBy('works.id')
    .execute();
}

/** Every chapter (drafts too) of several works, by work then position. */
export async function exportChapters(db: DbLike, workIds: readonly number[]): Promise<Chapter[]> {
  if (workIds.length === 0) return [];
  return db.selectFrom('chapters').selectAll().where('work_id', 'in', workIds).orderBy('work_id').orderBy('position').execute();
}

/** The other credited authors of several works, by work. */
export async function exportCoAuthors(db: DbLike, workIds: readonly number[], userId: number): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('work_authors')
    .innerJoin('users', 'users.id', 'work_authors.user_id')
    .select(['work_authors.work_id', 'users.username'])
    .where('work_authors.work_id', 'in', workIds)
    .where('work_authors.user_id', '!=', userId)
    .orderBy('work_authors.work_id')
    .orderBy('work_authors.position')
    .execute();
  for (const row of rows) out.set(row.work_id, [...(out.get(row.work_id) ?? []), row.username]);
  return out;
}

/** The user's undeleted series, oldest first. */
export async function exportSeries(db: DbLike, userId: number): Promise<Series[]> {
  return db.selectFrom('series').selectAll().where('user_id', '=', userId).where('deleted_at', 'is', null).orderBy('id').execute();
}

/** The undeleted parts of several series, in order. */
export async function exportSeriesParts(db: DbLike, seriesIds: readonly number[]): Promise<{ series_id: number; work_id: number; position: number; title: string }[]> {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('series_works')
    .innerJoin('works', 'works.id', 'series_works.work_id')
    .select(['series_works.series_id', 'series_works.work_id', 'series_works.position', 'works.title'])
    .where('series_works.series_id', 'in', seriesIds)
    .where('works.deleted_at', 'is', null)
    .orderBy('series_works.series_id')
    .orderBy('series_works.position')
    .execute();
}

/** The comments the user wrote, with the work and chapter they are on. */
export async function exportComments(db: DbLike, userId: number) {
  return db
    .selectFrom('comments')
    .innerJoin('works', 'works.id', 'comments.work_id')
    .innerJoin('chapters', 'chapters.id', 'comments.chapter_id')
    .select([
      'comments.id',
      'comments.work_id',
      'works.title as work_title',
      'chapters.position as chapter_position',
      'comments.parent_id',
      'comments.thread_id',
      'comments.body_source',
      'comments.body_html',
      'comments.status',
      'comments.created_at',
      'comments.edited_at',
      'comments.deleted_at',
    ])
    .where('comments.user_id', '=', userId)
    .orderBy('comments.id')
    .execute();
}

/** The user's bookmarks with the title of what they mark and their tags. */
export async function exportBookmarks(db: DbLike, userId: number) {
  const rows = await db
    .selectFrom('bookmarks')
    .leftJoin('works', 'works.id', 'bookmarks.work_id')
    .leftJoin('series', 'series.id', 'bookmarks.series_id')
    .select(['bookmarks.id', 'bookmarks.work_id', 'bookmarks.series_id', 'works.title as work_title', 'series.title as series_title', 'bookmarks.notes_source', 'bookmarks.notes_html', 'bookmarks.private', 'bookmarks.rec', 'bookmarks.created_at', 'bookmarks.updated_at'])
    .where('bookmarks.user_id', '=', userId)
    .orderBy('bookmarks.id')
    .execute();
  const tags = rows.length
    ? await db
        .selectFrom('bookmark_tags')
        .innerJoin('tags', 'tags.id', 'bookmark_tags.tag_id')
        .select(['bookmark_tags.bookmark_id', 'tags.name'])
        .where(
          'bookmark_tags.bookmark_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('bookmark_tags.bookmark_id')
        .orderBy('bookmark_tags.position')
        .execute()
    : [];
  return rows.map((r) => ({ ...r, tags: tags.filter((t) => t.bookmark_id === r.id).map((t) => t.name) }));
}

/** The user's subscriptions with the name of what each follows (a title or a username; empty when it is gone). */
export async function exportSubscriptions(db: DbLike, userId: number) {
  return db
    .selectFrom('subscriptions')
    .leftJoin('works', (j) => j.onRef('works.id', '=', 'subscriptions.target_id').on('subscriptions.target_type', '=', 'work'))
    .leftJoin('series', (j) => j.onRef('series.id', '=', 'subscriptions.target_id').on('subscriptions.target_type', '=', 'series'))
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'subscriptions.target_id').on('subscriptions.target_type', '=', 'user'))
    .select(['subscriptions.target_type', 'subscriptions.target_id', 'subscriptions.created_at', 'works.title as work_title', 'series.title as series_title', 'users.username'])
    .where('subscriptions.user_id', '=', userId)
    .orderBy('subscriptions.id')
    .execute();
}

/** The user's reading history. */
export async function exportReadings(db: DbLike, userId: number) {
  return db
    .selectFrom('readings')
    .innerJoin('works', 'works.id', 'readings.work_id')
    .leftJoin('chapters', 'chapters.id', 'readings.chapter_id')
    .select(['readings.work_id', 'works.title as work_title', 'chapters.position as chapter_position', 'readings.views', 'readings.marked_for_later', 'readings.visited_at'])
    .where('readings.user_id', '=', userId)
    .orderBy('readings.visited_at')
    .orderBy('readings.work_id')
    .execute();
}

/** The kudos the user gave. */
export async function exportKudos(db: DbLike, userId: number) {
  return db
    .selectFrom('kudos')
    .innerJoin('works', 'works.id', 'kudos.work_id')
    .select(['kudos.work_id', 'works.title as work_title', 'kudos.created_at'])
    .where('kudos.user_id', '=', userId)
    .orderBy('kudos.id')
    .execute();
}

/** The user's lasting tag exclusions. */
export async function exportTagExclusions(db: DbLike, userId: number) {
  return db
    .selectFrom('tag_exclusions')
    .innerJoin('tags', 'tags.id', 'tag_exclusions.tag_id')
    .select(['tags.name as tag', 'tags.kind', 'tag_exclusions.created_at'])
    .where('tag_exclusions.user_id', '=', userId)
    .orderBy('tag_exclusions.created_at')
    .orderBy('tags.name')
    .execute();
}

/** The user's saved searches (never their private feed tokens). */
export async function exportSavedSearches(db: DbLike, userId: number) {
  return db.selectFrom('saved_searches').select(['name', 'query', 'created_at']).where('user_id', '=', userId).orderBy('id').execute();
}

/** The accounts the user blocked. */
export async function exportBlocks(db: DbLike, userId: number) {
  return db.selectFrom('blocks').innerJoin('users', 'users.id', 'blocks.blocked_id').select(['users.username', 'blocks.created_at']).where('blocks.user_id', '=', userId).orderBy('blocks.created_at').orderBy('users.username').execute();
}

/** The accounts the user muted. */
export async function exportMutes(db: DbLike, userId: number) {
  return db.selectFrom('mutes').innerJoin('users', 'users.id', 'mutes.muted_id').select(['users.username', 'mutes.created_at']).where('mutes.user_id', '=', userId).orderBy('mutes.created_at').orderBy('users.username').execute();
}
