import { categories, people, tagUri, workUpdated, type FeedSite } from '../feeds/feeds.js';
import { tagPath } from '../tags/tags.presenters.js';
import type { WorkDetails } from '../works/work-details.js';
import type { TagWithCount } from './opds.queries.js';
import {
  ACQUISITION_REL,
  ACQUISITION_TYPE,
  NAVIGATION_TYPE,
  OPENSEARCH_TYPE,
  type NavigationEntry,
  type OpdsLink,
  type PublicationEntry,
} from './opds-xml.js';

// How works, tags and pages become catalog entries and links. Every href is absolute (BASE_URL), as in the Atom feeds.

export const EPUB_TYPE = 'application/epub+zip';

/** An absolute catalog URL: `path` under /opds, with query parameters (empty values left out). */
export function catalogUrl(site: FeedSite, path: string, params: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
  const search = query.toString();
  return `${site.baseUrl}/opds${path}${search ? `?${search}` : ''}`;
}

/** The catalog path of a tag's works (names may hold `/`, `&`, `?`: all percent-encoded). */
export function tagWorksPath(name: string): string {
  return tagPath(name);
}

/** The links every catalog document carries: where the catalog starts and how to search it. */
export function catalogLinks(site: FeedSite): OpdsLink[] {
  return [
    { rel: 'start', href: catalogUrl(site, ''), type: NAVIGATION_TYPE, title: site.siteName ?? 'Chapterhouse' },
    { rel: 'search', href: catalogUrl(site, '/opensearch.xml'), type: OPENSEARCH_TYPE, title: 'Search works' },
    // Some apps (KOReader among them) also take a search template directly.
    { rel: 'search', href: `${catalogUrl(site, '/search')}?q={searchTerms}`, type: ACQUISITION_TYPE, title: 'Search works' },
  ];
}

/** first / previous / next / last links for page `page` of `total` items, `perPage` a page. */
export function pageLinks(url: (page: number) => string, type: string, page: number, perPage: number, total: number): OpdsLink[] {
  const last = Math.max(1, Math.ceil(total / perPage));
  const links: OpdsLink[] = [{ rel: 'first', href: url(1), type }];
  if (page > 1) links.push({ rel: 'previous', href: url(Math.min(page - 1, last)), type });
  if (page < last) links.push({ rel: 'next', href: url(page + 1), type });
  links.push({ rel: 'last', href: url(last), type });
  return links;
}

/** A work as a publication: EPUB and HTML downloads, the page to read it online, its series. */
export function workEntry(site: FeedSite, details: WorkDetails): PublicationEntry {
  const { work } = details;
  const workUrl = `${site.baseUrl}/works/${work.id}`;
  const parts = details.series.map((s) => `Part ${s.position} of ${s.title}.`);
  const stats = `${work.word_count} words, ${work.chapter_count}/${work.expected_chapters ?? '?'} chapters.`;
  return {
    id: tagUri(site, `works/${work.id}`),
    title: work.title,
    updated: workUpdated(work),
    published: work.published_at ?? work.created_at,
    authors: people(site, details),
    language: work.language,
    categories: categories(site, details),
    summary: [work.summary, [...parts, stats].join(' ')].filter((s) => s !== '').join('\n\n'),
    links: [
      ...(site.downloads === false
        ? []
        : [
            { rel: ACQUISITION_REL, href: `${workUrl}/download.epub`, type: EPUB_TYPE, title: 'EPUB' },
            { rel: ACQUISITION_REL, href: `${workUrl}/download.html`, type: 'text/html', title: 'HTML' },
          ]),
      { rel: 'alternate', href: workUrl, type: 'text/html', title: 'Read online' },
      ...details.series.map((s) => ({ rel: 'related', href: `${site.baseUrl}/series/${s.id}`, type: 'text/html', title: `Part ${s.position} of ${s.title}` })),
    ],
  };
}

const KIND_LABELS: Record<string, string> = { fandom: 'Fandom', relationship: 'Relationship', character: 'Character', freeform: 'Additional tag' };

const works = (n: number) => (n === 1 ? '1 work' : `${n} works`);

/** A tag as a way into the acquisition feed of its works. */
export function tagEntry(site: FeedSite, tag: TagWithCount, fallbackUpdated: string, withKind: boolean): NavigationEntry {
  return {
    id: tagUri(site, `opds/tags/${tag.id}`),
    title: tag.name,
    updated: tag.updated ?? fallbackUpdated,
    content: withKind ? `${KIND_LABELS[tag.kind] ?? tag.kind} · ${works(tag.work_count)}` : works(tag.work_count),
    link: { rel: 'subsection', href: catalogUrl(site, tagWorksPath(tag.name)), type: ACQUISITION_TYPE, title: tag.name },
  };
}
