import crypto from 'node:crypto';
import { joinNames } from '../ui/format.js';
import type { BookWork } from './book.js';
import { BOOK_CSS, bookDirection, bookLanguage, chapterBody, chapterHeading, esc, titlePageBody } from './book-text.js';

// The single-file HTML download: the title page, a table of contents and every chapter, with the stylesheet inline
// so the file reads the same offline. The same fragments as the EPUB, in one document (ids kept unique across it).

const HTML_CSS = `${BOOK_CSS}
body { max-width: 40em; margin: 0 auto; padding: 1em 1.25em 4em; font-family: Georgia, "Times New Roman", serif; color: #222; background: #fdfcf9; }
a { color: #2a5d8f; }
hr.chapter-break { border: 0; border-top: 1px solid #bbb; margin: 3em 0; }
@media (prefers-color-scheme: dark) {
  body { color: #ddd; background: #1b1b1d; }
  a { color: #8ab4e0; }
  dl.meta, .userstuff td, .userstuff th { border-color: #555; }
}
`;

const STYLE_TEXT = `\n${HTML_CSS}`;
/** The CSP source allowing exactly this file's own <style> block (so its policy needs no 'unsafe-inline'). */
export const HTML_STYLE_SOURCE = `'sha256-${crypto.createHash('sha256').update(STYLE_TEXT).digest('base64')}'`;

/** The HTML file of a loaded work. */
export function workHtml(book: BookWork): string {
  const { work, authors } = book.details;
  const language = bookLanguage(work.language);
  const ids = new Set<string>(['contents', ...book.chapters.map((_, i) => `chapter-${i + 1}`)]);
  const toc = book.chapters.length > 1
    ? `<nav id="contents" aria-label="Contents"><h2>Contents</h2><ol>${book.chapters.map((c, i) => `<li><a href="#chapter-${i + 1}">${esc(chapterHeading(c))}</a></li>`).join('')}</ol></nav>`
    : '';
  const chapters = book.chapters
    .map((_, i) => `<section class="chapter" id="chapter-${i + 1}">\n${chapterBody(book, i, 2, ids)}\n</section>`)
    .join('\n<hr class="chapter-break"/>\n');
  return `<!DOCTYPE html>
<html lang="${esc(language)}" dir="${bookDirection(work.language)}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="author" content="${esc(joinNames(authors))}"/>
<title>${esc(work.title)}</title>
<style>${STYLE_TEXT}</style>
</head>
<body>
<header class="title-page">
${titlePageBody(book)}
</header>
${toc}
<main>
${chapters}
</main>
</body>
</html>
`;
}
