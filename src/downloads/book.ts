import crypto from 'node:crypto';
import type { DbLike } from '../db/connection.js';
import type { Chapter, Series, Work } from '../db/schema.js';
import { listChapters } from '../works/chapters.queries.js';
import { loadWorkDetails, type WorkDetails } from '../works/work-details.js';
import { chapterStamps } from './downloads.queries.js';

// What a download holds, loaded once and shared by the EPUB and HTML writers, and the version that names a
// cached file. The version hashes everything a download shows (no chapter bodies: their updated_at stands for
// them), so editing a chapter, renaming a tag or an author, or moving a work in a series makes a new file.

/** Bumped whenever the writers change, so files cached by an older release are not served again. */
const FORMAT_VERSION = 1;

/** Counters that change on every visit; a download does not show them. */
const VOLATILE = ['kudos_count', 'comment_count', 'bookmark_count', 'hit_count', 'guest_kudos_count'] as const;

/** One work as a download shows it: details, the chapters in it, its canonical address. */
export interface BookWork {
  readonly details: WorkDetails;
  readonly chapters: readonly Chapter[];
  readonly url: string;
}

/** A series download: the series, its address, and its parts in order. */
export interface BookSeries {
  readonly series: Series;
  readonly url: string;
  readonly authors: readonly string[];
  readonly parts: readonly BookWork[];
}

/**
 * The chapters a download of `work` holds: the posted ones, which is the book every reader gets. A draft work
 * (which only its authors and admins can open) holds every chapter, as its reading page shows them.
 */
function includesDrafts(work: Work): boolean {
  return work.posted === 0;
}

/** Loads works with their chapters for a download, in the order given. */
export async function loadBookWorks(db: DbLike, works: readonly Work[], baseUrl: string): Promise<BookWork[]> {
  const details = await loadWorkDetails(db, works);
  const out: BookWork[] = [];
  for (const d of details) {
    out.push({ details: d, chapters: await listChapters(db, d.work.id, includesDrafts(d.work)), url: `${baseUrl}/works/${d.work.id}` });
  }
  return out;
}

/** A short hash naming the current state of these works' downloads (and of `extra`, e.g. a series row). */
export async function downloadVersion(db: DbLike, details: readonly WorkDetails[], baseUrl: string, extra: unknown = null): Promise<string> {
  const stamps = await chapterStamps(db, details.map((d) => d.work.id));
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify({ FORMAT_VERSION, baseUrl, extra }));
  for (const d of details) {
    const shown: Partial<Work> = { ...d.work };
    for (const key of VOLATILE) delete shown[key];
    const chapters = stamps.filter((s) => s.work_id === d.work.id && (s.posted === 1 || includesDrafts(d.work)));
    hash.update(JSON.stringify([shown, d.authors, d.warnings, d.tags, d.series, chapters.map((c) => [c.id, c.position, c.posted, c.word_count, String(c.updated_at)])]));
  }
  return hash.digest('hex').slice(0, 24);
}
