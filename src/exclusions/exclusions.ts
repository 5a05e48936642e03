import { z } from 'zod';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Tag, User } from '../db/schema.js';
import { NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { findTagByKey } from '../tags/tags.queries.js';
import { tagKey } from '../works/tag-names.js';
import { mutedUserIds } from '../blocks/blocks.queries.js';
import { countTagExclusions, deleteTagExclusion, excludedFilterIds, insertTagExclusion, tagExclusionCreatedAt, type ReaderExclusions } from './exclusions.queries.js';

// Lasting exclusions, shared by the pages and the API. A signed-in reader who excludes a tag never sees works under
// it (its synonyms and sub tags included) in /works, tag listings or search, and the totals agree with what is shown.
// Excluding an author is muting them (src/blocks): one list, one meaning, everywhere.

/** How many tags one reader may exclude: the exclusions become one small `in (...)` in every listing query. */
export const TAG_EXCLUSION_LIMIT = 200;

const tagInputSchema = z.object({
  tag: z.string({ error: 'Enter a tag name.' }).trim().min(1, { error: 'Enter a tag name.' }).max(200, { error: 'No tag has that name.' }),
});

/** The tag ids the reader's listings leave out (see withoutExcludedTags): none for a guest. */
export async function viewerExcludedTags(db: DbLike, viewer: User | undefined): Promise<number[]> {
  return viewer ? excludedFilterIds(db, viewer.id) : [];
}

/** Everything the reader never sees: muted authors and excluded tags (nothing for a guest). */
export async function viewerExclusions(db: DbLike, viewer: User | undefined): Promise<ReaderExclusions> {
  if (!viewer) return { excludeAuthorIds: [], excludeTagIds: [] };
  const [excludeAuthorIds, excludeTagIds] = await Promise.all([mutedUserIds(db, viewer.id), excludedFilterIds(db, viewer.id)]);
  return { excludeAuthorIds, excludeTagIds };
}

/** Excludes the tag named in `input` ({tag}) for `user`; twice is harmless. 422 for an unknown tag or past the limit. */
export async function excludeTag(db: Db, user: User, input: unknown): Promise<{ tag: Tag; createdAt: string; created: boolean }> {
  const { tag: name } = validate(tagInputSchema, input);
  const tag = await findTagByKey(db, tagKey(name));
  if (!tag) throw ValidationFailed({ tag: 'No tag has that name.' }, 'No tag has that name.');
  return db.transaction().execute(async (trx) => {
    const existing = await tagExclusionCreatedAt(trx, user.id, tag.id);
    if (existing) return { tag, createdAt: existing, created: false };
    if ((await countTagExclusions(trx, user.id)) >= TAG_EXCLUSION_LIMIT) {
      const message = `You can exclude up to ${TAG_EXCLUSION_LIMIT} tags. Remove one first.`;
      throw ValidationFailed({ tag: message }, message);
    }
    const at = now();
    await insertTagExclusion(trx, user.id, tag.id, at);
    return { tag, createdAt: at, created: true };
  });
}

/** Shows the tag named `name` again; harmless when it was not excluded, 404 when there is no such tag. */
export async function includeTag(db: DbLike, user: User, name: string): Promise<Tag> {
  const tag = await findTagByKey(db, tagKey(name));
  if (!tag) throw NotFound('tag');
  await deleteTagExclusion(db, user.id, tag.id);
  return tag;
}
