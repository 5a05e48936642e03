import { htmlToText, sanitizeBody } from '../text/sanitize.js';

// Pieces of an HTML or XHTML document, found with plain patterns: the input is sanitized afterwards anyway, so
// these only need to find the body, the title and the chapter headings, not to judge what is safe.

/** The inner HTML of `<body>`, or the whole document without its `<head>` when there is no body tag. */
export function bodyOf(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*?)(<\/body\s*>|$)/i.exec(html);
  if (body) return body[1]!;
  return html.replace(/<head\b[\s\S]*?<\/head\s*>/i, '').replace(/<\/?(html|!doctype|\?xml)\b[^>]*>/gi, '');
}

/** The text of `<title>`, if any. */
export function titleOf(html: string): string {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  return title ? plainText(title[1]!) : '';
}

/** The document language from `<html lang>` or `xml:lang`. */
export function languageOf(html: string): string | undefined {
  const tag = /<html\b[^>]*>/i.exec(html)?.[0] ?? '';
  return /\b(?:xml:)?lang\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
}

/** The content of a `<meta name=...>` tag. */
export function metaContent(html: string, name: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const metaName = /\bname\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    if (metaName?.toLowerCase() === name) return plainText(/\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1] ?? '');
  }
  return undefined;
}

/** Plain text of an HTML fragment, whitespace collapsed. */
export function plainText(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}

/** Sanitized HTML for a chapter body, as posting would store it. */
export function cleanBody(html: string): string {
  return sanitizeBody(html).trim();
}

/** True when a fragment holds no readable text. */
export function isBlank(html: string): boolean {
  return plainText(html) === '';
}

/** When the fragment starts with an h1 or h2, its text and the fragment without it. */
export function leadingHeading(html: string): { level: string; title: string; rest: string } | undefined {
  const match = /^\s*((?:<(?:div|section|header)\b[^>]*>\s*)*)<(h[12])\b[^>]*>([\s\S]*?)<\/\2\s*>/i.exec(html);
  if (!match) return undefined;
  // Only the heading goes; the wrapper tags before it stay, so the markup stays balanced.
  return { level: match[2]!.toLowerCase(), title: plainText(match[3]!), rest: match[1]! + html.slice(match[0].length) };
}

/** Splits a body at each `<h2>`: the part before the first heading, then one section per heading. */
export function splitAtH2(html: string): { before: string; sections: { title: string; body: string }[] } {
  const headings = [...html.matchAll(/<h2\b[^>]*>([\s\S]*?)<\/h2\s*>/gi)];
  const sections = headings.map((match, i) => {
    const start = match.index! + match[0].length;
    const end = i + 1 < headings.length ? headings[i + 1]!.index! : html.length;
    return { title: plainText(match[1]!), body: html.slice(start, end) };
  });
  return { before: headings.length ? html.slice(0, headings[0]!.index!) : html, sections };
}
