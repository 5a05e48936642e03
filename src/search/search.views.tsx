import { FILTER_PARAMS, type QueryReader } from '../listings/filters.js';
import { TextField } from '../ui/forms.js';
import { MAX_QUERY_LENGTH } from './search-query.js';

/**
 * The search box at the top of /search. The listing's other filters ride along as hidden fields, so new words keep
 * the filters chosen in the sidebar.
 */
export function SearchBox({ read, error }: { readonly read: QueryReader; readonly error?: string | undefined }) {
  const kept = FILTER_PARAMS.filter((name) => name !== 'q').flatMap((name) => read(name).filter((v) => v.trim() !== '').map((value) => [name, value] as const));
  return (
    <form method="get" action="/search" class="search-form" role="search">
      <TextField
        name="q"
        label="Search for"
        type="search"
        maxlength={MAX_QUERY_LENGTH}
        state={{ values: { q: read('q').at(-1) }, errors: error ? { q: error } : {} }}
        hint={<>All words must match. Use "quotes" for a phrase, -word to leave out, and title:, author:, tag: or series: to look in one field.</>}
      />
      {kept.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <button type="submit">Search</button>
    </form>
  );
}
