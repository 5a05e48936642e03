import { sql, type RawBuilder } from 'kysely';
import type { DbLike } from '../db/connection.js';
import type { Work } from '../db/schema.js';

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
 * (synonyms and sub tags): one probe of work_filters_work per candidate work, so its cost grows with the page, never
 * with the archive. Pass a non-empty list.
 */
export function withoutExcludedTags(filterIds: readonly number[]): RawBuilder<boolean> {
  const ids = sql.join(filterIds.map((id) => sql.val(id)));
  return sql<boolean>`not exists (select 1 from work_filters xf where xf.work_id = works.id and xf.filter_id in (${ids}))`;
}

/** Who is reading, as the listings see it: muted authors and excluded tags (see ListingViewer in src/listings). */
export interface ReaderExclusions {
  readonly excludeAuthorIds: readonly number[];
  readonly excludeTagIds: readonly number[];
}

/**
 * A where-condition on `works`: the work is credited to no excluded (muted) author and has no excluded tag. Always
 * true for a reader who excludes nothing. Per candidate work it reads that work's own authors and tags only.
 */
export function visibleToReader(reader: ReaderExclusions): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  if (reader.excludeAuthorIds.length > 0) {
    const ids = sql.join(reader.excludeAuthorIds.map((id) => sql.val(id)));
    parts.push(sql<boolean>`not exists (select 1 from work_authors va where va.work_id = works.id and va.user_id in (${ids}))`);
  }
  if (reader.excludeTagIds.length > 0) parts.push(withoutExcludedTags(reader.excludeTagIds));
  return parts.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** Which of these works the reader does not see (an excluded tag or a muted co-author). */
export async function hiddenWorkIds(db: DbLike, workIds: readonly number[], reader: ReaderExclusions): Promise<Set<number>> {
  if (workIds.length === 0 || reader.excludeAuthorIds.length + reader.excludeTagIds.length === 0) return new Set();
  const rows = await db.selectFrom('works').select('works.id').where('works.id', 'in', [...workIds]).where(sql<boolean>`not ${visibleToReader(reader)}`).execute();
  return new Set(rows.map((r) => r.id));
}

function authorWorksQuery(db: DbLike, authorId: number, reader: ReaderExclusions) {
  return db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .where('work_authors.user_id', '=', authorId)
    .where('works.posted', '=', 1)
    .where('works.deleted_at', 'is', null)
    .where('works.hidden_at', 'is', null)
    .where(visibleToReader(reader));
}

/** A page of an author's posted works as a reader sees them, newest update first (index work_authors_user). */
export async function listAuthorWorksForReader(db: DbLike, authorId: number, reader: ReaderExclusions, page: { limit: number; offset: number }): Promise<Work[]> {
  return authorWorksQuery(db, authorId, reader).selectAll('works').orderBy('works.revised_at', 'desc').orderBy('works.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** How many of an author's posted works a reader sees (agrees with listAuthorWorksForReader). */
export async function countAuthorWorksForReader(db: DbLike, authorId: number, reader: ReaderExclusions): Promise<number> {
  const row = await authorWorksQuery(db, authorId, reader).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
