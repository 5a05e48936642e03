import { Hono } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import type { AppEnv } from '../http/env.js';
import { BadRequest, ValidationFailed } from '../http/errors.js';
import { decodeCursor, encodeCursor } from '../http/params.js';
import { loadWorkDetails } from '../works/work-details.js';
import { presentWork } from '../works/works.presenters.js';
import { searchSort, searchWorks } from './search.js';

/** GET /api/v1/search: the search page's results as a work list. */
export const searchApi = new Hono<AppEnv>();

// Relevance order has no stable key to resume after, so the cursor carries an offset, capped like the page's depth.
const MAX_OFFSET = 10_000;

searchApi.get('/search', async (c) => {
  const { db, config } = c.get('services');
  const limit = Number(c.req.query('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw BadRequest('limit is a whole number from 1 to 100.');
  const cursor = decodeCursor(c.req.query('cursor'));
  const offset = cursor ? cursor[0] : 0;
  if (c.req.query('cursor') && (!cursor || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)) throw BadRequest('That cursor is not valid.');
  const outcome = await searchWorks(db, {
    q: c.req.query('q') ?? '',
    sort: searchSort(c.req.query('sort')),
    limit,
    offset: offset as number,
    excludeAuthorIds: await viewerMutes(db, c.get('user')),
    excludeTagIds: await viewerExcludedTags(db, c.get('user')),
  });
  if (!outcome.ok) throw ValidationFailed({ q: outcome.message }, outcome.message);
  const items = (await loadWorkDetails(db, outcome.works)).map((d) => presentWork(d, config.baseUrl));
  const nextOffset = (offset as number) + limit;
  return c.json({ items, total: outcome.total, next: nextOffset < outcome.total && nextOffset <= MAX_OFFSET ? encodeCursor([nextOffset]) : null });
});
