import type { PageContext } from '../http/page-context.js';
import { tagPath } from '../tags/tags.presenters.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { formatDate, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { TAG_EXCLUSION_LIMIT } from './exclusions.js';
import type { TagExclusionEntry } from './exclusions.queries.js';

export const EXCLUSIONS_PATH = '/settings/exclusions';

/** What excluding a tag does, in the words the settings page and the tag page use. */
export const EXCLUDE_EXPLAIN = 'Works with this tag, its synonyms or its sub tags are left out of listings, search, author pages, bookmarks and feeds you read while signed in, until you remove it.';

/** The "Never show me this" button on a tag page. */
export function ExcludeTagButton({ ctx, name }: { readonly ctx: PageContext; readonly name: string }) {
  return (
    <form method="post" action={`${tagPath(name)}/exclude`} class="inline-form exclude-tag">
      <Csrf token={ctx.csrfToken} />
      <button type="submit" class="button">Never show me this</button>
      <p class="hint">{EXCLUDE_EXPLAIN} Manage your exclusions in <a href={EXCLUSIONS_PATH}>settings</a>.</p>
    </form>
  );
}

export interface ExclusionsPageProps {
  readonly ctx: PageContext;
  readonly entries: readonly TagExclusionEntry[];
  readonly form: FormState;
  readonly timeZone: string;
}

/** /settings/exclusions: the excluded tags with a remove button each, and a form to exclude a tag by name. */
export function ExclusionsPage({ ctx, entries, form, timeZone }: ExclusionsPageProps) {
  return (
    <Layout ctx={ctx} title="Excluded tags">
      <section class="narrow">
        <h1>Excluded tags</h1>
        <p>
          {EXCLUDE_EXPLAIN} You can exclude up to {TAG_EXCLUSION_LIMIT} tags. To exclude an author, <a href="/settings/muted">mute them</a>.
        </p>
        <section aria-labelledby="exclusion-add">
          <h2 id="exclusion-add">Exclude a tag</h2>
          <ErrorSummary errors={form.errors} />
          <form method="post" action={EXCLUSIONS_PATH} novalidate>
            <Csrf token={ctx.csrfToken} />
            <TextField name="tag" label="Tag name" state={form} required maxlength={200} autocomplete="off" />
            <button type="submit" class="button primary">Exclude this tag</button>
          </form>
        </section>
        <section aria-labelledby="exclusion-list">
          <h2 id="exclusion-list">Excluded tags ({formatNumber(entries.length)})</h2>
          {entries.length === 0 ? (
            <p class="muted">You have not excluded any tags.</p>
          ) : (
            <ul class="relation-list">
              {entries.map((e) => (
                <li>
                  <a class={`tag tag-${e.kind}`} href={tagPath(e.name)}>{e.name}</a>
                  <span class="muted"> since {formatDate(e.created_at, timeZone)}</span>{' '}
                  <form method="post" action={`${EXCLUSIONS_PATH}/remove`} class="inline-form">
                    <Csrf token={ctx.csrfToken} />
                    <input type="hidden" name="tag" value={e.name} />
                    <button type="submit" class="button">Show {e.name} again</button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href="/settings">Back to settings</a>
        </p>
      </section>
    </Layout>
  );
}
