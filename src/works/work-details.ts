import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';
import { seriesForWorks, type SeriesMembership } from '../series/series.queries.js';
import { groupTags, type TagsByField } from './tag-names.js';
import { authorsForWorks, tagsForWorks, warningsForWorks } from './works.queries.js';

/** A work with everything shown beside it on a page, a listing card or in JSON. */
export interface WorkDetails {
  readonly work: Work;
  readonly authors: readonly string[];
  readonly warnings: readonly string[];
  readonly tags: TagsByField;
  readonly series: readonly SeriesMembership[];
}

/** Loads the details of several works in four queries, whatever their number (listings show 20). */
export async function loadWorkDetails(db: DbLike, works: readonly Work[]): Promise<WorkDetails[]> {
  const ids = works.map((w) => w.id);
  const [authors, warnings, tags, series] = await Promise.all([
    authorsForWorks(db, ids),
    warningsForWorks(db, ids),
    tagsForWorks(db, ids),
    seriesForWorks(db, ids),
  ]);
  return works.map((work) => ({
    work,
    authors: authors.get(work.id) ?? [],
    warnings: warnings.get(work.id) ?? [],
    tags: groupTags(tags.get(work.id) ?? []),
    series: series.get(work.id) ?? [],
  }));
}
