import type { FieldErrors } from '../http/errors.js';
import { CheckboxGroup, ErrorSummary, SelectField, TextField, type FormState } from '../ui/forms.js';
import { RATINGS, WARNINGS } from '../works/ratings.js';
import { SORTS, type QueryReader } from './filters.js';

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  updated: 'Date updated',
  posted: 'Date posted',
  kudos: 'Kudos',
  hits: 'Hits',
  comments: 'Comments',
  bookmarks: 'Bookmarks',
  words: 'Word count',
  title: 'Title',
};

/** The messages about invalid filters, shown above a listing that still renders with the valid ones. */
export function FilterErrors({ errors }: { readonly errors: FieldErrors }) {
  return <ErrorSummary errors={errors} />;
}

/** The sidebar filter form of a works listing: a plain GET form, so it works without JavaScript. */
export function ListingFilterForm({ action, read, errors }: { readonly action: string; readonly read: QueryReader; readonly errors: FieldErrors }) {
  const all = (name: string) => read(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const last = (name: string) => read(name).at(-1);
  const values: Record<string, string | undefined> = {};
  for (const name of ['include_tags', 'exclude_tags']) values[name] = read(name).join(', ');
  for (const name of ['complete', 'language', 'words_from', 'words_to', 'updated_from', 'updated_to', 'sort', 'direction']) values[name] = last(name);
  const state: FormState = { values, errors };
  const singleChapter = last('single_chapter');
  return (
    <aside class="listing-filters">
      <form method="get" action={action} aria-labelledby="filters-heading">
        <h2 id="filters-heading">Filter works</h2>
        <SelectField name="sort" label="Sort by" state={state} options={SORTS.map((s) => [s, SORT_LABELS[s]] as const)} />
        <SelectField name="direction" label="Order" state={state} options={[['', 'Default'], ['desc', 'Descending'], ['asc', 'Ascending']]} />
        <TextField name="include_tags" label="Include tags" state={state} hint="Comma-separated; works must have all of them." />
        <TextField name="exclude_tags" label="Exclude tags" state={state} hint="Comma-separated." />
        <CheckboxGroup name="ratings" legend="Ratings" options={RATINGS} checked={all('ratings')} error={errors.ratings} />
        <CheckboxGroup name="include_warnings" legend="Include warnings" options={WARNINGS} checked={all('include_warnings')} error={errors.include_warnings} />
        <CheckboxGroup name="exclude_warnings" legend="Exclude warnings" options={WARNINGS} checked={all('exclude_warnings')} error={errors.exclude_warnings} />
        <SelectField name="complete" label="Completion" state={state} options={[['', 'All works'], ['true', 'Complete works only'], ['false', 'Works in progress only']]} />
        <div class="checkbox field">
          <input type="checkbox" id="field-single_chapter" name="single_chapter" value="true" checked={singleChapter === 'true' || singleChapter === '1'} />
          <label for="field-single_chapter">Single chapter only</label>
          {errors.single_chapter ? <p class="error">{errors.single_chapter}</p> : null}
        </div>
        <TextField name="language" label="Language" state={state} hint="A code such as en." />
        <TextField name="words_from" label="Words from" state={state} inputmode="numeric" />
        <TextField name="words_to" label="Words to" state={state} inputmode="numeric" />
        <TextField name="updated_from" label="Updated from" type="date" state={state} />
        <TextField name="updated_to" label="Updated to" type="date" state={state} />
        <button type="submit">Sort and filter</button> <a href={action}>Clear filters</a>
      </form>
    </aside>
  );
}
