import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../http/errors.js';
import { ErrorSummary, SelectField, TextField, type FormState } from '../ui/forms.js';
import { RATINGS, WARNINGS } from '../works/ratings.js';
import { tagKey } from '../works/tag-names.js';
import { MAX_QUERY_LENGTH } from '../search/search-query.js';
import { SORTS, type ListingFilter, type QueryReader } from './filters.js';
import type { ListingFacets } from './listings.js';
import type { FacetCount, TagFacetCount } from './listings.queries.js';

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  updated: 'Date updated',
  posted: 'Date posted',
  kudos: 'Kudos',
  hits: 'Hits',
  comments: 'Comments',
  bookmarks: 'Bookmarks',
  words: 'Word count',
  title: 'Title',
  author: 'Author',
  relevance: 'Best match (with search words)',
};

const TAG_FACETS = [
  ['fandoms', 'Fandoms'],
  ['relationships', 'Relationships'],
  ['characters', 'Characters'],
  ['freeforms', 'Additional tags'],
] as const satisfies readonly (readonly [keyof ListingFacets, string])[];

/** How a listing is ordered, in words: "best match first", "kudos, most first", "title, A–Z". */
export function describeSort(filter: Pick<ListingFilter, 'sort' | 'direction'>): string {
  if (filter.sort === 'relevance') return 'best match first';
  if (filter.sort === 'updated') return filter.direction === 'desc' ? 'newest update first' : 'oldest update first';
  if (filter.sort === 'posted') return filter.direction === 'desc' ? 'newest first' : 'oldest first';
  if (filter.sort === 'title' || filter.sort === 'author') return `${filter.sort}, ${filter.direction === 'asc' ? 'A–Z' : 'Z–A'}`;
  return `${SORT_LABELS[filter.sort].toLowerCase()}, ${filter.direction === 'desc' ? 'most' : 'fewest'} first`;
}

/** The messages about invalid filters, shown above a listing that still renders with the valid ones. */
export function FilterErrors({ errors }: { readonly errors: FieldErrors }) {
  return <ErrorSummary errors={errors} />;
}

function values(read: QueryReader, name: string): string[] {
  return read(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function countOf(counts: readonly FacetCount[] | undefined, value: string): number | undefined {
  if (!counts) return undefined;
  return counts.find((c) => c.value === value)?.count ?? 0;
}

/** The warnings to offer: the built-in list, then any other warning the results carry (an archive's own warnings). */
function warningOptions(counts: readonly { value: string }[] | undefined): readonly string[] {
  return [...new Set<string>([...WARNINGS, ...(counts ?? []).map((c) => c.value)])];
}

/** Checkboxes for a fixed list (ratings, warnings), each with the number of works in the results that have it. */
function FixedFacet(props: { name: string; legend: string; options: readonly string[]; checked: readonly string[]; counts?: readonly FacetCount[] | undefined; error?: string | undefined }) {
  const { name, legend, options, checked, counts, error } = props;
  return (
    <fieldset class={error ? 'field field-error facet' : 'field facet'} id={`field-${name}`}>
      <legend>{legend}</legend>
      {error ? <p class="error">{error}</p> : null}
      {options.map((option, i) => {
        const count = countOf(counts, option);
        return (
          <div class="checkbox">
            <input type="checkbox" id={`field-${name}-${i}`} name={name} value={option} checked={checked.includes(option)} />
            <label for={`field-${name}-${i}`}>
              {option}
              {count !== undefined ? <span class="facet-count"> ({count.toLocaleString('en')})</span> : null}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The most common tags of one kind among the results, each a checkbox that adds it to the included tags. */
function TagFacet({ kind, legend, tags, checked }: { kind: string; legend: string; tags: readonly TagFacetCount[]; checked: ReadonlySet<string> }) {
  if (tags.length === 0) return null;
  return (
    <fieldset class="field facet">
      <legend>{legend}</legend>
      {tags.map((t, i) => (
        <div class="checkbox">
          <input type="checkbox" id={`facet-${kind}-${i}`} name="tags" value={t.name} checked={checked.has(tagKey(t.name))} />
          <label for={`facet-${kind}-${i}`}>
            {t.name}
            <span class="facet-count"> ({t.count.toLocaleString('en')})</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * The sidebar filter form of a works listing: a plain GET form, so it works without JavaScript. With `facets`, each
 * rating, warning and common tag shows how many of the results have it.
 */
export function ListingFilterForm(props: { readonly action: string; readonly read: QueryReader; readonly errors: FieldErrors; readonly facets?: ListingFacets | null; readonly sort?: Pick<ListingFilter, 'sort' | 'direction'> | undefined; readonly extra?: Child }) {
  const { action, read, errors, facets } = props;
  const last = (name: string) => read(name).at(-1);
  const included = values(read, 'tags');
  const facetTagKeys = new Set(facets ? TAG_FACETS.flatMap(([key]) => facets[key].map((t) => tagKey(t.name))) : []);
  const checkedTags = new Set(included.map(tagKey).filter((k) => facetTagKeys.has(k)));
  const state: FormState = {
    values: {
      // Tags shown as checked facets are not repeated in the text field.
      tags: included.filter((t) => !facetTagKeys.has(tagKey(t))).join(', '),
      exclude_tags: values(read, 'exclude_tags').join(', '),
      complete: last('complete'),
      crossover: last('crossover'),
      language: last('language'),
      words_from: last('words_from'),
      words_to: last('words_to'),
      date_from: last('date_from'),
      date_to: last('date_to'),
      sort: props.sort?.sort ?? last('sort'),
      order: last('order'),
      q: last('q'),
    },
    errors,
  };
  const singleChapter = last('single_chapter');
  return (
    <aside class="listing-filters">
      <form method="get" action={action} aria-labelledby="filters-heading" data-tag-autocomplete>
        <h2 id="filters-heading">Sort and filter</h2>
        <button type="submit">Sort and filter</button>
        <SelectField name="sort" label="Sort by" state={state} options={SORTS.map((s) => [s, SORT_LABELS[s]] as const)} />
        <SelectField name="order" label="Order" state={state} options={[['', 'Default'], ['desc', 'Descending'], ['asc', 'Ascending']]} />
        <TextField name="q" label="Search within results" type="search" maxlength={MAX_QUERY_LENGTH} state={state} />
        {facets?.sampled ? <p class="hint facet-sample">Counts among the newest {facets.sampled.toLocaleString('en')} matching works.</p> : null}
        <FixedFacet name="ratings" legend="Ratings" options={RATINGS} checked={values(read, 'ratings')} counts={facets?.ratings} error={errors.ratings} />
        <FixedFacet name="warnings" legend="Include warnings" options={warningOptions(facets?.warnings)} checked={values(read, 'warnings')} counts={facets?.warnings} error={errors.warnings} />
        <FixedFacet name="exclude_warnings" legend="Exclude warnings" options={warningOptions(facets?.warnings)} checked={values(read, 'exclude_warnings')} error={errors.exclude_warnings} />
        {facets ? TAG_FACETS.map(([key, legend]) => <TagFacet kind={key} legend={legend} tags={facets[key]} checked={checkedTags} />) : null}
        <TextField name="tags" label="Other tags to include" state={state} hint="Comma-separated; works must have all of them." />
        <TextField name="exclude_tags" label="Other tags to exclude" state={state} hint="Comma-separated." />
        <SelectField name="complete" label="Completion" state={state} options={[['', 'All works'], ['true', 'Complete works only'], ['false', 'Works in progress only']]} />
        <SelectField name="crossover" label="Crossovers" state={state} options={[['', 'Include crossovers'], ['false', 'Exclude crossovers'], ['true', 'Only crossovers']]} />
        <div class="checkbox field">
          <input type="checkbox" id="field-single_chapter" name="single_chapter" value="true" checked={singleChapter === 'true' || singleChapter === '1'} />
          <label for="field-single_chapter">Single chapter only</label>
          {errors.single_chapter ? <p class="error">{errors.single_chapter}</p> : null}
        </div>
        <TextField name="language" label="Language" state={state} hint="A code such as en." />
        <div class="field-pair">
          <TextField name="words_from" label="Words from" state={state} inputmode="numeric" />
          <TextField name="words_to" label="Words to" state={state} inputmode="numeric" />
        </div>
        <TextField name="date_from" label="Updated from" type="date" state={state} />
        <TextField name="date_to" label="Updated to" type="date" state={state} />
        <p>
          <button type="submit">Sort and filter</button> <a href={action}>Clear filters</a>
        </p>
      </form>
      {props.extra}
    </aside>
  );
}
