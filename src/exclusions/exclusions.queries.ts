import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';

export interface TagExclusionEntry {
  readonly tag_id: number;
  readonly name: string;
  readonly kind: string;
  readonly created_at: string;
}

/** A reader's excluded tags, by name. */
export async function listTagExclusions(db: DbLike, userId: number): Promise<TagExclusionEntry[]> {
  return db
    .selectFrom('tag_exclusions')
    .innerJoin('tags', 'tags.id', 'tag_exclusions.tag_id')
    .select(['tag_exclusions.tag_id', 'tags.name', 'tags.kind', 'tag_exclusions.created_at'])
    .where('tag_exclusions.user_id', '=', userId)
    .orderBy('tags.name_key')
    .execute();
}

/** The tag ids a reader's listings leave out: each excluded tag and, for a synonym, its canonical tag (tag_filters does the rest). */
export async function excludedFilterIds(db: DbLike, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tag_exclusions')
    .innerJoin('tags', 'tags.id', 'tag_exclusions.tag_id')
    .select(['tags.id', 'tags.synonym_of_id'])
    .where('tag_exclusions.user_id', '=', userId)
    .execute();
  const ids = new Set<number>();
  for (const r of rows) {
    ids.add(r.id);
    if (r.synonym_of_id !== null) ids.add(r.synonym_of_id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** How many tags a reader excludes. */
export async function countTagExclusions(db: DbLike, userId: number): Promise<number> {
  const row = await db.selectFrom('tag_exclusions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the reader excluded the tag, if they did. */
export async function tagExclusionCreatedAt(db: DbLike, userId: number, tagId: number): Promise<string | undefined> {
  const row = await db.selectFrom('tag_exclusions').select('created_at').where('user_id', '=', userId).where('tag_id', '=', tagId).executeTakeFirst();
  return row?.created_at;
}

/** Records an exclusion; nothing happens when it is already there. */
export async function insertTagExclusion(db: DbLike, userId: number, tagId: number, at: string): Promise<void> {
  await db
    .insertInto('tag_exclusions')
    .values({ user_id: userId, tag_id: tagId, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'tag_id']).doNothing())
    .execute();
}

/** Removes an exclusion (nothing happens when there is none). */
export async function deleteTagExclusion(db: DbLike, userId: number, tagId: number): Promise<void> {
  await db.deleteFrom('tag_exclusions').where('user_id', '=', userId).where('tag_id', '=', tagId).execute();
}

/**
 * A where-condition on `works` that keeps out works with a tag among `filterIds`, directly or through tag_filters
 * (synonyms and sub tags). Per candidate work it reads that work's tags (work_tags_pk) and their filters
 * (tag_filters_pk), so its cost grows with the page, never with the archive. Pass a non-empty list.
 */
export function withoutExcludedTags(filterIds: readonly number[]): RawBuilder<boolean> {
  const ids = sql.join(filterIds.map((id) => sql.val(id)));
  return sql<boolean>`not exists (select 1 from work_tags xt where xt.work_id = works.id and (xt.tag_id in (${ids})
    or exists (select 1 from tag_filters xf where xf.tag_id = xt.tag_id and xf.filter_id in (${ids}))))`;
}
