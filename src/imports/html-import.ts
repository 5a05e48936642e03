import { readWorkMetadataBlock } from './metadata-block.js';
import { chapterSections, parseFragment, readChapter, readTitlePage } from './chapterhouse-layout.js';
import type { ImportedChapter, ImportedMetadata, ImportedWork } from './imported-work.js';
import { bodyOf, cleanBody, isBlank, languageOf, leadingHeading, metaContent, splitAtH2, titleOf } from './html-parts.js';

// A single HTML file as a work. The work title is the document's <title> (else a leading <h1>); `description` and
// `keywords` meta tags give the summary and additional tags, `<html lang>` the language, and a Chapterhouse
// download's title page everything it carries (see chapterhouse-layout.ts). The body is split into chapters at <h2>
// headings when there are two or more (each heading becomes the chapter title); otherwise it is one chapter.

/** Reads a whole HTML document as a work, split at h2 headings when it has several. */
export function importHtml(html: string): ImportedWork {
  const metadata: ImportedMetadata = {};
  const title = titleOf(html);
  if (title) metadata.title = title;
  const summary = metaContent(html, 'description');
  if (summary) metadata.summary = summary;
  const keywords = metaContent(html, 'keywords');
  if (keywords) metadata.freeforms = keywords.split(',');
  const language = languageOf(html);
  if (language) metadata.language = language;

  let body = bodyOf(html);
  const nodes = parseFragment(body);
  const titlePage = readTitlePage(nodes);
  const own = chapterSections(nodes).map(readChapter);
  if (titlePage && own.length && own.every(Boolean)) {
    // A Chapterhouse HTML download: the title page's metadata and each chapter section with its notes.
    Object.assign(metadata, titlePage);
    const chapters = own.map((s) => ({ ...s!.chapter, body: cleanBody(s!.chapter.body) }));
    const workEndNotes = own.find((s) => s!.workEndNotes)?.workEndNotes;
    if (workEndNotes) metadata.endNotes = workEndNotes;
    return { metadata, chapters };
  }
  const block = readWorkMetadataBlock(body);
  if (block) {
    Object.assign(metadata, block.metadata);
    body = block.rest;
  }
  const heading = leadingHeading(body);
  if (heading?.level === 'h1') {
    metadata.title ||= heading.title;
    body = heading.rest;
  }
  const { before, sections } = splitAtH2(body);
  const chapters: ImportedChapter[] = [];
  if (sections.length >= 2) {
    if (!isBlank(before)) chapters.push({ title: '', body: cleanBody(before), format: 'html' });
    for (const section of sections) if (!isBlank(section.body)) chapters.push({ title: section.title, body: cleanBody(section.body), format: 'html' });
  } else if (!isBlank(body)) {
    chapters.push({ title: '', body: cleanBody(body), format: 'html' });
  }
  return { metadata, chapters };
}

/** Reads an HTML document as one chapter (a file in a zip of chapters): its title from a leading h1/h2 or <title>. */
export function importHtmlChapter(html: string, fallbackTitle: string): ImportedChapter {
  const body = bodyOf(html);
  const heading = leadingHeading(body);
  return {
    title: heading?.title || titleOf(html) || fallbackTitle,
    body: cleanBody(heading ? heading.rest : body),
    format: 'html',
  };
}
