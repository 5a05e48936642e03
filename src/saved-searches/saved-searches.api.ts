import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { idParam } from '../http/params.js';
import { presentSavedSearch } from './saved-searches.presenters.js';
import { listSavedSearches, subscribedSavedSearchIds } from './saved-searches.queries.js';
import { createSavedSearch, deleteSavedSearch } from './saved-searches.js';

/** /api/v1/me/saved-searches: the JSON twin of /saved-searches. */
export const savedSearchesApi = new Hono<AppEnv>();

savedSearchesApi.get('/me/saved-searches', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  // At most SAVED_SEARCH_LIMIT, so one response holds them all.
  const [searches, subscribed] = await Promise.all([listSavedSearches(db, user.id), subscribedSavedSearchIds(db, user.id)]);
  return c.json({ items: searches.map((s) => presentSavedSearch(s, config.baseUrl, subscribed.has(s.id))), total: searches.length, next: null });
});

savedSearchesApi.post('/me/saved-searches', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const saved = await createSavedSearch(db, user, await readJson(c));
  return c.json(presentSavedSearch(saved, config.baseUrl, false), 201);
});

savedSearchesApi.delete('/me/saved-searches/:id{[0-9]+}', async (c) => {
  const user = requireUser(c);
  await deleteSavedSearch(c.get('services').db, user, idParam(c.req.param('id'), 'saved search'));
  return c.body(null, 204);
});
