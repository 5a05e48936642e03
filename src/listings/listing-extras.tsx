import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/env.js';

/**
 * What other domains add around a works listing (saved searches: "save this search"), gathered in one place so the
 * listing routes stay short. `query` is the listing's filter query string (src/listings/listings.ts filterQueryString).
 */
export function listingExtras(c: Context<AppEnv>, query: string): { intro?: Child; sidebar?: Child } {
  void c;
  void query;
  return {};
}
