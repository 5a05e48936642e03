import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { filteredListingJson } from '../listings/listings.api.js';

/** GET /api/v1/search: the search page's results; the same parameters and answer as GET /api/v1/works, with `q` required. */
export const searchApi = new Hono<AppEnv>();

searchApi.get('/search', (c) => filteredListingJson(c, { requireQuery: true }));
