// Atom 1.0 (RFC 4287) documents, written by hand: the format is small, and escaping in one place is easier to
// trust than a general XML library's options.

/** A person credited on an entry. */
export interface AtomPerson {
  readonly name: string;
  readonly uri: string;
}

/** A category: `scheme` says which vocabulary the term comes from (rating, warning, tag kind). */
export interface AtomCategory {
  readonly term: string;
  readonly scheme: string;
  readonly label: string;
}

export interface AtomEntry {
  /** Permanent: a feed reader recognises an entry it has seen by this id alone. */
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly published: string;
  readonly authors: readonly AtomPerson[];
  readonly categories: readonly AtomCategory[];
  readonly summary: string;
  readonly link: string;
}

export interface AtomFeed {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Used when the feed has no entries; otherwise the newest entry's `updated`. */
  readonly fallbackUpdated: string;
  readonly selfUrl: string;
  readonly alternateUrl: string;
  readonly entries: readonly AtomEntry[];
}

// XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF (as surrogate pairs); anything
// else (C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the document ill-formed, so it is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a double-quoted attribute: illegal characters removed, specials escaped. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An ISO 8601 / RFC 3339 instant, whatever form the database returned the timestamp in. */
export function atomDate(value: string | Date): string {
  return new Date(value).toISOString();
}

/** The feed's `updated`: its newest entry's, or the fallback when it has none. */
export function feedUpdated(feed: AtomFeed): string {
  let newest = atomDate(feed.fallbackUpdated);
  for (const entry of feed.entries) if (atomDate(entry.updated) > newest) newest = atomDate(entry.updated);
  return newest;
}

const el = (name: string, text: string) => `<${name}>${xmlText(text)}</${name}>`;

function person({ name, uri }: AtomPerson): string {
  return `<author>${el('name', name)}${el('uri', uri)}</author>`;
}

function category({ term, scheme, label }: AtomCategory): string {
  return `<category term="${xmlText(term)}" scheme="${xmlText(scheme)}" label="${xmlText(label)}"/>`;
}

function entry(e: AtomEntry): string {
  return [
    '  <entry>',
    `    ${el('id', e.id)}`,
    `    <title type="text">${xmlText(e.title)}</title>`,
    `    ${el('updated', atomDate(e.updated))}`,
    `    ${el('published', atomDate(e.published))}`,
    ...e.authors.map((a) => `    ${person(a)}`),
    `    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>`,
    ...e.categories.map((c) => `    ${category(c)}`),
    `    <summary type="text">${xmlText(e.summary)}</summary>`,
    '  </entry>',
  ].join('\n');
}

/** The whole Atom document. */
export function renderAtomFeed(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${el('id', feed.id)}`,
    `  <title type="text">${xmlText(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle type="text">${xmlText(feed.subtitle)}</subtitle>`] : []),
    `  ${el('updated', feedUpdated(feed))}`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.alternateUrl)}"/>`,
    '  <generator>Chapterhouse</generator>',
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
