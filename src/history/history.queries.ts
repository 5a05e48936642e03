import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';

/** One row of a reader's history or to-read list, with the chapter they last read. */
export interface ReadingRow {
  readonly work_id: number;
  readonly chapter_id: number | null;
  readonly chapter_position: number | null;
  readonly views: number;
  readonly marked_for_later: number;
  readonly visited_at: string;
}

/** Records `views` visits (one by default): more views, the time, and the chapter read (unchanged when `chapterId` is null). */
export async function upsertReading(db: DbLike, userId: number, workId: number, chapterId: number | null, at: string, views = 1): Promise<void> {
  await db
    .insertInto('readings')
    .values({ user_id: userId, work_id: workId, chapter_id: chapterId, views, visited_at: at })
    .onConflict((oc) =>
      oc.columns(['user_id', 'work_id']).doUpdateSet({
        views: sql<number>`readings.views + ${views}`,
        visited_at: at,
        chapter_id: chapterId === null ? sql<number | null>`readings.chapter_id` : chapterId,
      }),
    )
    .execute();
}

/** Puts a work on (or takes it off) the reader's to-read list, creating the reading row when needed. */
export async function setMarkedForLater(db: DbLike, userId: number, workId: number, marked: boolean, at: string): Promise<void> {
  await db
    .insertInto('readings')
    .values({ user_id: userId, work_id: workId, chapter_id: null, views: 0, marked_for_later: marked ? 1 : 0, visited_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'work_id']).doUpdateSet({ marked_for_later: marked ? 1 : 0 }))
    .execute();
  // A row that is neither history nor to-read list is noise.
  await db.deleteFrom('readings').where('user_id', '=', userId).where('work_id', '=', workId).where('views', '=', 0).where('marked_for_later', '=', 0).execute();
}

/** The reader's row for a work, with the position of the last chapter read (if it is still posted). */
export async function findReading(db: DbLike, userId: number, workId: number): Promise<ReadingRow | undefined> {
  return withReadingColumns(readingsWithChapter(db)).where('readings.user_id', '=', userId).where('readings.work_id', '=', workId).executeTakeFirst();
}

function readingsWithChapter(db: DbLike) {
  return db.selectFrom('readings').leftJoin('chapters', (join) => join.onRef('chapters.id', '=', 'readings.chapter_id').on('chapters.posted', '=', 1));
}

function withReadingColumns(query: ReturnType<typeof readingsWithChapter>) {
  return query.select(['readings.work_id', 'readings.chapter_id', 'chapters.position as chapter_position', 'readings.views', 'readings.marked_for_later', 'readings.visited_at']);
}

interface ReadingFilter {
  readonly later: boolean;
  readonly hiddenAuthorIds: readonly number[];
}

/** The reader's history (works viewed) or to-read list, skipping deleted works and works by muted authors. */
function filteredReadings(db: DbLike, userId: number, options: ReadingFilter) {
  let query = readingsWithChapter(db)
    .where('readings.user_id', '=', userId)
    .where((eb) => (options.later ? eb('readings.marked_for_later', '=', 1) : eb('readings.views', '>', 0)))
    .where((eb) =>
      eb.exists(eb.selectFrom('works').select('works.id').whereRef('works.id', '=', 'readings.work_id').where('works.deleted_at', 'is', null).where('works.posted', '=', 1).where('works.hidden_at', 'is', null)),
    );
  if (options.hiddenAuthorIds.length) {
    const hidden = [...options.hiddenAuthorIds];
    query = query.where((eb) =>
      eb.not(eb.exists(eb.selectFrom('work_authors').select('work_authors.work_id').whereRef('work_authors.work_id', '=', 'readings.work_id').where('work_authors.user_id', 'in', hidden))),
    );
  }
  return query;
}

/** A page of the reader's history or to-read list, most recent first. */
export async function listReadings(db: DbLike, userId: number, options: ReadingFilter & { limit: number; offset: number }): Promise<ReadingRow[]> {
  return withReadingColumns(filteredReadings(db, userId, options))
    .orderBy('readings.visited_at', 'desc')
    .orderBy('readings.work_id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** How many rows listReadings pages through. */
export async function countReadings(db: DbLike, userId: number, options: ReadingFilter): Promise<number> {
  const row = await filteredReadings(db, userId, options).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Clears a reader's history: visits are forgotten, the to-read list stays. */
export async function clearReadings(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('readings').where('user_id', '=', userId).where('marked_for_later', '=', 0).execute();
  await db.updateTable('readings').set({ views: 0, chapter_id: null }).where('user_id', '=', userId).execute();
}
