import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { startsWith } from '../db/dialect.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import type { Tag, Work } from '../db/schema.js';

/** A tag by its case-insensitive key. */
export async function findTagByKey(db: DbLike, key: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('name_key', '=', key).executeTakeFirst();
}

/** A tag by id. */
export async function findTagById(db: DbLike, id: number): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates a tag and returns it. */
export async function insertTag(db: DbLike, tag: { name: string; nameKey: string; kind: string; canonical: boolean; at: string }): Promise<Tag> {
  return db
    .insertInto('tags')
    .values({ name: tag.name, name_key: tag.nameKey, kind: tag.kind, canonical: tag.canonical ? 1 : 0, created_at: tag.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a tag's name, canonical flag or synonym target. */
export async function updateTag(db: DbLike, id: number, changes: { name?: string; name_key?: string; canonical?: 0 | 1; synonym_of_id?: number | null }): Promise<void> {
  await db.updateTable('tags').set(changes).where('id', '=', id).execute();
}

/** The synonyms of a canonical tag, by name. */
export async function synonymsOf(db: DbLike, id: number): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().where('synonym_of_id', '=', id).orderBy('name_key').execute();
}

/** The direct parents of a tag, by name. */
export async function parentsOf(db: DbLike, id: number): Promise<Tag[]> {
  return db.selectFrom('tag_parents').innerJoin('tags', 'tags.id', 'tag_parents.parent_id').selectAll('tags').where('tag_parents.child_id', '=', id).orderBy('tags.name_key').execute();
}

/** The direct children (sub tags) of a tag, by name. */
export async function childrenOf(db: DbLike, id: number): Promise<Tag[]> {
  return db.selectFrom('tag_parents').innerJoin('tags', 'tags.id', 'tag_parents.child_id').selectAll('tags').where('tag_parents.parent_id', '=', id).orderBy('tags.name_key').execute();
}

/** Ids of the direct parents of several tags. */
export async function parentIdsOf(db: DbLike, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tag_parents').select('parent_id').where('child_id', 'in', ids).execute();
  return rows.map((r) => r.parent_id);
}

/** Ids of the direct children of several tags. */
export async function childIdsOf(db: DbLike, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tag_parents').select('child_id').where('parent_id', 'in', ids).execute();
  return rows.map((r) => r.child_id);
}

/** Ids of the synonyms of several tags. */
export async function synonymIdsOf(db: DbLike, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tags').select('id').where('synonym_of_id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Links a parent to a child (no-op when already linked). */
export async function insertTagParent(db: DbLike, parentId: number, childId: number): Promise<void> {
  await db.insertInto('tag_parents').values({ parent_id: parentId, child_id: childId }).onConflict((oc) => oc.columns(['parent_id', 'child_id']).doNothing()).execute();
}

/** Unlinks a parent from a child; true when a link was removed. */
export async function deleteTagParent(db: DbLike, parentId: number, childId: number): Promise<boolean> {
  const result = await db.deleteFrom('tag_parents').where('parent_id', '=', parentId).where('child_id', '=', childId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Replaces the filter rows of one tag. */
export async function replaceTagFilters(db: DbLike, tagId: number, filterIds: readonly number[]): Promise<void> {
  await db.deleteFrom('tag_filters').where('tag_id', '=', tagId).execute();
  if (filterIds.length === 0) return;
  await db.insertInto('tag_filters').values([...new Set(filterIds)].map((filterId) => ({ tag_id: tagId, filter_id: filterId }))).execute();
}

/** The tags whose works are listed under a canonical tag: itself, its synonyms and everything below it. */
export async function tagIdsCountingUnder(db: DbLike, filterId: number): Promise<number[]> {
  const rows = await db.selectFrom('tag_filters').select('tag_id').where('filter_id', '=', filterId).execute();
  return rows.map((r) => r.tag_id);
}

/** The canonical tags a tag counts under (empty for an unwrangled tag). */
export async function filterTagIdsFor(db: DbLike, tagId: number): Promise<number[]> {
  const rows = await db.selectFrom('tag_filters').select('filter_id').where('tag_id', '=', tagId).orderBy('filter_id').execute();
  return rows.map((r) => r.filter_id);
}

/** Appends an entry to the wrangling log. */
export async function insertWranglingLog(db: DbLike, entry: { actorId: number; tagId: number; action: string; details: Record<string, unknown>; at: string }): Promise<void> {
  await db
    .insertInto('tag_wrangling_log')
    .values({ actor_id: entry.actorId, tag_id: entry.tagId, action: entry.action, details: JSON.stringify(entry.details), created_at: entry.at })
    .execute();
}

/** The latest wrangling log entries for a tag, newest first. */
export async function wranglingLogFor(db: DbLike, tagId: number, limit = 20): Promise<{ action: string; details: string; created_at: string; actor: string | null }[]> {
  return db
    .selectFrom('tag_wrangling_log')
    .leftJoin('users', 'users.id', 'tag_wrangling_log.actor_id')
    .select(['tag_wrangling_log.action', 'tag_wrangling_log.details', 'tag_wrangling_log.created_at', 'users.username as actor'])
    .where('tag_wrangling_log.tag_id', '=', tagId)
    .orderBy('tag_wrangling_log.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Canonical tags for autocomplete: those whose name key starts with `prefixKey`, and the canonical tags of synonyms
 * that do, by the matching name. A byte-order range on the name key index (tags_name_key_bytes on PostgreSQL), so the
 * cost follows the matches read, never the number of tags.
 */
export async function canonicalTagsByPrefix(db: DbLike, prefixKey: string, kind: string | undefined, limit: number): Promise<{ name: string; kind: string; matched: string }[]> {
  let query = db
    .selectFrom('tags as t')
    .innerJoin('tags as c', (j) => j.on(sql<boolean>`c.id = coalesce(t.synonym_of_id, t.id)`))
    .select(['c.name', 'c.kind', 'c.name_key', 't.name as matched'])
    .where(startsWith(db, 't.name_key', prefixKey))
    .where('c.canonical', '=', 1);
  if (kind !== undefined) query = query.where('c.kind', '=', kind);
  // Read a few extra rows: several synonyms of one tag may match and collapse into one suggestion.
  const rows = await query.orderBy('t.name_key').limit(limit * 3).execute();
  const seen = new Set<string>();
  const out: { name: string; kind: string; matched: string }[] = [];
  for (const r of rows) {
    if (seen.has(r.name_key)) continue;
    seen.add(r.name_key);
    out.push({ name: r.name, kind: r.kind, matched: r.matched });
    if (out.length === limit) break;
  }
  return out;
}
