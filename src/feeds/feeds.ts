import { findUserByUsername } from '../accounts/users.queries.js';
import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';
import { Gone, NotFound } from '../http/errors.js';
import { findSeries } from '../series/series.queries.js';
import { TAG_FIELDS, TAG_KINDS } from '../works/ratings.js';
import { loadWorkDetails, type WorkDetails } from '../works/work-details.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork } from '../works/works.queries.js';
import { listAuthorWorksForReader, type ReaderExclusions } from '../exclusions/exclusions.queries.js';
import type { AtomCategory, AtomEntry, AtomFeed, AtomPerson } from './atom.js';
import { requireTag } from '../tags/tags.js';
import { tagPath } from '../tags/tags.presenters.js';
import { findTagById } from '../tags/tags.queries.js';
import { loadFilteredListing } from '../listings/listings.js';
import { listPostedChaptersNewestFirst, listPostedSeriesWorks } from './feeds.queries.js';

// Feed domain functions: which works and chapters each Atom feed lists, and how they become entries. Feed readers
// fetch without a session and see what any visitor sees; a feed fetched in a signed-in browser leaves out what that
// reader excludes (muted authors, excluded tags), like every listing, and is then cached privately (feeds.routes.ts).

/** No exclusions: what a visitor without a session sees. */
const EVERYONE: ReaderExclusions = { excludeAuthorIds: [], excludeTagIds: [] };

export const FEED_ENTRIES = 25;

/** Where the archive lives, for absolute links and for `tag:` URIs (RFC 4151), which must never change. */
export interface FeedSite {
  readonly baseUrl: string;
  /** The archive's name from the site settings (catalog titles); 'Chapterhouse' when not given. */
  readonly siteName?: string;
  /** False when downloads are turned off site-wide: OPDS entries then carry no acquisition links. */
  readonly downloads?: boolean;
}

const TAG_URI_DATE = '2026';

export function tagUri(site: FeedSite, specific: string): string {
  return `tag:${new URL(site.baseUrl).hostname},${TAG_URI_DATE}:${specific}`;
}

function userUrl(site: FeedSite, username: string): string {
  return `${site.baseUrl}/users/${encodeURIComponent(username)}`;
}

/** The path of a tag's feed (tag names may contain `/`, `&`, `?`: all percent-encoded). */
export function tagFeedPath(name: string): string {
  return `${tagPath(name)}/feed.atom`;
}

const KIND_LABELS: Record<string, string> = { fandom: 'Fandom', relationship: 'Relationship', character: 'Character', freeform: 'Additional Tag' };

export function categories(site: FeedSite, details: WorkDetails): AtomCategory[] {
  const out: AtomCategory[] = [{ term: details.work.rating, scheme: `${site.baseUrl}/ratings`, label: `Rating: ${details.work.rating}` }];
  for (const warning of details.warnings) out.push({ term: warning, scheme: `${site.baseUrl}/warnings`, label: `Warning: ${warning}` });
  for (const kind of TAG_KINDS) {
    for (const name of details.tags[TAG_FIELDS[kind]]) out.push({ term: name, scheme: `${site.baseUrl}/tags?kind=${kind}`, label: `${KIND_LABELS[kind]}: ${name}` });
  }
  return out;
}

export function people(site: FeedSite, details: WorkDetails): AtomPerson[] {
  return details.authors.map((name) => ({ name, uri: userUrl(site, name) }));
}

/** A work entry changes with a new chapter (revised_at) and with an edit to its title, summary or tags (updated_at). */
export function workUpdated(work: Work): string {
  return work.revised_at !== null && Date.parse(work.revised_at) > Date.parse(work.updated_at) ? work.revised_at : work.updated_at;
}

function workEntry(site: FeedSite, details: WorkDetails): AtomEntry {
  const { work } = details;
  const stats = `${work.word_count} words, ${work.chapter_count}/${work.expected_chapters ?? '?'} chapters.`;
  return {
    id: tagUri(site, `works/${work.id}`),
    title: work.title,
    updated: workUpdated(work),
    published: work.published_at ?? work.created_at,
    authors: people(site, details),
    categories: categories(site, details),
    summary: work.summary ? `${work.summary}\n\n${stats}` : stats,
    link: `${site.baseUrl}/works/${work.id}`,
  };
}

export async function workEntries(db: DbLike, site: FeedSite, works: readonly Work[]): Promise<AtomEntry[]> {
  return (await loadWorkDetails(db, works)).map((details) => workEntry(site, details));
}

/** An author's posted works, newest update first. */
export async function userFeed(db: DbLike, site: FeedSite, username: string, reader: ReaderExclusions = EVERYONE): Promise<AtomFeed> {
  const user = await findUserByUsername(db, username);
  if (!user) throw NotFound('user');
  const works = await listAuthorWorksForReader(db, user.id, reader, { limit: FEED_ENTRIES, offset: 0 });
  return {
    id: tagUri(site, `feeds/users/${user.id}`),
    title: `Works by ${user.username}`,
    fallbackUpdated: user.created_at,
    selfUrl: `${userUrl(site, user.username)}/feed.atom`,
    alternateUrl: userUrl(site, user.username),
    entries: await workEntries(db, site, works),
  };
}

/** A series' posted parts, newest update first; 410 once the series is deleted. */
export async function seriesFeed(db: DbLike, site: FeedSite, seriesId: number, reader: ReaderExclusions = EVERYONE): Promise<AtomFeed> {
  const series = await findSeries(db, seriesId);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  if (series.hidden_at) throw NotFound('series');
  const works = await listPostedSeriesWorks(db, series.id, FEED_ENTRIES, reader);
  return {
    id: tagUri(site, `feeds/series/${series.id}`),
    title: `Series: ${series.title}`,
    ...(series.summary ? { subtitle: series.summary } : {}),
    fallbackUpdated: series.updated_at,
    selfUrl: `${site.baseUrl}/series/${series.id}/feed.atom`,
    alternateUrl: `${site.baseUrl}/series/${series.id}`,
    entries: await workEntries(db, site, works),
  };
}

/** A posted work's posted chapters, newest first; 404 for a draft, 410 once deleted. */
export async function workFeed(db: DbLike, site: FeedSite, workId: number): Promise<AtomFeed> {
  const work = await findWork(db, workId);
  // As an anonymous reader: a draft is not found even for its author, since feeds are fetched without a session.
  authorizeWorkRead(undefined, work, []);
  const [details] = await loadWorkDetails(db, [work]);
  const chapters = await listPostedChaptersNewestFirst(db, work.id, FEED_ENTRIES);
  const workUrl = `${site.baseUrl}/works/${work.id}`;
  const entries = chapters.map((chapter): AtomEntry => {
    const heading = chapter.title ? `Chapter ${chapter.position}: ${chapter.title}` : `Chapter ${chapter.position}`;
    const published = chapter.published_at ?? work.published_at ?? chapter.created_at;
    return {
      id: tagUri(site, `chapters/${chapter.id}`),
      title: `${work.title}, ${heading}`,
      updated: Date.parse(chapter.updated_at) > Date.parse(published) ? chapter.updated_at : published,
      published,
      authors: people(site, details!),
      categories: categories(site, details!),
      summary: chapter.summary || `${heading} of ${work.title}, ${chapter.word_count} words.`,
      link: `${workUrl}/chapters/${chapter.position}`,
    };
  });
  return {
    id: tagUri(site, `feeds/works/${work.id}`),
    title: work.title,
    ...(work.summary ? { subtitle: work.summary } : {}),
    fallbackUpdated: workUpdated(work),
    selfUrl: `${workUrl}/feed.atom`,
    alternateUrl: workUrl,
    entries,
  };
}

/**
 * Posted works under a tag (by case-insensitive name) through its synonyms and sub tags, newest update first; a
 * synonym lists its canonical tag's works, as the tag's works page does.
 */
export async function tagFeed(db: DbLike, site: FeedSite, name: string, reader: ReaderExclusions = EVERYONE): Promise<AtomFeed> {
  const tag = await requireTag(db, name);
  const filter = (tag.synonym_of_id !== null ? await findTagById(db, tag.synonym_of_id) : undefined) ?? tag;
  // The tag's listing, newest update first, read the way its page is (src/listings).
  const { works } = await loadFilteredListing(db, () => [], { within: filter, limit: FEED_ENTRIES, offset: 0, excludeAuthorIds: reader.excludeAuthorIds, excludeTagIds: reader.excludeTagIds });
  return {
    id: tagUri(site, `feeds/tags/${tag.id}`),
    title: `Works tagged ${filter.name}`,
    fallbackUpdated: tag.created_at,
    selfUrl: `${site.baseUrl}${tagFeedPath(tag.name)}`,
    alternateUrl: `${site.baseUrl}${tagPath(filter.name)}/works`,
    entries: await workEntries(db, site, works),
  };
}
