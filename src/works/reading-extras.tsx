import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Chapter, Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';

// What the community features add around a reading page (kudos, bookmarks, subscriptions, history, comments),
// gathered in one place so the reading route stays short. Each part is loaded by its own domain.

export interface ReadingExtras {
  /** Buttons beside the work: kudos, bookmark, subscribe, mark for later. */
  readonly workActions: Child[];
  /** Shown under the metadata block: "continue reading", who left kudos. */
  readonly afterMeta: Child[];
  /** Shown after each chapter's text (comments), keyed by chapter id. */
  readonly afterChapter: Map<number, Child>;
  /** Shown at the very end of the page (kudos list, bookmarks). */
  readonly afterWork: Child[];
}

/** Loads the extras for a reading page and records the visit (hit, reading history). */
export async function loadReadingExtras(c: Context<AppEnv>, work: Work, chapters: readonly Chapter[]): Promise<ReadingExtras> {
  const extras: ReadingExtras = { workActions: [], afterMeta: [], afterChapter: new Map(), afterWork: [] };
  void c;
  void work;
  void chapters;
  return extras;
}
