import { RATINGS, WARNINGS } from '../works/ratings.js';
import { SORTS } from './filters.js';

// The OpenAPI description of the listing filters shared by GET /works and GET /search, and of the answer's facets.

type Json = Record<string, unknown>;

const query = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });

/**
 * The filter parameters of GET /works and GET /search, the same names as on the /works and /search pages. Any of them
 * switches GET /works to filtered mode: `cursor` is then an offset cursor from the previous page (or use `page`),
 * `total` counts the matching works, `facets` counts them by rating, warning and common tag, and an invalid value
 * answers 422 with fields.
 */
export const listingFilterParameters: Json[] = [
  query('tags', 'Comma-separated tag names; a work must match every one, through synonyms and sub tags.', { type: 'string' }),
  query('exclude_tags', 'Comma-separated tag names; works matching any (through synonyms and sub tags) are left out.', { type: 'string' }),
  query('ratings', `Comma-separated ratings, any of: ${RATINGS.join(', ')}.`, { type: 'string' }),
  query('warnings', `Comma-separated archive warnings a work must all carry: ${WARNINGS.join(', ')}.`, { type: 'string' }),
  query('exclude_warnings', 'Comma-separated archive warnings; works carrying any are left out.', { type: 'string' }),
  query('complete', 'true: complete works only; false: works in progress only.', { type: 'boolean' }),
  query('single_chapter', 'true: works of one chapter only.', { type: 'boolean' }),
  query('crossover', 'true: only works with more than one unrelated fandom; false: no such works.', { type: 'boolean' }),
  query('language', 'A language code such as en.', { type: 'string' }),
  query('words_from', 'Fewest words.', { type: 'integer', minimum: 0 }),
  query('words_to', 'Most words.', { type: 'integer', minimum: 0 }),
  query('date_from', 'Updated on or after this day (UTC).', { type: 'string', format: 'date' }),
  query('date_to', 'Updated on or before this day (UTC).', { type: 'string', format: 'date' }),
  query('q', 'Search words (see GET /search for the syntax).', { type: 'string', maxLength: 500 }),
  query('sort', 'Sort field (default relevance with `q`, else updated; relevance without `q` sorts by updated).', { type: 'string', enum: [...SORTS] }),
  query('order', 'Sort direction (default desc; asc for title and author).', { type: 'string', enum: ['asc', 'desc'] }),
  query('page', 'A 1-based page of `limit` works (instead of `cursor`).', { type: 'integer', minimum: 1 }),
];

const facetCount: Json = { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count: { type: 'integer' } } };
const tagFacetCount: Json = {
  type: 'object',
  required: ['name', 'kind', 'count'],
  properties: { name: { type: 'string', description: 'The canonical tag (synonyms count under it).' }, kind: { type: 'string' }, count: { type: 'integer' } },
};

/** Counts of the matching works per rating, warning and most common tags of each kind (null on the unfiltered listing). */
export const listingFacetsSchema: Json = {
  type: ['object', 'null'],
  required: ['ratings', 'warnings', 'fandoms', 'relationships', 'characters', 'freeforms', 'sampled'],
  properties: {
    ratings: { type: 'array', items: facetCount },
    warnings: { type: 'array', items: facetCount },
    fandoms: { type: 'array', items: tagFacetCount },
    relationships: { type: 'array', items: tagFacetCount },
    characters: { type: 'array', items: tagFacetCount },
    freeforms: { type: 'array', items: tagFacetCount },
    sampled: {
      type: ['integer', 'null'],
      description: 'Null when the counts cover every matching work; when more works match than this number, the counts are over the newest this many of them.',
    },
  },
};
