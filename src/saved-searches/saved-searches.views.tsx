import type { SavedSearch } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { FeedHeadLink } from '../feeds/feed-links.js';
import { SubscribeButton } from '../subscriptions/subscriptions.views.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { formatDate } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { SAVED_SEARCH_LIMIT, SAVED_SEARCH_NAME_MAX, savedSearchFeedPath, savedSearchListingPath } from './saved-searches.js';

export const SAVED_SEARCHES_PATH = '/saved-searches';

const PARAM_LABELS: Record<string, string> = {
  q: 'Search',
  tags: 'Tags',
  exclude_tags: 'Without tags',
  ratings: 'Ratings',
  warnings: 'Warnings',
  exclude_warnings: 'Without warnings',
  complete: 'Complete',
  single_chapter: 'Single chapter',
  crossover: 'Crossover',
  language: 'Language',
  words_from: 'Words from',
  words_to: 'Words to',
  date_from: 'Updated from',
  date_to: 'Updated to',
  sort: 'Sort',
  order: 'Order',
};

/** A saved query in words: "Tags: A, B · Ratings: Mature" (or "All works"). */
export function describeQuery(query: string): string {
  const params = new URLSearchParams(query);
  const parts: string[] = [];
  for (const name of new Set(params.keys())) parts.push(`${PARAM_LABELS[name] ?? name}: ${params.getAll(name).join(', ')}`);
  return parts.length === 0 ? 'All works' : parts.join(' · ');
}

/** The "Save this search" form beside a listing: a name, the listing's query, and where to come back to. */
export function SaveSearchForm({ ctx, query, form, heading = true }: { readonly ctx: PageContext; readonly query: string; readonly form?: FormState; readonly heading?: boolean }) {
  if (!ctx.user) {
    return (
      <p class="save-search-hint">
        <a href={`/login?return_to=${encodeURIComponent(ctx.path)}`}>Log in</a> to save this search and hear of new works that match it.
      </p>
    );
  }
  const state: FormState = form ?? { values: { name: '' }, errors: {} };
  return (
    <form method="post" action={SAVED_SEARCHES_PATH} class="save-search-form" aria-label="Save this search">
      {heading ? <h2>Save this search</h2> : null}
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="query" value={query} />
      <input type="hidden" name="return_to" value={ctx.path} />
      <TextField name="name" label="Name" state={state} maxlength={SAVED_SEARCH_NAME_MAX} required hint={describeQuery(query)} />
      <button type="submit" class="button">Save search</button>
    </form>
  );
}

/** Saving failed (a bad name, invalid filters, the limit): the form again, with the reader's text and the messages. */
export function SaveSearchPage({ ctx, query, form }: { readonly ctx: PageContext; readonly query: string; readonly form: FormState }) {
  const filterErrors = Object.entries(form.errors).filter(([name]) => name !== 'name');
  return (
    <Layout ctx={ctx} title="Save this search">
      <h1>Save this search</h1>
      <ErrorSummary errors={Object.fromEntries(Object.entries(form.errors).filter(([name]) => name === 'name'))} />
      {filterErrors.length > 0 ? (
        <div class="error-summary" role="alert">
          <h2>These filters cannot be saved</h2>
          <ul>
            {filterErrors.map(([name, message]) => (
              <li>{PARAM_LABELS[name] ?? name}: {message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <SaveSearchForm ctx={ctx} query={query} form={form} heading={false} />
      <p><a href={savedSearchListingPath({ query })}>Back to the listing</a></p>
    </Layout>
  );
}

export interface SavedSearchesPageProps {
  readonly ctx: PageContext;
  readonly searches: readonly SavedSearch[];
  readonly subscribed: ReadonlySet<number>;
  readonly timeZone: string;
}

/** The reader's saved searches: each opens its listing, has a private feed, and can be followed or deleted. */
export function SavedSearchesPage({ ctx, searches, subscribed, timeZone }: SavedSearchesPageProps) {
  return (
    <Layout ctx={ctx} title="Saved searches" head={searches.map((s) => <FeedHeadLink href={savedSearchFeedPath(s)} title={`Saved search: ${s.name}`} />)}>
      <section class="saved-searches">
        <h1>Saved searches</h1>
        <p>
          Save any listing or search from its page. Subscribe to hear of new works that match in your inbox (and by email, as your settings say); the private
          feed link works in a feed reader without signing in, so keep it to yourself. You can save up to {SAVED_SEARCH_LIMIT}.
        </p>
        {searches.length === 0 ? <p>You have no saved searches yet. Filter the <a href="/works">works listing</a> or <a href="/search">search</a>, then save it.</p> : null}
        <ul class="saved-search-list">
          {searches.map((s) => (
            <li class="saved-search">
              <h2><a href={savedSearchListingPath(s)}>{s.name}</a></h2>
              <p class="saved-search-query">{describeQuery(s.query)}</p>
              <p class="hint">Saved {formatDate(s.created_at, timeZone)}.</p>
              <div class="saved-search-actions">
                <SubscribeButton ctx={ctx} type="saved_search" value={String(s.id)} subscribed={subscribed.has(s.id)} label={`“${s.name}”`} />
                <a class="feed-link" href={savedSearchFeedPath(s)} type="application/atom+xml">
                  Private feed<span class="visually-hidden">: {s.name} (Atom)</span>
                </a>
                <form method="post" action={`${SAVED_SEARCHES_PATH}/${s.id}/feed-token`} class="inline-form">
                  <Csrf token={ctx.csrfToken} />
                  <button type="submit" class="link-button">Regenerate feed link<span class="visually-hidden"> of {s.name}</span></button>
                </form>
                <form method="post" action={`${SAVED_SEARCHES_PATH}/${s.id}/delete`} class="inline-form">
                  <Csrf token={ctx.csrfToken} />
                  <button type="submit" class="link-button">Delete<span class="visually-hidden"> {s.name}</span></button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
