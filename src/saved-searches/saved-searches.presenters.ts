import type { SavedSearch } from '../db/schema.js';
import { savedSearchFeedPath, savedSearchListingPath } from './saved-searches.js';

/** A saved search as the API shows it to its owner (the feed URL carries the private token). */
export function presentSavedSearch(saved: SavedSearch, baseUrl: string, subscribed: boolean) {
  return {
    id: saved.id,
    name: saved.name,
    query: saved.query,
    subscribed,
    url: `${baseUrl}${savedSearchListingPath(saved)}`,
    feed_url: `${baseUrl}${savedSearchFeedPath(saved)}`,
    created_at: saved.created_at,
  };
}
