import type { DbLike } from '../db/connection.js';
import type { FieldErrors } from '../http/errors.js';
import type { Tag, Work } from '../db/schema.js';
import { FILTER_PARAMS, parseListingFilter, resolveFilterTags, type ListingFilter, type QueryReader, type TagMatch } from './filters.js';
import { listFilteredWorks } from './listings.queries.js';

/** A filtered listing: the page of works, the total matching, the filter applied and the messages for invalid fields. */
export interface FilteredListing {
  readonly works: Work[];
  readonly total: number;
  readonly filter: ListingFilter;
  readonly errors: FieldErrors;
}

/**
 * Loads one page of a filtered listing, shared by pages and the API. Invalid fields are reported and left out of
 * the filter (pages show the message beside the listing; the API answers 422). `within` limits it to one tag's works.
 */
export async function loadFilteredListing(
  db: DbLike,
  read: QueryReader,
  options: { limit: number; offset: number; excludeAuthorIds: readonly number[]; excludeTagIds?: readonly number[]; within?: Pick<Tag, 'id' | 'canonical'> },
): Promise<FilteredListing> {
  const { filter, errors } = parseListingFilter(read);
  const resolved = await resolveFilterTags(db, filter, errors);
  const within: TagMatch[] = options.within ? [{ tagId: options.within.id, filterId: options.within.canonical === 1 ? options.within.id : null }] : [];
  const { works, total } = await listFilteredWorks(db, { ...resolved, includeTags: [...within, ...resolved.includeTags] }, options);
  return { works, total, filter, errors };
}

/** The filter parameters of a query string as given (for keeping them in pagination links and the form). */
export function filterQueryString(read: QueryReader): string {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) for (const value of read(name)) if (value.trim() !== '') params.append(name, value);
  return params.toString();
}
