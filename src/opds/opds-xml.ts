import { atomDate, xmlText, type AtomCategory, type AtomPerson } from '../feeds/atom.js';

// OPDS 1.2 catalog documents (Atom feeds with a profile), written by hand like the Atom feeds in src/feeds and with
// the same escaping, which also drops the characters XML 1.0 forbids.

export const NAVIGATION_TYPE = 'application/atom+xml;profile=opds-catalog;kind=navigation';
export const ACQUISITION_TYPE = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
export const OPENSEARCH_TYPE = 'application/opensearchdescription+xml';
export const ACQUISITION_REL = 'http://opds-spec.org/acquisition';

export interface OpdsLink {
  readonly rel: string;
  readonly href: string;
  readonly type: string;
  readonly title?: string;
}

/** An entry of a navigation feed: a way into another feed. */
export interface NavigationEntry {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  /** Plain text shown under the title (a description, or a count of works). */
  readonly content: string;
  readonly link: OpdsLink;
}

/** An entry of an acquisition feed: one work, with where to download it. */
export interface PublicationEntry {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly published: string;
  readonly authors: readonly AtomPerson[];
  readonly language: string;
  readonly categories: readonly AtomCategory[];
  /** Plain text. */
  readonly summary: string;
  readonly links: readonly OpdsLink[];
}

/** OpenSearch response elements: how many results there are and which of them this page holds. */
export interface PageCounts {
  readonly total: number;
  readonly perPage: number;
  /** 1-based index of the page's first result. */
  readonly startIndex: number;
}

interface FeedBase {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly updated: string;
  readonly links: readonly OpdsLink[];
}

export type OpdsFeed =
  | (FeedBase & { readonly kind: 'navigation'; readonly entries: readonly NavigationEntry[] })
  | (FeedBase & { readonly kind: 'acquisition'; readonly entries: readonly PublicationEntry[]; readonly page: PageCounts });

const el = (name: string, text: string) => `<${name}>${xmlText(text)}</${name}>`;

function link({ rel, href, type, title }: OpdsLink): string {
  const titled = title === undefined ? '' : ` title="${xmlText(title)}"`;
  return `<link rel="${xmlText(rel)}" href="${xmlText(href)}" type="${xmlText(type)}"${titled}/>`;
}

function navigationEntry(e: NavigationEntry): string {
  return [
    '  <entry>',
    `    <title type="text">${xmlText(e.title)}</title>`,
    `    ${el('id', e.id)}`,
    `    ${el('updated', atomDate(e.updated))}`,
    `    <content type="text">${xmlText(e.content)}</content>`,
    `    ${link(e.link)}`,
    '  </entry>',
  ].join('\n');
}

function publicationEntry(e: PublicationEntry): string {
  return [
    '  <entry>',
    `    <title type="text">${xmlText(e.title)}</title>`,
    `    ${el('id', e.id)}`,
    `    ${el('updated', atomDate(e.updated))}`,
    `    ${el('published', atomDate(e.published))}`,
    ...e.authors.map((a) => `    <author>${el('name', a.name)}${el('uri', a.uri)}</author>`),
    `    ${el('dc:language', e.language)}`,
    ...e.categories.map((c) => `    <category term="${xmlText(c.term)}" scheme="${xmlText(c.scheme)}" label="${xmlText(c.label)}"/>`),
    `    <summary type="text">${xmlText(e.summary)}</summary>`,
    ...e.links.map((l) => `    ${link(l)}`),
    '  </entry>',
  ].join('\n');
}

/** The whole catalog document. */
export function renderOpdsFeed(feed: OpdsFeed): string {
  const page =
    feed.kind === 'acquisition'
      ? [
          `  ${el('opensearch:totalResults', String(feed.page.total))}`,
          `  ${el('opensearch:itemsPerPage', String(feed.page.perPage))}`,
          `  ${el('opensearch:startIndex', String(feed.page.startIndex))}`,
        ]
      : [];
  const entries = feed.kind === 'acquisition' ? feed.entries.map(publicationEntry) : feed.entries.map(navigationEntry);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">',
    `  ${el('id', feed.id)}`,
    `  <title type="text">${xmlText(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle type="text">${xmlText(feed.subtitle)}</subtitle>`] : []),
    `  ${el('updated', atomDate(feed.updated))}`,
    '  <author><name>Chapterhouse</name></author>',
    ...feed.links.map((l) => `  ${link(l)}`),
    ...page,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** The OpenSearch 1.1 description an e-reader reads to learn how to search the catalog. */
export function renderOpenSearchDescription(options: { shortName: string; description: string; template: string; selfUrl: string }): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `  ${el('ShortName', options.shortName)}`,
    `  ${el('Description', options.description)}`,
    '  <InputEncoding>UTF-8</InputEncoding>',
    '  <OutputEncoding>UTF-8</OutputEncoding>',
    `  <Url type="${ACQUISITION_TYPE}" template="${xmlText(options.template)}"/>`,
    `  <Url type="${OPENSEARCH_TYPE}" rel="self" template="${xmlText(options.selfUrl)}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n');
}
