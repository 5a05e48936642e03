import MarkdownIt from 'markdown-it';
import { sanitizeBody, htmlToText } from './sanitize.js';
import { countWords } from './word-count.js';

// Raw HTML inside Markdown is allowed because the result is sanitized anyway; linkify and typographer help prose.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: true, breaks: false });

export type BodyFormat = 'markdown' | 'html';

/** Turns an author's submitted body into stored, sanitized HTML with its word count. */
export function renderBody(source: string, format: BodyFormat): { html: string; words: number } {
  const html = sanitizeBody(format === 'markdown' ? markdown.render(source) : plainTextParagraphs(source));
  return { html, words: countWords(htmlToText(html)) };
}

/**
 * HTML input that carries no block tags at all is treated as text with line breaks, the way authors paste it:
 * blank lines start paragraphs and single newlines become <br>.
 */
function plainTextParagraphs(source: string): string {
  if (/<(p|div|br|h\d|ul|ol|table|blockquote|pre|hr|details)\b/i.test(source)) return source;
  return source
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${block.replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}
