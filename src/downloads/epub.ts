import { strToU8, zipSync, type Zippable } from 'fflate';
import type { DbLike } from '../db/connection.js';
import type { Series } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { joinNames } from '../ui/format.js';
import { findWork } from '../works/works.queries.js';
import { loadBookWorks, type BookSeries, type BookWork } from './book.js';
import { BOOK_CSS, bookDirection, bookLanguage, chapterBody, chapterHeading, esc, titlePageBody } from './book-text.js';
import { CONTAINER_XML, navDocument, ncxDocument, packageDocument, xhtmlDocument, type EpubDocument, type EpubPackage } from './epub-package.js';
import { textToXhtml } from './xhtml.js';

// EPUB 3 files of a work or a series, valid under epubcheck (with the EPUB 2 NCX for older readers).

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The documents of one work: its title page, then one document per chapter. */
function workDocuments(book: BookWork, prefix: string, nested: boolean, partLabel?: string): EpubDocument[] {
  const { work } = book.details;
  const language = bookLanguage(work.language);
  const direction = bookDirection(work.language);
  const docs: EpubDocument[] = [
    {
      id: `${prefix}title`,
      href: `${prefix}title.xhtml`,
      label: partLabel ?? 'Title page',
      depth: 0,
      xhtml: xhtmlDocument({ title: work.title, language, direction, bodyType: nested ? undefined : 'frontmatter', body: `<section epub:type="titlepage">\n${titlePageBody(book)}\n</section>` }),
    },
  ];
  book.chapters.forEach((chapter, i) => {
    const name = `${prefix}c${pad(i + 1, 4)}`;
    const heading = chapterHeading(chapter);
    docs.push({
      id: name,
      href: `${name}.xhtml`,
      label: heading,
      depth: nested ? 1 : 0,
      xhtml: xhtmlDocument({ title: `${work.title}: ${heading}`, language, direction, bodyType: 'bodymatter', body: `<section epub:type="chapter">\n${chapterBody(book, i)}\n</section>` }),
    });
  });
  return docs;
}

function publishedDate(iso: string | null): string | undefined {
  return iso ? new Date(iso).toISOString().slice(0, 10) : undefined;
}

/** Zips the EPUB: the uncompressed mimetype entry first (the OCF rule readers rely on), then the rest. */
function zipEpub(book: EpubPackage): Uint8Array {
  const mtime = new Date(book.modified);
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0, mtime }],
    'META-INF/container.xml': [strToU8(CONTAINER_XML), { mtime }],
    'EPUB/package.opf': [strToU8(packageDocument(book)), { mtime }],
    'EPUB/nav.xhtml': [strToU8(navDocument(book)), { mtime }],
    'EPUB/toc.ncx': [strToU8(ncxDocument(book)), { mtime }],
    'EPUB/style.css': [strToU8(BOOK_CSS), { mtime }],
  };
  for (const doc of book.documents) files[`EPUB/${doc.href}`] = [strToU8(doc.xhtml), { mtime }];
  // Level 3: about half the time of level 6 for a file about a sixth larger (bench/epub.ts); files are cached.
  return zipSync(files, { level: 3 });
}

/** The EPUB of one loaded work. */
export function workEpub(book: BookWork): Uint8Array {
  const { work, authors, tags, series } = book.details;
  return zipEpub({
    identifier: book.url,
    title: work.title,
    authors,
    language: bookLanguage(work.language),
    direction: bookDirection(work.language),
    description: work.summary,
    subjects: [...tags.fandoms, ...tags.relationships, ...tags.characters, ...tags.freeforms],
    date: publishedDate(work.published_at),
    modified: work.revised_at ?? work.updated_at,
    source: book.url,
    series: series.map((s) => ({ title: s.title, position: s.position })),
    documents: workDocuments(book, '', false),
  });
}

/** The EPUB of a series: a title page for the series, then each part's title page and chapters, in order. */
export function seriesEpub(book: BookSeries, positions: readonly number[]): Uint8Array {
  const { series } = book;
  const firstWork = book.parts[0]?.details.work;
  const language = bookLanguage(firstWork?.language ?? 'en');
  const direction = bookDirection(firstWork?.language ?? 'en');
  const contents = book.parts.map((p, i) => `<li>Part ${positions[i]}: ${esc(p.details.work.title)}, by ${esc(joinNames(p.details.authors))}</li>`).join('\n');
  const intro = [
    `<h1 class="title">${esc(series.title)}</h1>`,
    `<p class="byline">by ${esc(joinNames(book.authors))}</p>`,
    `<dl class="meta"><dt>Series</dt><dd>${book.parts.length} ${book.parts.length === 1 ? 'work' : 'works'}, ${series.complete ? 'complete' : 'in progress'}</dd><dt>Source</dt><dd><a href="${esc(book.url)}">${esc(book.url)}</a></dd></dl>`,
    series.summary.trim() ? `<section class="summary"><h2>Description</h2>${textToXhtml(series.summary)}</section>` : '',
    series.notes.trim() ? `<section class="notes"><h2>Notes</h2>${textToXhtml(series.notes)}</section>` : '',
    book.parts.length ? `<section class="parts"><h2>Parts</h2><ol class="parts">${contents}</ol></section>` : '',
  ].filter(Boolean);
  const documents: EpubDocument[] = [
    { id: 'title', href: 'title.xhtml', label: series.title.trim() || 'Series', depth: 0, xhtml: xhtmlDocument({ title: series.title, language, direction, bodyType: 'frontmatter', body: `<section epub:type="titlepage">\n${intro.join('\n')}\n</section>` }) },
  ];
  book.parts.forEach((part, i) => documents.push(...workDocuments(part, `p${pad(i + 1, 3)}-`, true, `Part ${positions[i]}: ${part.details.work.title}`)));
  const modified = [series.updated_at, ...book.parts.map((p) => p.details.work.revised_at ?? p.details.work.updated_at)].reduce((a, b) => (new Date(a) > new Date(b) ? a : b));
  return zipEpub({
    identifier: book.url,
    title: series.title,
    authors: book.authors,
    language,
    direction,
    description: series.summary,
    subjects: [...new Set(book.parts.flatMap((p) => [...p.details.tags.fandoms, ...p.details.tags.relationships, ...p.details.tags.characters, ...p.details.tags.freeforms]))],
    date: publishedDate(series.created_at),
    modified,
    source: book.url,
    series: [],
    documents,
  });
}

/**
 * Builds the EPUB of a work, as its readers get it (posted chapters; every chapter of a draft). No access checks:
 * the caller decides who may have it. Throws NotFound for an unknown work.
 */
export async function buildWorkEpub(db: DbLike, workId: number, options: { baseUrl: string }): Promise<Uint8Array> {
  const work = await findWork(db, workId);
  if (!work) throw NotFound('work');
  const [book] = await loadBookWorks(db, [work], options.baseUrl.replace(/\/+$/, ''));
  return workEpub(book!);
}

/** Builds the EPUB of a series from parts already chosen (and checked) by the caller. */
export function buildSeriesEpub(series: Series, parts: readonly BookWork[], positions: readonly number[], authors: readonly string[], baseUrl: string): Uint8Array {
  return seriesEpub({ series, url: `${baseUrl.replace(/\/+$/, '')}/series/${series.id}`, authors, parts }, positions);
}
