import type { DbLike } from '../db/connection.js';

/** What changes a chapter's place in a download, without its body: enough to tell that a file is out of date. */
export interface ChapterStamp {
  readonly id: number;
  readonly work_id: number;
  readonly position: number;
  readonly posted: 0 | 1;
  readonly word_count: number;
  readonly updated_at: string;
}

/** The stamps of every chapter (drafts included) of several works, in work and reading order. */
export async function chapterStamps(db: DbLike, workIds: readonly number[]): Promise<ChapterStamp[]> {
  if (workIds.length === 0) return [];
  return db
    .selectFrom('chapters')
    .select(['id', 'work_id', 'position', 'posted', 'word_count', 'updated_at'])
    .where('work_id', 'in', workIds)
    .orderBy('work_id')
    .orderBy('position')
    .execute();
}
