import type { DbLike } from '../db/connection.js';
import type { FieldErrors } from '../http/errors.js';
import type { Tag, Work } from '../db/schema.js';
import { FILTER_PARAMS, narrowsBeyondTags, parseListingFilter, resolveFilterTags, type ListingFilter, type QueryReader, type ResolvedFilter, type TagMatch } from './filters.js';
import { countMatchingWorks, facetCounts, listedWorksByIds, listFilteredWorks, rankedMatchIds, workMatchesFilter, type FacetCount, type ListingDriver, type ListingViewer, type TagFacetCount } from './listings.queries.js';
import { filterStore, type FilterStore } from './listing-summaries.js';
import { pageDriver, summaryDriver } from './listing-plan.js';
import { readCounter } from '../db/counters.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';

/** Counts for the filter sidebar, exact for the filtered set the reader sees. */
export interface ListingFacets {
  readonly ratings: FacetCount[];
  readonly warnings: FacetCount[];
  readonly fandoms: TagFacetCount[];
  readonly relationships: TagFacetCount[];
  readonly characters: TagFacetCount[];
  readonly freeforms: TagFacetCount[];
  /** Null when the counts cover every matching work; else how many of the newest matches they were counted among. */
  readonly sampled: number | null;
}

/** A filtered listing: the page of works, the total matching, the filter applied and the messages for invalid fields. */
export interface FilteredListing {
  readonly works: Work[];
  readonly total: number;
  readonly facets: ListingFacets | null;
  readonly filter: ListingFilter;
  readonly errors: FieldErrors;
}

/** Tags of each kind shown in the sidebar. */
export const FACET_TAGS_PER_KIND = 10;

/** A tag as a filter that matches it, its synonyms and (when canonical) its sub tags. */
export function tagMatch(tag: Pick<Tag, 'id' | 'canonical'>): TagMatch {
  return { tagId: tag.id, filterId: tag.canonical === 1 ? tag.id : null };
}

/** Sidebar counts for a resolved filter. */
export async function loadFacets(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, driver?: ListingDriver, sample?: number): Promise<ListingFacets> {
  const { ratings, warnings, tags } = await facetCounts(db, filter, viewer, FACET_TAGS_PER_KIND, { driver, sample });
  const ofKind = (kind: string) => tags.filter((t) => t.kind === kind);
  return {
    ratings,
    warnings,
    fandoms: ofKind('fandom'),
    relationships: ofKind('relationship'),
    characters: ofKind('character'),
    freeforms: ofKind('freeform'),
    sampled: sample ?? null,
  };
}

/**
 * Loads one page of a filtered listing (with search words when the query has `q`), shared by pages and the API.
 * Invalid fields are reported and left out of the filter (pages show the message beside the listing; the API answers
 * 422). `within` limits it to one tag's works; `facets` adds the sidebar counts.
 */
export async function loadFilteredListing(
  db: DbLike,
  read: QueryReader,
  options: ListingViewer & { limit: number; offset: number; within?: Pick<Tag, 'id' | 'canonical'>; facets?: boolean; warnings?: readonly string[]; facetSample?: number },
): Promise<FilteredListing> {
  const { filter, errors } = parseListingFilter(read, options.warnings);
  const resolved = await resolveFilterTags(db, filter, errors);
  const scoped: ResolvedFilter = { ...resolved, includeTags: [...(options.within ? [tagMatch(options.within)] : []), ...resolved.includeTags] };
  const withFacets = options.facets === true;
  // The summary first (kept per filter: listing-summaries.ts): its total steers how the page is read (listing-plan.ts).
  const kept = await filterStore(db, scoped, options);
  const sample = options.facetSample ?? FACET_SAMPLE;
  const summary = withFacets
    ? await kept.getOrCompute(`facets:${sample}`, () => summarize(db, scoped, options, kept, sample))
    : (kept.get<ListingSummary>(`facets:${sample}`) ?? (await summarize(db, scoped, options, kept, null)));
  const works = summary.total === 0 ? [] : await loadPage(db, scoped, options, summary.total, kept);
  return { works, total: summary.total, facets: withFacets ? summary.facets : null, filter, errors };
}

/** Pages of a search by relevance within this many matches come from one kept ranking. */
const RANKED_KEPT = 1000;

async function loadPage(db: DbLike, filter: ResolvedFilter, page: ListingViewer & { limit: number; offset: number }, total: number, kept: FilterStore): Promise<Work[]> {
  const query = filter.query;
  if (filter.sort === 'relevance' && query && page.offset + page.limit <= RANKED_KEPT) {
    // Ranking scores every match: done once per filter, and each page is a slice of it.
    const ids = await kept.getOrCompute(`ranked:${filter.direction}`, () => rankedMatchIds(db, { ...filter, query }, page, RANKED_KEPT));
    return listedWorksByIds(db, ids.slice(page.offset, page.offset + page.limit));
  }
  // The ids a page shows are kept like the summary (sort and page are in the part's name); the works themselves are
  // read fresh, so their counts are current. Sorting by author has no version to follow (a pseud can be renamed).
  if (filter.sort === 'author') return listFilteredWorks(db, filter, page, await pageDriver(db, filter, total, page));
  const ids = await kept.getOrComputeOrdered(`page:${filter.sort}:${filter.direction}:${page.offset}:${page.limit}`, async () =>
    (await listFilteredWorks(db, filter, page, await pageDriver(db, filter, total, page))).map((w) => w.id),
  );
  return listedWorksByIds(db, ids);
}

/** A filter's count of matches, and its facets when they were asked for. */
interface ListingSummary {
  readonly total: number;
  readonly facets: ListingFacets | null;
}

/** Counts a filter's matches, with the facets when asked (their rating counts add up to the total: one rating each). */
async function summarize(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer, kept: FilterStore, facetSample: number | null): Promise<ListingSummary> {
  const driver = await summaryDriver(db, filter);
  const total = await kept.getOrCompute('total', async () =>
    isEverything(filter, viewer) ? readCounter(db, POSTED_WORKS_COUNTER) : countMatchingWorks(db, filter, viewer, driver),
  );
  if (facetSample === null) return { total, facets: null };
  // Counting facets costs every work counted: beyond the sample size they are counted among the newest matches.
  return { total, facets: await loadFacets(db, filter, viewer, driver, total > facetSample ? facetSample : undefined) };
}

/** The most matching works facets are counted over; past it the sidebar says they are a sample. */
export const FACET_SAMPLE = 5_000;

/** True when a filter narrows nothing: every listed work matches, and the stored counter is the total. */
function isEverything(filter: ResolvedFilter, viewer: ListingViewer): boolean {
  return filter.includeTags.length + filter.excludeTags.length === 0 && !narrowsBeyondTags(filter) && viewer.excludeAuthorIds.length + viewer.excludeTagIds.length === 0;
}

/** How many listed works a tag's listing holds for a viewer (the tag page's count), kept with its listing's summary. */
export async function countTagListing(db: DbLike, tag: Pick<Tag, 'id' | 'canonical'>, viewer: ListingViewer): Promise<number> {
  const { filter } = parseListingFilter(() => []);
  const scoped: ResolvedFilter = { ...filter, includeTags: [tagMatch(tag)], excludeTags: [] };
  const kept = await filterStore(db, scoped, viewer);
  return (await summarize(db, scoped, viewer, kept, null)).total;
}

/**
 * Whether a posted work matches a saved query string for a viewer (a saved search or a tag subscription deciding
 * whether to deliver a new work). An invalid or unresolvable query matches nothing.
 */
export async function workMatchesQuery(db: DbLike, queryString: string, viewer: ListingViewer, workId: number): Promise<boolean> {
  const params = new URLSearchParams(queryString);
  const { filter, errors } = parseListingFilter((name) => params.getAll(name));
  const resolved = await resolveFilterTags(db, filter, errors);
  if (Object.keys(errors).length > 0) return false;
  return workMatchesFilter(db, resolved, viewer, workId);
}

/** The filter parameters of a query string as given (for keeping them in pagination links, the form and saved searches). */
export function filterQueryString(read: QueryReader): string {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) for (const value of read(name)) if (value.trim() !== '') params.append(name, value);
  return params.toString();
}
