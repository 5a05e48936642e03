import { z } from 'zod';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { SavedSearch, User } from '../db/schema.js';
import { randomToken } from '../http/crypto.js';
import { NotFound, ValidationFailed, type FieldErrors } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { parseListingFilter, resolveFilterTags } from '../listings/filters.js';
import { filterQueryString } from '../listings/listings.js';
import {
  countSavedSearches,
  deleteSavedSearchRow,
  deleteSavedSearchSubscriptions,
  findSavedSearch,
  insertSavedSearch,
  updateFeedToken,
} from './saved-searches.queries.js';

// Saved searches, shared by the pages and the API: a reader names a listing query (any filters, search words
// included) to come back to, follow through the inbox, or read as a private Atom feed.

/** How many searches one reader may save (each subscribed one is checked against every new work). */
export const SAVED_SEARCH_LIMIT = 100;
export const SAVED_SEARCH_NAME_MAX = 100;
/** Longer than any valid filter query; a bound so a hostile client cannot store megabytes. */
const QUERY_MAX = 6000;

const inputSchema = z.object({
  name: z
    .string({ error: 'Give the search a name.' })
    .trim()
    .min(1, { error: 'Give the search a name.' })
    .max(SAVED_SEARCH_NAME_MAX, { error: `A name is at most ${SAVED_SEARCH_NAME_MAX} characters.` }),
  query: z
    .union([z.string().max(QUERY_MAX, { error: 'That query is too long.' }), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]))], {
      error: 'query is a query string such as tags=A,B&ratings=Mature, or an object of parameters.',
    })
    .optional(),
});

export type SavedSearchInput = z.infer<typeof inputSchema>;

/** The query as URL parameters, from a query string (a leading `?` allowed) or an object of parameters. */
function queryParams(query: SavedSearchInput['query']): URLSearchParams {
  if (query === undefined) return new URLSearchParams();
  if (typeof query === 'string') return new URLSearchParams(query.trim().replace(/^\?/, ''));
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  return params;
}

/**
 * The canonical query string of a listing query (only the filter parameters, in one order), or the messages for its
 * invalid filters (unknown tags included, since an unknown tag to include would match nothing).
 */
export async function canonicalQuery(db: DbLike, query: SavedSearchInput['query']): Promise<{ query: string; errors: FieldErrors }> {
  const params = queryParams(query);
  const read = (name: string) => params.getAll(name);
  const { filter, errors } = parseListingFilter(read);
  await resolveFilterTags(db, filter, errors);
  return { query: filterQueryString(read), errors };
}

/** Saves a listing query under a name for `user`; 422 for a bad name, invalid filters, or past the limit. */
export async function createSavedSearch(db: Db, user: User, input: unknown): Promise<SavedSearch> {
  const data = validate(inputSchema, input);
  const { query, errors } = await canonicalQuery(db, data.query);
  if (Object.keys(errors).length > 0) throw ValidationFailed(errors, 'Some filters are not valid, so this search cannot be saved.');
  return db.transaction().execute(async (trx) => {
    if ((await countSavedSearches(trx, user.id)) >= SAVED_SEARCH_LIMIT) {
      const message = `You can save up to ${SAVED_SEARCH_LIMIT} searches. Delete one first.`;
      throw ValidationFailed({ name: message }, message);
    }
    return insertSavedSearch(trx, { userId: user.id, name: data.name, query, feedToken: randomToken(24), at: now() });
  });
}

/** The reader's own saved search; 404 for anyone else's, as if it did not exist. */
export async function requireOwnSavedSearch(db: DbLike, user: User, id: number): Promise<SavedSearch> {
  const saved = await findSavedSearch(db, id);
  if (!saved || saved.user_id !== user.id) throw NotFound('saved search');
  return saved;
}

/** Deletes the reader's saved search and the subscription to it, together. */
export async function deleteSavedSearch(db: Db, user: User, id: number): Promise<void> {
  await requireOwnSavedSearch(db, user, id);
  await db.transaction().execute(async (trx) => {
    await deleteSavedSearchSubscriptions(trx, id);
    await deleteSavedSearchRow(trx, id, user.id);
  });
}

/** Gives the saved search a new feed token: the old private feed link stops working. */
export async function regenerateFeedToken(db: DbLike, user: User, id: number): Promise<void> {
  await requireOwnSavedSearch(db, user, id);
  await updateFeedToken(db, id, user.id, randomToken(24));
}

/** Where a saved search's listing is: search words go to the search page, filters alone to /works. */
export function savedSearchListingPath(saved: Pick<SavedSearch, 'query'>): string {
  if (saved.query === '') return '/works';
  return new URLSearchParams(saved.query).has('q') ? `/search?${saved.query}` : `/works?${saved.query}`;
}

/** The private feed's path, token included. */
export function savedSearchFeedPath(saved: Pick<SavedSearch, 'id' | 'feed_token'>): string {
  return `/saved-searches/${saved.id}/feed.atom?token=${encodeURIComponent(saved.feed_token)}`;
}
