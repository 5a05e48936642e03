import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { filterQueryString } from './listings.js';
import { SaveSearchForm } from '../saved-searches/saved-searches.views.js';

/**
 * What other domains add around a works listing (saved searches: "save this search"), gathered in one place so the
 * listing routes stay short. `query` is the listing's filter query string (src/listings/listings.ts filterQueryString).
 */
export function listingExtras(c: Context<AppEnv>, query: string): { intro?: Child; sidebar?: Child } {
  return { intro: <SaveSearchForm ctx={pageContext(c)} query={savedQuery(c, query)} /> };
}

/** A tag's works page lists works under the tag without naming it in the query: a saved search names it. */
function savedQuery(c: Context<AppEnv>, query: string): string {
  if (c.req.routePath !== '/tags/:name/works') return query;
  const params = new URLSearchParams(query);
  const tags = [c.req.param('name') ?? '', ...params.getAll('tags')].filter((t) => t.trim() !== '');
  params.delete('tags');
  params.set('tags', tags.join(','));
  return filterQueryString((name) => params.getAll(name));
}
