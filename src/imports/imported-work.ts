import { RATINGS, WARNINGS, type Rating, type Warning } from '../works/ratings.js';
import { characterCount, MAX_TAGS } from '../works/works.forms.js';
import { ImportRefused } from '../http/errors.js';
import { MAX_CHAPTER_CHARS, MAX_IMPORT_CHAPTERS } from './import-limits.js';

// What every importer produces: metadata as found in the file (anything may be missing) and the chapters in
// reading order. `toWorkInput` turns it into the same input the posting form and API send to createWork.

export interface ImportedChapter {
  readonly title: string;
  /** Sanitized HTML, or Markdown source. */
  readonly body: string;
  readonly format: 'html' | 'markdown';
  readonly summary?: string;
  readonly notes?: string;
  readonly endNotes?: string;
}

export interface ImportedMetadata {
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  language?: string;
  rating?: string;
  warnings?: string[];
  fandoms?: string[];
  relationships?: string[];
  characters?: string[];
  freeforms?: string[];
  series?: { title: string; position?: number };
}

export interface ImportedWork {
  readonly metadata: ImportedMetadata;
  readonly chapters: readonly ImportedChapter[];
}

/** Used when a file names no fandom (AO3's tag for works outside any fandom); the author changes it on review. */
export const FALLBACK_FANDOM = 'No Fandom';
export const FALLBACK_RATING: Rating = 'Not Rated';
export const FALLBACK_WARNING: Warning = 'Creator Chose Not To Use Archive Warnings';

/** Which fields the file did not carry and were filled in, for the message on the preview. */
export function filledInFields(metadata: ImportedMetadata): string[] {
  const filled: string[] = [];
  if (!matchRating(metadata.rating)) filled.push('rating');
  if (!matchWarnings(metadata.warnings).length) filled.push('warnings');
  if (!cleanTags(metadata.fandoms).length) filled.push('fandom');
  return filled;
}

/**
 * The createWork input for an imported draft. Chapter text over the posting limit is refused (it cannot be
 * shortened without losing the story); metadata that is merely long (a summary, a tag) is cut to fit, since the
 * author reviews it all before posting.
 */
export function toWorkInput(work: ImportedWork, fileName: string, seriesId?: number): Record<string, unknown> {
  const { metadata: m, chapters } = work;
  if (chapters.length === 0) throw ImportRefused('The file holds no chapter text.');
  if (chapters.length > MAX_IMPORT_CHAPTERS) throw ImportRefused(`The file holds ${chapters.length} chapters; an import may hold at most ${MAX_IMPORT_CHAPTERS}.`);
  chapters.forEach((chapter, i) => {
    if (characterCount(chapter.body) > MAX_CHAPTER_CHARS) {
      throw ImportRefused(`Chapter ${i + 1}${chapter.title ? ` (“${cut(chapter.title, 80)}”)` : ''} is longer than ${MAX_CHAPTER_CHARS.toLocaleString('en')} characters, the most a chapter can hold. Split it and try again.`);
    }
  });
  const fandoms = cleanTags(m.fandoms);
  const tags = { fandoms: fandoms.length ? fandoms : [FALLBACK_FANDOM], relationships: cleanTags(m.relationships), characters: cleanTags(m.characters), freeforms: cleanTags(m.freeforms) };
  let room = MAX_TAGS;
  for (const field of ['fandoms', 'characters', 'relationships', 'freeforms'] as const) {
    tags[field] = tags[field].slice(0, Math.max(field === 'fandoms' ? 1 : 0, room));
    room -= tags[field].length;
  }
  const language = m.language?.trim();
  const series = m.series?.title.trim() ? (seriesId ? { id: seriesId, ...(m.series.position ? { position: m.series.position } : {}) } : { title: cut(m.series.title.trim(), 255) }) : undefined;
  return {
    title: cut(m.title?.trim() || titleFromFileName(fileName), 255),
    summary: cut(m.summary ?? '', 1250),
    notes: cut(m.notes ?? '', 5000),
    end_notes: cut(m.endNotes ?? '', 5000),
    language: language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : 'en',
    rating: matchRating(m.rating) ?? FALLBACK_RATING,
    warnings: matchWarnings(m.warnings).length ? matchWarnings(m.warnings) : [FALLBACK_WARNING],
    ...tags,
    draft: true,
    ...(series ? { series } : {}),
    chapters: chapters.map((chapter) => ({
      title: cut(chapter.title, 255),
      summary: cut(chapter.summary ?? '', 1250),
      notes: cut(chapter.notes ?? '', 5000),
      end_notes: cut(chapter.endNotes ?? '', 5000),
      body: chapter.body,
      format: chapter.format,
    })),
  };
}

/** A readable title from a file name: extension dropped, separators made spaces. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').trim() || 'Imported work';
}

/** Tag names split at commas, trimmed, cut to 150 characters, without repeats (ignoring case). */
export function cleanTags(names: readonly string[] | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const name of (names ?? []).flatMap((n) => n.split(','))) {
    const tag = cut(name.replace(/\s+/g, ' ').trim(), 150);
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

function matchRating(value: string | undefined): Rating | undefined {
  const wanted = value?.trim().toLowerCase();
  return RATINGS.find((r) => r.toLowerCase() === wanted);
}

function matchWarnings(values: readonly string[] | undefined): Warning[] {
  const wanted = new Set((values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()));
  return WARNINGS.filter((w) => wanted.has(w.toLowerCase()));
}

/** At most `max` UTF-16 units (as the validation counts), cut at a character boundary with an ellipsis. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return out.trimEnd() + '…';
}
