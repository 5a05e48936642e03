import sanitizeHtml from 'sanitize-html';

// The allowlist for chapter bodies, documented in docs/formatting.md. Anything not listed is removed; the text
// inside removed tags is kept except for script, style and similar, whose content is dropped entirely.

const BLOCKS = ['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'div', 'center', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary', 'figure', 'figcaption'];
const INLINE = ['a', 'em', 'strong', 'i', 'b', 'u', 's', 'strike', 'del', 'ins', 'small', 'big', 'sub', 'sup', 'code', 'kbd', 'samp', 'var', 'abbr', 'acronym', 'cite', 'q', 'dfn', 'mark', 'span', 'bdi', 'bdo', 'ruby', 'rt', 'rp', 'time'];
const TABLES = ['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'];

const everywhere = ['lang', 'dir', 'title'];

const bodyOptions: sanitizeHtml.IOptions = {
  allowedTags: [...BLOCKS, ...INLINE, ...TABLES],
  allowedAttributes: {
    '*': everywhere,
    a: [...everywhere, 'href', 'name', 'rel'],
    ol: [...everywhere, 'start', 'reversed', 'type'],
    li: [...everywhere, 'value'],
    td: [...everywhere, 'colspan', 'rowspan', 'align'],
    th: [...everywhere, 'colspan', 'rowspan', 'align', 'scope'],
    col: [...everywhere, 'span'],
    colgroup: [...everywhere, 'span'],
    details: [...everywhere, 'open'],
    time: [...everywhere, 'datetime'],
    q: [...everywhere, 'cite'],
    blockquote: [...everywhere, 'cite'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'cite'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'],
  selfClosing: ['br', 'hr', 'col'],
  transformTags: {
    // The page has its own h1 (the work title); a body's top heading becomes a section heading.
    h1: 'h2',
    // sanitize-html lets scheme-less (relative) URLs through; the allowlist keeps absolute http, https and mailto
    // links and in-page #fragments (footnotes), so a body cannot point at this site's own pages or actions.
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: { ...(href !== undefined && /^(https?:|mailto:|#)/i.test(href.trim()) ? { href } : {}), ...attribs, rel: 'nofollow ugc noopener' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.attribs.name && !frame.text.trim(),
};

const commentOptions: sanitizeHtml.IOptions = {
  ...bodyOptions,
  allowedTags: [...BLOCKS.filter((t) => !/^h\d$/.test(t)), ...INLINE],
  transformTags: { a: bodyOptions.transformTags!.a! },
};

/** Cleans chapter-body HTML down to the allowlist. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, bodyOptions);
}

/** Cleans comment HTML: the body allowlist without headings or tables. */
export function sanitizeComment(html: string): string {
  return sanitizeHtml(html, commentOptions);
}

/** Plain text of an HTML fragment (tags removed, entities decoded), for word counts and feeds. */
export function htmlToText(html: string): string {
  // Every block boundary (opening or closing) separates words, so "<summary>Spoiler</summary>Text" is two words.
  const boundaries = /<\/?(p|div|center|li|h\d|blockquote|pre|ul|ol|dl|dd|dt|details|summary|figure|figcaption|table|caption|thead|tbody|tfoot|tr|td|th)\b[^>]*>|<(br|hr)\b[^>]*>/gi;
  const stripped = sanitizeHtml(html.replace(boundaries, '$& '), { allowedTags: [], allowedAttributes: {} });
  return stripped
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
