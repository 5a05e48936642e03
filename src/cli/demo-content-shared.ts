import type { Rating, Warning } from '../works/ratings.js';

// Types, shared names and small helpers for the demo content. All settings, characters and text are
// invented for Chapterhouse's demo; none of it refers to a real work, brand or person.

/** Every demo account logs in with this password. */
export const DEMO_PASSWORD = 'chapterhouse-demo';

/** The invented "fandoms", spelled once so every work tags them the same way. */
export const FANDOMS = {
  lighthouse: 'The Saltmarrow Light',
  galley: 'Galley Orbit',
  bakery: 'Crumb & Clue',
  clockwork: 'The Cogwright Chronicles',
} as const;

export interface DemoChapter {
  title?: string;
  summary?: string;
  notes?: string;
  end_notes?: string;
  body: string;
  format?: 'markdown' | 'html';
  draft?: boolean;
}

/**
 * How a work joins a series: `start` makes a new series with the work as part 1 (remembered under `key`);
 * `join` appends the work to a series started earlier or declared in the author's `series`.
 */
export type DemoSeriesLink = { start: string; title: string } | { join: string };

export interface DemoWork {
  title: string;
  summary?: string;
  notes?: string;
  end_notes?: string;
  language?: string;
  rating: Rating;
  warnings: Warning[];
  fandoms: string[];
  relationships?: string[];
  characters?: string[];
  freeforms?: string[];
  expected_chapters?: number | null;
  draft?: boolean;
  series?: DemoSeriesLink;
  chapters: DemoChapter[];
}

/** A series created up front with `createSeries`, for works that `join` it. */
export interface DemoSeries {
  key: string;
  title: string;
  summary?: string;
  notes?: string;
  complete?: boolean;
}

export interface DemoAuthor {
  username: string;
  email: string;
  series?: DemoSeries[];
  works: DemoWork[];
}

/** Wraps each argument in a `<p>` paragraph. */
export function html(...paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${p}</p>`).join('\n');
}

/** Joins Markdown lines (written one per argument so the source needs no dedenting). */
export function markdown(...lines: string[]): string {
  return lines.join('\n');
}
