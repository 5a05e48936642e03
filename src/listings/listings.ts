import type { DbLike } from '../db/connection.js';
import type { FieldErrors } from '../http/errors.js';
import type { Tag, Work } from '../db/schema.js';
import { FILTER_PARAMS, parseListingFilter, resolveFilterTags, type ListingFilter, type QueryReader, type ResolvedFilter, type TagMatch } from './filters.js';
import { facetCounts, listFilteredWorks, workMatchesFilter, type FacetCount, type ListingViewer, type TagFacetCount } from './listings.queries.js';

/** Counts for the filter sidebar, exact for the filtered set the reader sees. */
export interface ListingFacets {
  readonly ratings: FacetCount[];
  readonly warnings: FacetCount[];
  readonly fandoms: TagFacetCount[];
  readonly relationships: TagFacetCount[];
  readonly characters: TagFacetCount[];
  readonly freeforms: TagFacetCount[];
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
export async function loadFacets(db: DbLike, filter: ResolvedFilter, viewer: ListingViewer): Promise<ListingFacets> {
  const { ratings, warnings, tags } = await facetCounts(db, filter, viewer, FACET_TAGS_PER_KIND);
  const ofKind = (kind: string) => tags.filter((t) => t.kind === kind);
  return { ratings, warnings, fandoms: ofKind('fandom'), relationships: ofKind('relationship'), characters: ofKind('character'), freeforms: ofKind('freeform') };
}

/**
 * Loads one page of a filtered listing (with search words when the query has `q`), shared by pages and the API.
 * Invalid fields are reported and left out of the filter (pages show the message beside the listing; the API answers
 * 422). `within` limits it to one tag's works; `facets` adds the sidebar counts.
 */
export async function loadFilteredListing(
  db: DbLike,
  read: QueryReader,
  options: ListingViewer & { limit: number; offset: number; within?: Pick<Tag, 'id' | 'canonical'>; facets?: boolean; warnings?: readonly string[] },
): Promise<FilteredListing> {
  const { filter, errors } = parseListingFilter(read, options.warnings);
  const resolved = await resolveFilterTags(db, filter, errors);
  const scoped: ResolvedFilter = { ...resolved, includeTags: [...(options.within ? [tagMatch(options.within)] : []), ...resolved.includeTags] };
  const [{ works, total }, facets] = await Promise.all([listFilteredWorks(db, scoped, options), options.facets ? loadFacets(db, scoped, options) : Promise.resolve(null)]);
  return { works, total, facets, filter, errors };
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
