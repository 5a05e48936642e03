import type { PageContext } from '../http/page-context.js';
import { ErrorSummary, SelectField, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import type { WorkDetails } from '../works/work-details.js';
import { MAX_QUERY_LENGTH } from './search-query.js';
import type { SearchSort } from './search.queries.js';

export interface SearchResults {
  readonly details: readonly WorkDetails[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
}

export interface SearchPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly sort: SearchSort;
  /** Absent before a search is made, or when the query could not be run. */
  readonly results?: SearchResults;
}

/** The search form and, after a search, one page of matching works as blurbs. */
export function SearchPage({ ctx, form, sort, results }: SearchPageProps) {
  const q = form.values['q'] ?? '';
  const timeZone = ctx.user?.time_zone ?? 'UTC';
  return (
    <Layout ctx={ctx} title={q && results ? `Search: ${q}` : 'Search'}>
      <section class="listing">
        <h1>Search works</h1>
        <ErrorSummary errors={form.errors} />
        <form method="get" action="/search" class="search-form" role="search">
          <TextField
            name="q"
            label="Search for"
            type="search"
            maxlength={MAX_QUERY_LENGTH}
            state={form}
            hint={<>All words must match. Use "quotes" for a phrase, -word to leave out, and title:, author:, tag: or series: to look in one field.</>}
          />
          <SelectField name="sort" label="Order" options={[['relevance', 'Best match'], ['updated', 'Newest update']]} state={{ values: { sort }, errors: {} }} />
          <button type="submit">Search</button>
        </form>
        {results ? <Results q={q} sort={sort} results={results} timeZone={timeZone} /> : null}
      </section>
    </Layout>
  );
}

function Results({ q, sort, results, timeZone }: { readonly q: string; readonly sort: SearchSort; readonly results: SearchResults; readonly timeZone: string }) {
  const { details, total, page, perPage } = results;
  const first = (page - 1) * perPage + 1;
  return (
    <>
      <p class="listing-count" role="status">
        {total === 0
          ? 'No works match that search.'
          : details.length === 0
            ? `There are only ${total.toLocaleString('en')} matching works.`
            : `${first.toLocaleString('en')}–${(first + details.length - 1).toLocaleString('en')} of ${total.toLocaleString('en')} works, ${sort === 'updated' ? 'newest update first' : 'best match first'}`}
      </p>
      <ol class="blurbs">
        {details.map((d) => (
          <li><WorkBlurb details={d} timeZone={timeZone} /></li>
        ))}
      </ol>
      <Pagination page={page} total={total} perPage={perPage} basePath={`/search?q=${encodeURIComponent(q)}&sort=${sort}`} />
    </>
  );
}
