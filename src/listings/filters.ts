import type { DbLike } from '../db/connection.js';
import type { FieldErrors } from '../http/errors.js';
import { findTagById, findTagByKey } from '../tags/tags.queries.js';
import { RATINGS, WARNINGS } from '../works/ratings.js';
import { normalizeTagName, tagKey } from '../works/tag-names.js';
import { parseSearchQuery, type ParsedQuery } from '../search/search-query.js';

// Filters for work listings (/works, /tags/:name/works, GET /api/v1/works), read from the URL query.
// Parsing keeps every valid field and reports the invalid ones, so a page can still show a listing beside the message.

export const SORTS = ['updated', 'posted', 'kudos', 'hits', 'comments', 'bookmarks', 'words', 'title', 'author', 'relevance'] as const;
export type Sort = (typeof SORTS)[number];
export type Direction = 'asc' | 'desc';

/** Every query parameter the filters read (plus `page`, which is not a filter). */
export const FILTER_PARAMS = [
  'tags',
  'exclude_tags',
  'ratings',
  'warnings',
  'exclude_warnings',
  'complete',
  'single_chapter',
  'crossover',
  'language',
  'words_from',
  'words_to',
  'date_from',
  'date_to',
  'q',
  'sort',
  'order',
] as const;

/** A listing's filters as typed values; an absent field does not filter. */
export interface ListingFilter {
  readonly includeTags: readonly string[];
  readonly excludeTags: readonly string[];
  readonly ratings: readonly string[];
  readonly includeWarnings: readonly string[];
  readonly excludeWarnings: readonly string[];
  readonly complete?: boolean;
  readonly singleChapter: boolean;
  /** true: only works with more than one unrelated fandom; false: none of them. */
  readonly crossover?: boolean;
  readonly language?: string;
  readonly wordsFrom?: number;
  readonly wordsTo?: number;
  /** Inclusive day, YYYY-MM-DD (UTC). */
  readonly updatedFrom?: string;
  /** Inclusive day, YYYY-MM-DD (UTC). */
  readonly updatedTo?: string;
  /** The reader's search words, parsed; absent when there is no `q`. */
  readonly query?: ParsedQuery;
  readonly sort: Sort;
  readonly direction: Direction;
}

/** A tag named in a filter, resolved: works match when they carry `tagId` itself or any tag counting under `filterId`. */
export interface TagMatch {
  readonly tagId: number;
  readonly filterId: number | null;
}

/** The filter ready for the query: tag names resolved to ids. */
export interface ResolvedFilter extends Omit<ListingFilter, 'includeTags' | 'excludeTags'> {
  readonly includeTags: readonly TagMatch[];
  readonly excludeTags: readonly TagMatch[];
}

/** Reads every value of a parameter: repeated parameters (form checkboxes) and comma-separated lists alike. */
export type QueryReader = (name: string) => readonly string[];

const MAX_TAGS = 10;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function list(read: QueryReader, name: string): string[] {
  return read(name)
    .flatMap((v) => v.split(','))
    .map((v) => normalizeTagName(v))
    .filter((v) => v !== '');
}

function single(read: QueryReader, name: string): string | undefined {
  const values = read(name).map((v) => v.trim()).filter((v) => v !== '');
  return values[values.length - 1];
}

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Parses listing filters from the URL query: the valid fields, and one message per invalid field. */
/** `siteWarnings` are the archive's own warning list (site settings), accepted beside the built-in ones. */
export function parseListingFilter(readRaw: QueryReader, siteWarnings: readonly string[] = WARNINGS): { filter: ListingFilter; errors: FieldErrors } {
  // NUL never belongs in a filter, and PostgreSQL refuses it in text: dropped here, as forms drop it.
  const read: QueryReader = (name) => readRaw(name).map((value) => value.replace(/\u0000/g, ''));
  const errors: FieldErrors = {};
  const tagList = (name: string): string[] => {
    const names = [...new Map(list(read, name).map((n) => [tagKey(n), n])).values()];
    if (names.length > MAX_TAGS) {
      errors[name] = `Name at most ${MAX_TAGS} tags.`;
      return [];
    }
    return names;
  };
  const fixedList = (name: string, allowed: readonly string[], what: string): string[] => {
    const values = [...new Set(read(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
    const unknown = values.filter((v) => !allowed.includes(v));
    if (unknown.length > 0) {
      errors[name] = `Unknown ${what}: ${unknown.join(', ')}. Choose from: ${allowed.join(', ')}.`;
      return [];
    }
    return values;
  };
  const bool = (name: string): boolean | undefined => {
    const value = single(read, name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    errors[name] = `${name} is true or false.`;
    return undefined;
  };
  const words = (name: string): number | undefined => {
    const value = single(read, name)?.replace(/[,_ ]/g, '');
    if (value === undefined || value === '') return undefined;
    if (!/^\d{1,9}$/.test(value)) {
      errors[name] = 'Word counts are whole numbers from 0.';
      return undefined;
    }
    return Number(value);
  };
  const day = (name: string): string | undefined => {
    const value = single(read, name);
    if (value === undefined) return undefined;
    if (!isDay(value)) {
      errors[name] = 'Dates are written YYYY-MM-DD.';
      return undefined;
    }
    return value;
  };

  const includeTags = tagList('tags');
  const excludeTags = tagList('exclude_tags');
  const ratings = fixedList('ratings', RATINGS, 'rating');
  const warnings = [...new Set([...WARNINGS, ...siteWarnings])];
  const includeWarnings = fixedList('warnings', warnings, 'warning');
  const excludeWarnings = fixedList('exclude_warnings', warnings, 'warning');
  const complete = bool('complete');
  const singleChapter = bool('single_chapter') ?? false;
  const crossover = bool('crossover');
  let query: ParsedQuery | undefined;
  const q = read('q').at(-1);
  if (q !== undefined && q.trim() !== '') {
    const parsed = parseSearchQuery(q);
    if (parsed.ok) query = parsed.query;
    else errors.q = parsed.message;
  }
  const language = single(read, 'language');
  if (language !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) errors.language = 'A language is a code such as en or pt-BR.';
  let wordsFrom = words('words_from');
  let wordsTo = words('words_to');
  if (wordsFrom !== undefined && wordsTo !== undefined && wordsFrom > wordsTo) {
    errors.words_to = 'The word range ends before it starts.';
    wordsFrom = wordsTo = undefined;
  }
  let updatedFrom = day('date_from');
  let updatedTo = day('date_to');
  if (updatedFrom !== undefined && updatedTo !== undefined && updatedFrom > updatedTo) {
    errors.date_to = 'The date range ends before it starts.';
    updatedFrom = updatedTo = undefined;
  }
  // Relevance needs search words: it is the default with `q`, and without `q` it falls back to the newest update.
  let sort: Sort = query ? 'relevance' : 'updated';
  const sortValue = single(read, 'sort');
  if (sortValue !== undefined) {
    if ((SORTS as readonly string[]).includes(sortValue)) sort = sortValue === 'relevance' && !query ? 'updated' : (sortValue as Sort);
    else errors.sort = `Sort by one of: ${SORTS.join(', ')}.`;
  }
  let direction: Direction = sort === 'title' || sort === 'author' ? 'asc' : 'desc';
  const directionValue = single(read, 'order');
  if (directionValue !== undefined) {
    if (directionValue === 'asc' || directionValue === 'desc') direction = directionValue;
    else errors.order = 'order is asc or desc.';
  }

  const filter: ListingFilter = {
    includeTags,
    excludeTags,
    ratings,
    includeWarnings,
    excludeWarnings,
    singleChapter,
    sort,
    direction,
    ...(complete !== undefined ? { complete } : {}),
    ...(crossover !== undefined ? { crossover } : {}),
    ...(query !== undefined ? { query } : {}),
    ...(language !== undefined && !errors.language ? { language } : {}),
    ...(wordsFrom !== undefined ? { wordsFrom } : {}),
    ...(wordsTo !== undefined ? { wordsTo } : {}),
    ...(updatedFrom !== undefined ? { updatedFrom } : {}),
    ...(updatedTo !== undefined ? { updatedTo } : {}),
  };
  return { filter, errors };
}

/** True when the filter narrows by anything but tags: search words, ratings, warnings, completion, words, dates... */
export function narrowsBeyondTags(filter: Omit<ResolvedFilter, 'includeTags' | 'excludeTags'>): boolean {
  return (
    filter.query !== undefined ||
    filter.ratings.length + filter.includeWarnings.length + filter.excludeWarnings.length > 0 ||
    filter.complete !== undefined ||
    filter.singleChapter ||
    filter.crossover !== undefined ||
    filter.language !== undefined ||
    filter.wordsFrom !== undefined ||
    filter.wordsTo !== undefined ||
    filter.updatedFrom !== undefined ||
    filter.updatedTo !== undefined
  );
}

/** True when any filter parameter was given at all (valid or not), so the listing leaves its unfiltered fast path. */
export function hasFilterParams(read: QueryReader): boolean {
  return FILTER_PARAMS.some((name) => read(name).some((v) => v.trim() !== ''));
}

/**
 * Resolves tag names to ids: a synonym counts under its canonical tag, a canonical tag under itself and its meta tags.
 * Unknown names are reported in `errors` under the field (an unknown tag to include would match nothing).
 */
export async function resolveFilterTags(db: DbLike, filter: ListingFilter, errors: FieldErrors): Promise<ResolvedFilter> {
  const resolve = async (names: readonly string[], field: string): Promise<TagMatch[]> => {
    const matches: TagMatch[] = [];
    const unknown: string[] = [];
    for (const name of names) {
      const tag = await findTagByKey(db, tagKey(name));
      if (!tag) {
        unknown.push(name);
        continue;
      }
      const target = tag.synonym_of_id === null ? tag : await findTagById(db, tag.synonym_of_id);
      matches.push({ tagId: tag.id, filterId: target && target.canonical === 1 ? target.id : null });
    }
    if (unknown.length > 0) errors[field] ??= `No tag is named ${unknown.join(', ')}.`;
    return matches;
  };
  return { ...filter, includeTags: await resolve(filter.includeTags, 'tags'), excludeTags: await resolve(filter.excludeTags, 'exclude_tags') };
}
