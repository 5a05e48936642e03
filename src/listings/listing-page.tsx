import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../http/errors.js';
import type { PageContext } from '../http/page-context.js';
import { formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import type { WorkDetails } from '../works/work-details.js';
import type { ListingFilter, QueryReader } from './filters.js';
import type { ListingFacets } from './listings.js';
import { describeSort, FilterErrors, ListingFilterForm } from './listings.views.js';

export interface ListingPageProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly heading: Child;
  /** The listing's own path: the filter form's action and the base of pagination links. */
  readonly path: string;
  readonly details: readonly WorkDetails[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  /** The listing filters from the URL (src/listings): what was asked, the messages for invalid fields, the query to keep. */
  readonly filters: { readonly read: QueryReader; readonly errors: FieldErrors; readonly query: string; readonly filtered: boolean; readonly facets: ListingFacets | null; readonly sort?: Pick<ListingFilter, 'sort' | 'direction'> | undefined };
  /** Shown between the heading and the count (a search box, a feed link, a "save this search" form). */
  readonly intro?: Child;
  /** Shown under the filter form. */
  readonly sidebar?: Child;
  /** When nothing at all was asked yet (an empty search page), the listing part is left out. */
  readonly empty?: boolean;
}

/** A works listing with its filter sidebar: /works, a tag's works and search results share it. */
export function ListingPage(props: ListingPageProps) {
  const { ctx, details, page, perPage, total, filters, path } = props;
  const timeZone = ctx.user?.time_zone ?? 'UTC';
  const first = (page - 1) * perPage + 1;
  return (
    <Layout ctx={ctx} title={props.title}>
      <div class="listing-with-filters">
        <section class="listing">
          <h1>{props.heading}</h1>
          {props.intro}
          <FilterErrors errors={filters.errors} />
          {props.empty ? null : (
            <>
              <p class="listing-count" role="status">
                {total === 0
                  ? (filters.read('q').at(-1) ?? '').trim() !== '' ? 'No works match that search.' : filters.filtered ? 'No works match these filters.' : 'No works yet.'
                  : details.length === 0
                    ? `There are only ${formatNumber(total)} matching works.`
                    : `${formatNumber(first)}–${formatNumber(first + details.length - 1)} of ${formatNumber(total)} works, ${describeSort(filters.sort ?? { sort: 'updated', direction: 'desc' })}`}
              </p>
              <ol class="blurbs">
                {details.map((d) => (
                  <li><WorkBlurb details={d} timeZone={timeZone} /></li>
                ))}
              </ol>
              <Pagination page={page} total={total} perPage={perPage} basePath={filters.query ? `${path}?${filters.query}` : path} />
            </>
          )}
        </section>
        <ListingFilterForm action={path} read={filters.read} errors={filters.errors} facets={filters.facets} sort={filters.sort} extra={props.sidebar} />
      </div>
    </Layout>
  );
}
