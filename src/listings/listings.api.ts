import type { Context } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import type { AppEnv } from '../http/env.js';
import { BadRequest, ValidationFailed } from '../http/errors.js';
import { decodeCursor, encodeCursor } from '../http/params.js';
import { loadWorkDetails } from '../works/work-details.js';
import { presentWork } from '../works/works.presenters.js';
import { loadFilteredListing } from './listings.js';

/** Deepest offset a filtered listing pages to (the pages cap at the same depth). */
export const MAX_LISTING_OFFSET = 100_000;

/** The `limit` query parameter: 1 to 100, 20 when absent. */
export function listingLimit(c: Context<AppEnv>): number {
  const limit = Number(c.req.query('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw BadRequest('limit is a whole number from 1 to 100.');
  return limit;
}

/** Where a filtered listing starts: `cursor` (from a previous answer's `next`) or `page` (1-based, `limit` a page). */
function listingOffset(c: Context<AppEnv>, limit: number): number {
  const rawCursor = c.req.query('cursor');
  if (rawCursor) {
    const cursor = decodeCursor(rawCursor);
    const offset = cursor?.[1];
    if (cursor?.[0] !== 'offset' || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_LISTING_OFFSET) throw BadRequest('That cursor is not valid.');
    return offset;
  }
  const rawPage = c.req.query('page');
  if (rawPage === undefined) return 0;
  const page = Number(rawPage);
  if (!Number.isInteger(page) || page < 1 || (page - 1) * limit > MAX_LISTING_OFFSET) throw BadRequest(`page is a whole number from 1 to ${Math.floor(MAX_LISTING_OFFSET / limit) + 1}.`);
  return (page - 1) * limit;
}

/**
 * Answers a filtered listing for the API: `{items, total, facets, next}` with the same works in the same order as the
 * page with the same query string. Invalid filters answer 422 with one message per field.
 */
export async function filteredListingJson(c: Context<AppEnv>, options: { requireQuery?: boolean } = {}) {
  const { db, config } = c.get('services');
  const read = (name: string) => c.req.queries(name) ?? [];
  if (options.requireQuery && (read('q').at(-1) ?? '').trim() === '') throw ValidationFailed({ q: 'Type a word to search for.' }, 'Type a word to search for.');
  const limit = listingLimit(c);
  const offset = listingOffset(c, limit);
  const user = c.get('user');
  const listing = await loadFilteredListing(db, read, {
    limit,
    offset,
    excludeAuthorIds: await viewerMutes(db, user),
    excludeTagIds: await viewerExcludedTags(db, user),
    facets: true,
    warnings: c.get('settings').archive_warnings,
  });
  if (Object.keys(listing.errors).length > 0) throw ValidationFailed(listing.errors, 'Some filters are not valid.');
  const items = (await loadWorkDetails(db, listing.works)).map((d) => presentWork(d, config.baseUrl));
  const nextOffset = offset + listing.works.length;
  return c.json({
    items,
    total: listing.total,
    facets: listing.facets,
    next: listing.works.length > 0 && nextOffset < listing.total && nextOffset <= MAX_LISTING_OFFSET ? encodeCursor(['offset', nextOffset]) : null,
  });
}
