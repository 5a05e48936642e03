import { visibleToReader, type ReaderExclusions } from '../exclusions/exclusions.queries.js';
import type { DbLike } from '../db/connection.js';
import type { Chapter, Work } from '../db/schema.js';

/** A series' posted, undeleted parts as whole work rows, newest update first, less those the reader excludes. */
export async function listPostedSeriesWorks(db: DbLike, seriesId: number, limit: number, reader: ReaderExclusions): Promise<Work[]> {
  return db
    .selectFrom('series_works')
    .innerJoin('works', 'works.id', 'series_works.work_id')
    .selectAll('works')
    .where('series_works.series_id', '=', seriesId)
    .where('works.posted', '=', 1)
    .where('works.deleted_at', 'is', null)
    .where('works.hidden_at', 'is', null)
    .where(visibleToReader(reader))
    .orderBy('works.revised_at', 'desc')
    .orderBy('works.id', 'desc')
    .limit(limit)
    .execute();
}

/** A work's posted chapters, last position first, without their bodies. */
export async function listPostedChaptersNewestFirst(db: DbLike, workId: number, limit: number): Promise<Omit<Chapter, 'body_source' | 'body_html'>[]> {
  return db
    .selectFrom('chapters')
    .select(['id', 'work_id', 'position', 'title', 'summary', 'notes', 'end_notes', 'body_format', 'word_count', 'posted', 'comment_count', 'published_at', 'created_at', 'updated_at', 'hidden_at', 'hidden_reason', 'hidden_by'])
    .where('work_id', '=', workId)
    .where('posted', '=', 1)
    .where('hidden_at', 'is', null)
    .orderBy('position', 'desc')
    .limit(limit)
    .execute();
}
