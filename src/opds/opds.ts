import { viewerMutes } from '../blocks/muting.js';
import type { DbLike } from '../db/connection.js';
import type { Tag, User, Work } from '../db/schema.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { tagUri, type FeedSite } from '../feeds/feeds.js';
import { loadFilteredListing } from '../listings/listings.js';
import { requireTag } from '../tags/tags.js';
import { findTagById } from '../tags/tags.queries.js';
import { ADULT_RATINGS, RATINGS } from '../works/ratings.js';
import { loadWorkDetails } from '../works/work-details.js';
import { catalogLinks, catalogUrl, pageLinks, tagEntry, tagWorksPath, workEntry } from './opds-entries.js';
import { ACQUISITION_TYPE, NAVIGATION_TYPE, type NavigationEntry, type OpdsFeed, type OpdsLink } from './opds-xml.js';
import { listBookmarkedWorks, listSubscribedWorks, listTagsWithCounts, type ReaderScope } from './opds.queries.js';

// The OPDS catalog: which feeds there are and what each lists. It shows a reader exactly what the works listings
// show them (muted authors and excluded tags left out), with one rule of its own: e-reader apps have no adult-content
// gate to show, so adult works are listed only to readers who signed in with a token and turned the gate off.

/** Works per acquisition page. */
export const WORKS_PER_PAGE = 25;
/** Tags per navigation page. */
export const TAGS_PER_PAGE = 50;

const NON_ADULT_RATINGS: readonly string[] = RATINGS.filter((r) => !ADULT_RATINGS.has(r));

/** Who is browsing, and what they may see. */
export interface CatalogReader {
  readonly user: User | undefined;
  readonly scope: ReaderScope;
}

/** True when the catalog may list adult works to this reader: signed in, and the adult-content preference set. */
export function mayListAdultWorks(user: User | undefined): boolean {
  return user !== undefined && user.view_adult === 1;
}

/** The reader's catalog scope: their mutes and tag exclusions, and adult works only with the preference. */
export async function catalogReader(db: DbLike, user: User | undefined): Promise<CatalogReader> {
  const [excludeAuthorIds, excludeTagIds] = await Promise.all([viewerMutes(db, user), viewerExcludedTags(db, user)]);
  return { user, scope: { ratings: mayListAdultWorks(user) ? null : NON_ADULT_RATINGS, excludeAuthorIds, excludeTagIds } };
}

const nowIso = () => new Date().toISOString();

function navigationEntry(site: FeedSite, key: string, title: string, content: string, link: Omit<OpdsLink, 'title'>): NavigationEntry {
  return { id: tagUri(site, `opds/${key}`), title, updated: nowIso(), content, link: { ...link, title } };
}

/** The root: ways into the catalog, and the reader's own lists when they signed in. */
export function rootFeed(site: FeedSite, reader: CatalogReader): OpdsFeed {
  const entries: NavigationEntry[] = [
    navigationEntry(site, 'recent', 'Recent works', 'Works by their latest update, newest first.', {
      rel: 'http://opds-spec.org/sort/new',
      href: catalogUrl(site, '/recent'),
      type: ACQUISITION_TYPE,
    }),
    navigationEntry(site, 'fandoms', 'By fandom', 'Every fandom, with its number of works.', { rel: 'subsection', href: catalogUrl(site, '/fandoms'), type: NAVIGATION_TYPE }),
    navigationEntry(site, 'tags', 'By tag', 'The most used characters, relationships and other tags.', { rel: 'subsection', href: catalogUrl(site, '/tags'), type: NAVIGATION_TYPE }),
  ];
  if (reader.user) {
    entries.push(
      navigationEntry(site, 'subscriptions', 'My subscriptions', 'Works, series and authors you subscribed to, newest update first.', {
        rel: 'subsection',
        href: catalogUrl(site, '/subscriptions'),
        type: ACQUISITION_TYPE,
      }),
      navigationEntry(site, 'bookmarks', 'My bookmarks', 'Works you bookmarked, most recent first.', { rel: 'subsection', href: catalogUrl(site, '/bookmarks'), type: ACQUISITION_TYPE }),
    );
  } else {
    entries.push(
      navigationEntry(site, 'signin', 'Sign in', 'Your username, and a personal access token (Settings, Access tokens) as the password: for your subscriptions and bookmarks.', {
        rel: 'subsection',
        href: catalogUrl(site, '/signin'),
        type: NAVIGATION_TYPE,
      }),
    );
  }
  return {
    kind: 'navigation',
    id: tagUri(site, 'opds'),
    title: site.siteName ?? 'Chapterhouse',
    subtitle: reader.user ? `Signed in as ${reader.user.username}` : 'Works on this archive, for e-readers',
    updated: nowIso(),
    links: [{ rel: 'self', href: catalogUrl(site, ''), type: NAVIGATION_TYPE }, ...catalogLinks(site)],
    entries,
  };
}

interface AcquisitionPage {
  readonly key: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Catalog path and its query parameters other than `page`. */
  readonly path: string;
  readonly params?: Record<string, string>;
  readonly up: OpdsLink;
  readonly page: number;
  readonly works: readonly Work[];
  readonly total: number;
}

async function acquisitionFeed(db: DbLike, site: FeedSite, p: AcquisitionPage): Promise<OpdsFeed> {
  const url = (page: number) => catalogUrl(site, p.path, { ...p.params, page: page === 1 ? undefined : page });
  const entries = (await loadWorkDetails(db, p.works)).map((details) => workEntry(site, details));
  const newest = entries.map((e) => new Date(e.updated).toISOString()).sort().at(-1);
  return {
    kind: 'acquisition',
    id: tagUri(site, `opds/${p.key}`),
    title: p.title,
    ...(p.subtitle ? { subtitle: p.subtitle } : {}),
    updated: newest ?? nowIso(),
    links: [
      { rel: 'self', href: url(p.page), type: ACQUISITION_TYPE },
      p.up,
      ...catalogLinks(site),
      ...pageLinks(url, ACQUISITION_TYPE, p.page, WORKS_PER_PAGE, p.total),
    ],
    page: { total: p.total, perPage: WORKS_PER_PAGE, startIndex: (p.page - 1) * WORKS_PER_PAGE + 1 },
    entries,
  };
}

const rootLink = (site: FeedSite): OpdsLink => ({ rel: 'up', href: catalogUrl(site, ''), type: NAVIGATION_TYPE, title: site.siteName ?? 'Chapterhouse' });
const offset = (page: number) => (page - 1) * WORKS_PER_PAGE;

/** Loads a page of the works listing (src/listings) for the reader, with the given listing parameters. */
async function listing(db: DbLike, reader: CatalogReader, page: number, params: Record<string, string>, within?: Pick<Tag, 'id' | 'canonical'>) {
  const query: Record<string, string> = { ...params, ...(reader.scope.ratings !== null ? { ratings: reader.scope.ratings.join(',') } : {}) };
  return loadFilteredListing(db, (name) => (query[name] !== undefined ? [query[name]] : []), {
    limit: WORKS_PER_PAGE,
    offset: offset(page),
    excludeAuthorIds: reader.scope.excludeAuthorIds,
    excludeTagIds: reader.scope.excludeTagIds,
    ...(within ? { within } : {}),
  });
}

/** Every work the reader may see, newest update first. */
export async function recentFeed(db: DbLike, site: FeedSite, reader: CatalogReader, page: number): Promise<OpdsFeed> {
  const { works, total } = await listing(db, reader, page, { sort: 'updated' });
  return acquisitionFeed(db, site, { key: 'recent', title: 'Recent works', path: '/recent', up: rootLink(site), page, works, total });
}

async function tagNavigationFeed(db: DbLike, site: FeedSite, reader: CatalogReader, page: number, kind: 'fandoms' | 'tags'): Promise<OpdsFeed> {
  const fandoms = kind === 'fandoms';
  const { tags, total } = await listTagsWithCounts(db, {
    kinds: fandoms ? ['fandom'] : ['relationship', 'character', 'freeform'],
    order: fandoms ? 'name' : 'popular',
    scope: reader.scope,
    limit: TAGS_PER_PAGE,
    offset: (page - 1) * TAGS_PER_PAGE,
  });
  const url = (n: number) => catalogUrl(site, `/${kind}`, { page: n === 1 ? undefined : n });
  const updated = nowIso();
  return {
    kind: 'navigation',
    id: tagUri(site, `opds/${kind}`),
    title: fandoms ? 'Fandoms' : 'Popular tags',
    updated,
    links: [
      { rel: 'self', href: url(page), type: NAVIGATION_TYPE },
      rootLink(site),
      ...catalogLinks(site),
      ...pageLinks(url, NAVIGATION_TYPE, page, TAGS_PER_PAGE, total),
    ],
    entries: tags.map((tag) => tagEntry(site, tag, updated, !fandoms)),
  };
}

/** Fandoms with works the reader may see, by name, with how many. */
export function fandomsFeed(db: DbLike, site: FeedSite, reader: CatalogReader, page: number): Promise<OpdsFeed> {
  return tagNavigationFeed(db, site, reader, page, 'fandoms');
}

/** Relationship, character and freeform tags by how many works the reader may see under them, most first. */
export function popularTagsFeed(db: DbLike, site: FeedSite, reader: CatalogReader, page: number): Promise<OpdsFeed> {
  return tagNavigationFeed(db, site, reader, page, 'tags');
}

/** The works under a tag (a synonym lists its canonical tag's works), through synonyms and sub tags, newest update first. */
export async function tagWorksFeed(db: DbLike, site: FeedSite, reader: CatalogReader, name: string, page: number): Promise<OpdsFeed> {
  const tag = await requireTag(db, name);
  const filter = (tag.synonym_of_id !== null ? await findTagById(db, tag.synonym_of_id) : undefined) ?? tag;
  const { works, total } = await listing(db, reader, page, { sort: 'updated' }, filter);
  const up = filter.kind === 'fandom' ? { href: catalogUrl(site, '/fandoms'), title: 'Fandoms' } : { href: catalogUrl(site, '/tags'), title: 'Popular tags' };
  return acquisitionFeed(db, site, {
    key: `tags/${filter.id}`,
    title: `Works tagged ${filter.name}`,
    path: tagWorksPath(filter.name),
    up: { rel: 'up', type: NAVIGATION_TYPE, ...up },
    page,
    works,
    total,
  });
}

/** Search results for `q` (the archive's search syntax), best match first; an empty or unusable query lists nothing and says why. */
export async function searchFeed(db: DbLike, site: FeedSite, reader: CatalogReader, q: string, page: number): Promise<OpdsFeed> {
  const base = { key: 'search', title: q.trim() ? `Search: ${q.trim()}` : 'Search', path: '/search', params: { q }, up: rootLink(site), page };
  if (q.trim() === '') return acquisitionFeed(db, site, { ...base, subtitle: 'Type some words to search for.', works: [], total: 0 });
  const { works, total, errors } = await listing(db, reader, page, { q });
  if (errors.q) return acquisitionFeed(db, site, { ...base, subtitle: errors.q, works: [], total: 0 });
  return acquisitionFeed(db, site, { ...base, subtitle: `${total} ${total === 1 ? 'work' : 'works'} found.`, works, total });
}

/** The works, series parts and authors' works the signed-in reader subscribed to, newest update first. */
export async function subscriptionsFeed(db: DbLike, site: FeedSite, reader: CatalogReader & { user: User }, page: number): Promise<OpdsFeed> {
  const { works, total } = await listSubscribedWorks(db, reader.user.id, reader.scope, { limit: WORKS_PER_PAGE, offset: offset(page) });
  return acquisitionFeed(db, site, { key: `subscriptions/${reader.user.id}`, title: 'My subscriptions', path: '/subscriptions', up: rootLink(site), page, works, total });
}

/** The works the signed-in reader bookmarked (with the parts of bookmarked series), most recent first. */
export async function bookmarksFeed(db: DbLike, site: FeedSite, reader: CatalogReader & { user: User }, page: number): Promise<OpdsFeed> {
  const { works, total } = await listBookmarkedWorks(db, reader.user.id, reader.scope, { limit: WORKS_PER_PAGE, offset: offset(page) });
  return acquisitionFeed(db, site, { key: `bookmarks/${reader.user.id}`, title: 'My bookmarks', path: '/bookmarks', up: rootLink(site), page, works, total });
}
