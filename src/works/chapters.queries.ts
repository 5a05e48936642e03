import type { DbLike } from '../db/connection.js';
import type { Chapter, ChapterUpdate, NewChapter } from '../db/schema.js';

/** A chapter without its body, for menus and navigation. */
export interface ChapterHeading {
  readonly id: number;
  readonly position: number;
  readonly title: string;
  readonly posted: 0 | 1;
  readonly word_count: number;
}

/** Inserts a chapter and returns it. */
export async function insertChapter(db: DbLike, chapter: NewChapter): Promise<Chapter> {
  return db.insertInto('chapters').values(chapter).returningAll().executeTakeFirstOrThrow();
}

/** Updates a chapter's columns. */
export async function updateChapter(db: DbLike, id: number, changes: ChapterUpdate): Promise<void> {
  await db.updateTable('chapters').set(changes).where('id', '=', id).execute();
}

/** Deletes a chapter. */
export async function deleteChapter(db: DbLike, id: number): Promise<void> {
  await db.deleteFrom('chapters').where('id', '=', id).execute();
}

/** The chapter at a 1-based position of a work. */
export async function findChapterByPosition(db: DbLike, workId: number, position: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('work_id', '=', workId).where('position', '=', position).executeTakeFirst();
}

/** A work's chapters with bodies, in order; only posted ones unless `includeDrafts`. */
export async function listChapters(db: DbLike, workId: number, includeDrafts: boolean): Promise<Chapter[]> {
  let query = db.selectFrom('chapters').selectAll().where('work_id', '=', workId).orderBy('position');
  // Readers' lists leave out chapters hidden by a moderator as well as drafts; the author's (includeDrafts) keeps both.
  if (!includeDrafts) query = query.where('posted', '=', 1).where('hidden_at', 'is', null);
  return query.execute();
}

/** A work's chapter headings (no bodies), in order; only posted ones unless `includeDrafts`. */
export async function listChapterHeadings(db: DbLike, workId: number, includeDrafts: boolean): Promise<ChapterHeading[]> {
  let query = db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'posted', 'word_count'])
    .where('work_id', '=', workId)
    .orderBy('position');
  // Readers' lists leave out chapters hidden by a moderator as well as drafts; the author's (includeDrafts) keeps both.
  if (!includeDrafts) query = query.where('posted', '=', 1).where('hidden_at', 'is', null);
  return query.execute();
}

/** The first posted chapter of a work. */
export async function findFirstPostedChapter(db: DbLike, workId: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('work_id', '=', workId).where('posted', '=', 1).where('hidden_at', 'is', null).orderBy('position').limit(1).executeTakeFirst();
}

/** Posted chapter count and word total of a work (chapters hidden by a moderator left out): the values its counters must hold. */
export async function postedChapterTotals(db: DbLike, workId: number): Promise<{ chapters: number; words: number }> {
  const row = await db
    .selectFrom('chapters')
    .select((eb) => [eb.fn.countAll<number>().as('chapters'), eb.fn.coalesce(eb.fn.sum<number>('word_count'), eb.lit(0)).as('words')])
    .where('work_id', '=', workId)
    .where('posted', '=', 1)
    .where('hidden_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { chapters: Number(row.chapters), words: Number(row.words) };
}

/** The highest chapter position in a work (0 when it has none). */
export async function maxChapterPosition(db: DbLike, workId: number): Promise<number> {
  const row = await db
    .selectFrom('chapters')
    .select((eb) => eb.fn.max<number>('position').as('max'))
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/**
 * Gives a work's chapters the positions 1..n in the order of `orderedIds`. Moves them to negative positions
 * first, so the unique (work_id, position) constraint holds after every single statement.
 */
export async function setChapterOrder(db: DbLike, workId: number, orderedIds: readonly number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db.updateTable('chapters').set({ position: -(i + 1) }).where('id', '=', id).where('work_id', '=', workId).execute();
  }
  for (const [i, id] of orderedIds.entries()) {
    await db.updateTable('chapters').set({ position: i + 1 }).where('id', '=', id).where('work_id', '=', workId).execute();
  }
}
