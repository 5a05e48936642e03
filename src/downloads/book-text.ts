import { xmlText } from '../feeds/atom.js';
import { chapterProgress, formatDate, formatNumber, joinNames, languageDirection, languageName } from '../ui/format.js';
import type { BookWork } from './book.js';
import { htmlToXhtml, textToXhtml } from './xhtml.js';

// The text of a download, written as XHTML fragments shared by the EPUB's documents and the single HTML file:
// the metadata block of a work, and each chapter with its notes.

const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

/** A language code safe for lang attributes and dc:language ("und" when the stored one is not a tag). */
export function bookLanguage(code: string): string {
  return LANGUAGE_TAG.test(code) ? code : 'und';
}

/** The text direction of a language. */
export function bookDirection(code: string): 'ltr' | 'rtl' {
  return languageDirection(code);
}

/** Escapes text for XHTML element content or a double-quoted attribute. */
export const esc = (text: string): string => xmlText(text);

/** "Chapter 3: Title" or "Chapter 3". */
export function chapterHeading(chapter: { readonly position: number; readonly title: string }): string {
  // Numbered by position, as on the reading pages.
  return chapter.title ? `Chapter ${chapter.position}: ${chapter.title}` : `Chapter ${chapter.position}`;
}

/** The metadata block of a work: rating, warnings, tags by kind, language, series, stats and the source address. */
export function metadataBlock(book: BookWork): string {
  const { work, warnings, tags, series } = book.details;
  const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${value}</dd>`;
  const list = (names: readonly string[]) => `<ul class="tags">${names.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  const rows: string[] = [row('Rating', esc(work.rating)), row(warnings.length > 1 ? 'Archive warnings' : 'Archive warning', list(warnings))];
  if (tags.fandoms.length) rows.push(row(tags.fandoms.length > 1 ? 'Fandoms' : 'Fandom', list(tags.fandoms)));
  if (tags.relationships.length) rows.push(row('Relationships', list(tags.relationships)));
  if (tags.characters.length) rows.push(row('Characters', list(tags.characters)));
  if (tags.freeforms.length) rows.push(row('Additional tags', list(tags.freeforms)));
  rows.push(row('Language', esc(languageName(work.language))));
  if (series.length) rows.push(row('Series', series.map((s) => `Part ${s.position} of ${esc(s.title)}`).join('; ')));
  const stats: string[] = [];
  if (work.published_at) stats.push(`Published: ${esc(formatDate(work.published_at))}`);
  if (work.revised_at && work.published_at && work.revised_at.slice(0, 10) !== work.published_at.slice(0, 10)) {
    stats.push(`${work.complete ? 'Completed' : 'Updated'}: ${esc(formatDate(work.revised_at))}`);
  }
  stats.push(`Words: ${formatNumber(work.word_count)}`, `Chapters: ${chapterProgress(work.chapter_count, work.expected_chapters)}`);
  rows.push(row('Stats', stats.join(' · ')));
  rows.push(row('Source', `<a href="${esc(book.url)}">${esc(book.url)}</a>`));
  return `<dl class="meta">${rows.join('\n')}</dl>`;
}

/** The title page body of a work: title, authors, metadata, summary and the work's notes. */
export function titlePageBody(book: BookWork, headingLevel: 1 | 2 = 1): string {
  const { work, authors } = book.details;
  const h = `h${headingLevel}`;
  const sub = `h${headingLevel + 1}`;
  const parts = [
    `<${h} class="title">${esc(work.title)}</${h}>`,
    `<p class="byline">by ${esc(joinNames(authors))}</p>`,
    metadataBlock(book),
  ];
  if (work.summary.trim()) parts.push(`<section class="summary"><${sub}>Summary</${sub}>${textToXhtml(work.summary)}</section>`);
  if (work.notes.trim()) parts.push(`<section class="notes"><${sub}>Notes</${sub}>${textToXhtml(work.notes)}</section>`);
  return parts.join('\n');
}

/** A chapter: its heading, summary, notes, text and end notes (and the work's end notes after the last chapter). */
export function chapterBody(book: BookWork, index: number, headingLevel: 1 | 2 = 1, ids = new Set<string>()): string {
  const chapter = book.chapters[index]!;
  const { work } = book.details;
  const h = `h${headingLevel}`;
  const sub = `h${headingLevel + 1}`;
  const parts = [`<${h} class="chapter-title">${esc(chapterHeading(chapter))}</${h}>`];
  if (chapter.summary.trim()) parts.push(`<section class="notes"><${sub}>Summary</${sub}>${textToXhtml(chapter.summary)}</section>`);
  if (chapter.notes.trim()) parts.push(`<section class="notes"><${sub}>Notes</${sub}>${textToXhtml(chapter.notes)}</section>`);
  parts.push(`<div class="userstuff">${htmlToXhtml(chapter.body_html, { ids })}</div>`);
  if (chapter.end_notes.trim()) parts.push(`<section class="notes end-notes"><${sub}>End notes</${sub}>${textToXhtml(chapter.end_notes)}</section>`);
  if (index === book.chapters.length - 1 && work.end_notes.trim()) {
    parts.push(`<section class="notes end-notes"><${sub}>End notes for the work</${sub}>${textToXhtml(work.end_notes)}</section>`);
  }
  return parts.join('\n');
}

/** The stylesheet of a download: calm book typography that leaves fonts and sizes to the reader's device. */
export const BOOK_CSS = `body { margin: 0 5%; line-height: 1.5; }
h1, h2, h3 { line-height: 1.25; font-weight: bold; }
h1.title { text-align: center; margin: 2em 0 0.5em; }
p.byline { text-align: center; font-style: italic; margin-bottom: 2em; }
dl.meta { border: 1px solid #999; padding: 0.5em 1em; font-size: 0.9em; }
dl.meta dt { font-weight: bold; margin-top: 0.4em; }
dl.meta dd { margin: 0 0 0 1.5em; }
ul.tags { margin: 0; padding: 0; list-style: none; }
ul.tags li { display: inline; }
ul.tags li + li:before { content: ", "; }
section.summary, section.notes { margin: 1.5em 0; }
section.notes { border-left: 3px solid #999; padding-left: 1em; }
h1.chapter-title, h2.chapter-title { margin: 1.5em 0 1em; text-align: center; }
.userstuff p { margin: 0 0 0.8em; }
.userstuff blockquote { margin: 1em 2em; }
.userstuff table { border-collapse: collapse; margin: 1em 0; }
.userstuff td, .userstuff th { border: 1px solid #999; padding: 0.2em 0.5em; }
.center, .align-center { text-align: center; }
.align-right { text-align: right; }
.align-left { text-align: left; }
.align-justify { text-align: justify; }
.big { font-size: 1.2em; }
nav ol { list-style: none; padding-left: 1em; }
`;
