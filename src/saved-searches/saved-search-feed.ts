import { mutedUserIds } from '../blocks/blocks.queries.js';
import type { DbLike } from '../db/connection.js';
import { excludedFilterIds } from '../exclusions/exclusions.queries.js';
import { NotFound } from '../http/errors.js';
import { safeEqual } from '../http/crypto.js';
import { loadFilteredListing } from '../listings/listings.js';
import type { AtomFeed } from '../feeds/atom.js';
import { FEED_ENTRIES, tagUri, workEntries, type FeedSite } from '../feeds/feeds.js';
import { findSavedSearch } from './saved-searches.queries.js';
import { savedSearchFeedPath, savedSearchListingPath } from './saved-searches.js';

/**
 * A saved search's private feed: its current results as its OWNER sees them (their mutes and exclusions), reachable
 * only with the saved search's feed token. A wrong or missing token is a 404, the same as an unknown id, so the
 * feed's existence is not given away.
 */
export async function savedSearchFeed(db: DbLike, site: FeedSite, id: number, token: string | undefined): Promise<AtomFeed> {
  const saved = await findSavedSearch(db, id);
  if (!saved || !token || !safeEqual(token, saved.feed_token)) throw NotFound('feed');
  const params = new URLSearchParams(saved.query);
  const listing = await loadFilteredListing(db, (name) => params.getAll(name), {
    limit: FEED_ENTRIES,
    offset: 0,
    excludeAuthorIds: await mutedUserIds(db, saved.user_id),
    excludeTagIds: await excludedFilterIds(db, saved.user_id),
  });
  return {
    id: tagUri(site, `feeds/saved-searches/${saved.id}`),
    title: `Saved search: ${saved.name}`,
    fallbackUpdated: saved.created_at,
    selfUrl: `${site.baseUrl}${savedSearchFeedPath(saved)}`,
    alternateUrl: `${site.baseUrl}${savedSearchListingPath(saved)}`,
    entries: await workEntries(db, site, listing.works),
  };
}
