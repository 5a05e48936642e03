import type { Series } from '../db/schema.js';
import type { SeriesPart } from './series.queries.js';

/** A series in JSON, its works in reading order. */
export function presentSeries(series: Series, authors: readonly string[], parts: readonly SeriesPart[], baseUrl: string) {
  return {
    id: series.id,
    title: series.title,
    summary: series.summary,
    notes: series.notes,
    complete: series.complete === 1,
    authors,
    works: parts.map((p) => ({ id: p.work_id, title: p.title, position: p.position })),
    created_at: series.created_at,
    updated_at: series.updated_at,
    url: `${baseUrl}/series/${series.id}`,
  };
}
