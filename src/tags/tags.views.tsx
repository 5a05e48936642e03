import type { Child } from 'hono/jsx';
import type { Tag } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { formatNumber } from '../ui/format.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { ExcludeTagButton } from '../exclusions/exclusions.views.js';
import { tagPath } from './tags.presenters.js';
import type { TagView } from './tags.js';

function TagLinks({ tags, label }: { readonly tags: readonly Tag[]; readonly label: string }) {
  if (tags.length === 0) return <p class="hint">None.</p>;
  return (
    <ul class="tag-list" aria-label={label}>
      {tags.map((t) => (
        <li>
          <a class={`tag tag-${t.kind}`} href={tagPath(t.name)}>{t.name}</a>
        </li>
      ))}
    </ul>
  );
}

/** The wrangling forms: plain POST forms, one per action, all to /tags/:name/wrangle. */
function WranglingForms({ ctx, view, form }: { readonly ctx: PageContext; readonly view: TagView; readonly form: FormState }) {
  const action = `${tagPath(view.tag.name)}/wrangle`;
  const { tag } = view;
  return (
    <section class="tag-wrangling" aria-labelledby="wrangling-heading">
      <h2 id="wrangling-heading">Wrangle this tag</h2>
      <p><a href={`/wrangling/log?tag=${encodeURIComponent(tag.name)}`}>This tag’s wrangling log</a> · <a href="/wrangling">Wrangling queue</a></p>
      <ErrorSummary errors={form.errors} />
      {/* A synonym cannot be canonical: its form is the synonym field below. */}
      {tag.synonym_of_id === null ? (
        <form method="post" action={action}>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="action" value="canonical" />
          <input type="hidden" name="canonical" value={tag.canonical === 1 ? 'false' : 'true'} />
          {form.errors.canonical ? <p class="error" id="error-canonical">{form.errors.canonical}</p> : null}
          <button id="field-canonical" type="submit" class="button">{tag.canonical === 1 ? 'Make not canonical' : 'Make canonical'}</button>
        </form>
      ) : null}
      {tag.canonical === 1 ? (
        <form method="post" action={action}>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="action" value="rename" />
          <TextField name="name" label="Name" state={{ values: { name: form.values.name ?? tag.name }, errors: form.errors }} hint="Only case and accents can change." maxlength={150} />
          <button type="submit" class="button">Rename</button>
        </form>
      ) : (
        <form method="post" action={action}>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="action" value="synonym" />
          <TextField
            name="synonym_of"
            label="Synonym of"
            state={{ values: { synonym_of: form.values.synonym_of ?? view.synonymOf?.name ?? '' }, errors: form.errors }}
            hint="The canonical tag this one means. Leave empty to stop it being a synonym."
            maxlength={150}
          />
          <button type="submit" class="button">Save synonym</button>
        </form>
      )}
      {tag.canonical === 1 ? (
        <form method="post" action={action}>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="action" value="add_parents" />
          <TextField
            name="add_parents"
            label="Add parent tags"
            state={{ values: { add_parents: form.values.add_parents ?? '' }, errors: form.errors }}
            hint="Separate tags with commas. A tag that does not exist yet is created as a canonical fandom (a canonical freeform over a freeform)."
          />
          <button type="submit" class="button">Add parents</button>
        </form>
      ) : null}
      {view.parents.length > 0 ? (
        <div id="field-remove_parents">
          {form.errors.remove_parents ? <p class="error">{form.errors.remove_parents}</p> : null}
          <ul class="tag-parent-removals">
            {view.parents.map((p) => (
              <li>
                <form method="post" action={action}>
                  <Csrf token={ctx.csrfToken} />
                  <input type="hidden" name="action" value="remove_parent" />
                  <input type="hidden" name="parent" value={p.name} />
                  <button type="submit" class="button">Remove parent {p.name}</button>
                </form>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export interface TagPageProps {
  readonly ctx: PageContext;
  readonly view: TagView;
  readonly canWrangle: boolean;
  readonly form?: FormState;
  /** The "Subscribe to this tag" button (src/subscriptions), for signed-in readers. */
  readonly subscribe?: Child | undefined;
}

/** A tag: its kind, canonical status, synonyms, parents, sub tags, how many works, and (for wranglers) the forms. */
export function TagPage({ ctx, view, canWrangle, form = { values: {}, errors: {} }, subscribe }: TagPageProps) {
  const { tag } = view;
  return (
    <Layout ctx={ctx} title={`${tag.name} (tag)`}>
      <section class="tag-page">
        <h1>{tag.name}</h1>
        <p>
          A {tag.kind} tag. {tag.canonical === 1 ? 'It is canonical: works are filtered under it.' : view.synonymOf ? null : 'It is not canonical yet.'}
        </p>
        {view.synonymOf ? (
          <p class="tag-synonym-of">
            A synonym of <a class={`tag tag-${view.synonymOf.kind}`} href={tagPath(view.synonymOf.name)}>{view.synonymOf.name}</a>: its works are listed under{' '}
            <a href={`${tagPath(view.synonymOf.name)}/works`}>{view.synonymOf.name}</a>.
          </p>
        ) : null}
        <p>
          <a href={`${tagPath(tag.name)}/works`}>{view.workCount === 1 ? '1 work' : `${formatNumber(view.workCount)} works`}</a>
          {tag.canonical === 1 ? ' under this tag, counting its synonyms and sub tags.' : ' tagged with it.'}
        </p>
        {subscribe}
        {ctx.user ? <ExcludeTagButton ctx={ctx} name={tag.name} /> : null}
        <h2>Synonyms</h2>
        <TagLinks tags={view.synonyms} label="Synonyms" />
        <h2>Parent tags</h2>
        <TagLinks tags={view.parents} label="Parent tags" />
        <h2>Sub tags</h2>
        <TagLinks tags={view.children} label="Sub tags" />
        {canWrangle ? <WranglingForms ctx={ctx} view={view} form={form} /> : null}
      </section>
    </Layout>
  );
}
