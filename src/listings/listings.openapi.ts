import { RATINGS, WARNINGS } from '../works/ratings.js';
import { SORTS } from './filters.js';

// The OpenAPI description of the listing filters on GET /works; openapi.ts adds these to its parameters.

type Json = Record<string, unknown>;

const query = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });

/**
 * The filter parameters of GET /works. Any of them switches the listing to filtered mode: `cursor` is then an
 * offset cursor from the previous page, `total` counts the matching works, and an invalid value answers 422 with fields.
 */
export const listingFilterParameters: Json[] = [
  query('include_tags', 'Comma-separated tag names; a work must match every one, through synonyms and sub tags.', { type: 'string' }),
  query('exclude_tags', 'Comma-separated tag names; works matching any (through synonyms and sub tags) are left out.', { type: 'string' }),
  query('ratings', `Comma-separated ratings, any of: ${RATINGS.join(', ')}.`, { type: 'string' }),
  query('include_warnings', `Comma-separated archive warnings a work must all carry: ${WARNINGS.join(', ')}.`, { type: 'string' }),
  query('exclude_warnings', 'Comma-separated archive warnings; works carrying any are left out.', { type: 'string' }),
  query('complete', 'true: complete works only; false: works in progress only.', { type: 'boolean' }),
  query('single_chapter', 'true: works of one chapter only.', { type: 'boolean' }),
  query('language', 'A language code such as en.', { type: 'string' }),
  query('words_from', 'Fewest words.', { type: 'integer', minimum: 0 }),
  query('words_to', 'Most words.', { type: 'integer', minimum: 0 }),
  query('updated_from', 'Updated on or after this day (UTC).', { type: 'string', format: 'date' }),
  query('updated_to', 'Updated on or before this day (UTC).', { type: 'string', format: 'date' }),
  query('sort', 'Sort field (default updated).', { type: 'string', enum: [...SORTS], default: 'updated' }),
  query('direction', 'Sort direction (default desc, asc for title).', { type: 'string', enum: ['asc', 'desc'] }),
];
