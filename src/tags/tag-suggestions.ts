import type { DbLike } from '../db/connection.js';
import { ValidationFailed } from '../http/errors.js';
import { TAG_KINDS } from '../works/ratings.js';
import { tagKey } from '../works/tag-names.js';
import { canonicalTagsByPrefix } from './tags.queries.js';

// Tag autocomplete (issue 4, §1): canonical tags whose name, or a synonym's name, starts with what was typed.

export const SUGGESTION_LIMIT = 10;

export interface TagSuggestion {
  readonly name: string;
  readonly kind: string;
  /** The name that matched: the tag's own, or a synonym's. */
  readonly matched: string;
}

/** Up to ten canonical tags for a typed prefix (any case), of one kind when asked. An empty prefix suggests nothing. */
export async function suggestTags(db: DbLike, q: string | undefined, kind: string | undefined): Promise<TagSuggestion[]> {
  if (kind !== undefined && kind !== '' && !(TAG_KINDS as readonly string[]).includes(kind)) {
    throw ValidationFailed({ kind: `kind is one of ${TAG_KINDS.join(', ')}.` });
  }
  const prefix = tagKey(q ?? '');
  if (prefix.length > 150) throw ValidationFailed({ q: 'No tag name is that long.' });
  if (prefix === '') return [];
  return canonicalTagsByPrefix(db, prefix, kind === '' ? undefined : kind, SUGGESTION_LIMIT);
}
