import { Hono } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import type { AppEnv } from '../http/env.js';
import type { FieldErrors } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { hasFilterParams } from '../listings/filters.js';
import { listingExtras } from '../listings/listing-extras.js';
import { ListingPage } from '../listings/listing-page.js';
import { filterQueryString, loadFilteredListing } from '../listings/listings.js';
import { loadWorkDetails } from '../works/work-details.js';
import { SEARCH_RESULTS_PER_PAGE } from './search.js';
import { SearchBox } from './search.views.js';

/** The search page: /search?q=... with every listing filter and sort beside it (src/listings). */
export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get('/search', async (c) => {
  const { db } = c.get('services');
  const read = (name: string) => c.req.queries(name) ?? [];
  const asked = hasFilterParams(read);
  const page = pageParam(c.req.query('page'), 500);
  const user = c.get('user');
  const listing = asked
    ? await loadFilteredListing(db, read, {
        limit: SEARCH_RESULTS_PER_PAGE,
        offset: (page - 1) * SEARCH_RESULTS_PER_PAGE,
        excludeAuthorIds: await viewerMutes(db, user),
        excludeTagIds: await viewerExcludedTags(db, user),
        facets: true,
        warnings: c.get('settings').archive_warnings,
      })
    : { works: [], total: 0, errors: {} as FieldErrors, facets: null, filter: undefined };
  const invalid = Object.keys(listing.errors).length > 0;
  const query = filterQueryString(read);
  const q = read('q').at(-1) ?? '';
  const extras = asked ? listingExtras(c, query) : {};
  return c.html(
    <ListingPage
      ctx={pageContext(c)}
      title={q ? `Search: ${q}` : 'Search'}
      heading="Search works"
      path="/search"
      details={await loadWorkDetails(db, listing.works)}
      page={page}
      perPage={SEARCH_RESULTS_PER_PAGE}
      total={listing.total}
      filters={{ read, errors: listing.errors, query, filtered: true, facets: listing.facets, sort: listing.filter }}
      intro={<><SearchBox read={read} error={listing.errors.q} />{extras.intro}</>}
      {...(extras.sidebar ? { sidebar: extras.sidebar } : {})}
      empty={!asked}
    />,
    invalid ? 422 : 200,
  );
});
