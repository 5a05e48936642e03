import { Hono } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { loadWorkDetails } from '../works/work-details.js';
import { SEARCH_RESULTS_PER_PAGE, searchSort, searchWorks } from './search.js';
import { SearchPage } from './search.views.js';

/** The search page: /search?q=...&sort=updated&page=2. */
export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get('/search', async (c) => {
  const { db } = c.get('services');
  const q = c.req.query('q');
  const sort = searchSort(c.req.query('sort'));
  const ctx = pageContext(c);
  if (q === undefined) return c.html(<SearchPage ctx={ctx} form={{ values: {}, errors: {} }} sort={sort} />);
  const page = pageParam(c.req.query('page'), 500);
  const outcome = await searchWorks(db, {
    q,
    sort,
    limit: SEARCH_RESULTS_PER_PAGE,
    offset: (page - 1) * SEARCH_RESULTS_PER_PAGE,
    excludeAuthorIds: await viewerMutes(db, c.get('user')),
    excludeTagIds: await viewerExcludedTags(db, c.get('user')),
  });
  if (!outcome.ok) return c.html(<SearchPage ctx={ctx} form={{ values: { q }, errors: { q: outcome.message } }} sort={sort} />, 422);
  const details = await loadWorkDetails(db, outcome.works);
  return c.html(<SearchPage ctx={ctx} form={{ values: { q }, errors: {} }} sort={sort} results={{ details, total: outcome.total, page, perPage: SEARCH_RESULTS_PER_PAGE }} />);
});
