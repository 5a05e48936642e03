import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { withoutExcludedTags } from '../exclusions/exclusions.queries.js';
import { forUpdate } from '../db/dialect.js';
import { refreshWorkFilters, touchWorkListings } from '../listings/work-filters.queries.js';
import { bumpListingVersion } from '../listings/listing-version.queries.js';
import type { NewWork, Work, WorkUpdate } from '../db/schema.js';

/** A tag as attached to a work: the kind is the field the author used. */
export interface WorkTag {
  readonly kind: string;
  readonly name: string;
}

/** The work with this id, whatever its state (draft, deleted). */
export async function findWork(db: DbLike, id: number): Promise<Work | undefined> {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Locks a work's row until the transaction ends, so concurrent changes to its chapters queue up instead of
 * numbering two chapters alike or writing stale totals.
 */
export async function lockWork(db: DbLike, id: number): Promise<void> {
  await forUpdate(db, db.selectFrom('works').select('id').where('id', '=', id)).execute();
}

/** Inserts a work and returns it. */
export async function insertWork(db: DbLike, work: NewWork): Promise<Work> {
  await bumpListingVersion(db);
  return db.insertInto('works').values(work).returningAll().executeTakeFirstOrThrow();
}

/** Updates a work's columns. */
export async function updateWork(db: DbLike, id: number, changes: WorkUpdate): Promise<void> {
  await db.updateTable('works').set(changes).where('id', '=', id).execute();
  // Posting, deleting or hiding a work moves it in or out of the listings' tag index; any other change may change
  // what its tag listings count.
  if ('posted' in changes || 'deleted_at' in changes || 'hidden_at' in changes) await refreshWorkFilters(db, [id]);
  else await touchWorkListings(db, id);
}

/** Adds an author to a work. */
export async function insertWorkAuthor(db: DbLike, workId: number, userId: number, position = 1): Promise<void> {
  await db.insertInto('work_authors').values({ work_id: workId, user_id: userId, position }).execute();
}

/** The ids of a work's authors. */
export async function workAuthorIds(db: DbLike, workId: number): Promise<number[]> {
  const rows = await db.selectFrom('work_authors').select('user_id').where('work_id', '=', workId).orderBy('position').execute();
  return rows.map((r) => r.user_id);
}

/** Author usernames for several works, in credit order. */
export async function authorsForWorks(db: DbLike, workIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(workIds.map((id) => [id, []]));
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('work_authors')
    .innerJoin('users', 'users.id', 'work_authors.user_id')
    .select(['work_authors.work_id', 'users.username'])
    .where('work_authors.work_id', 'in', workIds)
    .orderBy('work_authors.work_id')
    .orderBy('work_authors.position')
    .execute();
  for (const row of rows) out.get(row.work_id)?.push(row.username);
  return out;
}

/** Replaces a work's archive warnings. */
export async function replaceWorkWarnings(db: DbLike, workId: number, warnings: readonly string[]): Promise<void> {
  await db.deleteFrom('work_warnings').where('work_id', '=', workId).execute();
  await touchWorkListings(db, workId);
  if (warnings.length === 0) return;
  await db
    .insertInto('work_warnings')
    .values(warnings.map((warning, position) => ({ work_id: workId, warning, position })))
    .execute();
}

/** Archive warnings for several works, in the order chosen. */
export async function warningsForWorks(db: DbLike, workIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(workIds.map((id) => [id, []]));
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('work_warnings')
    .select(['work_id', 'warning'])
    .where('work_id', 'in', workIds)
    .orderBy('work_id')
    .orderBy('position')
    .execute();
  for (const row of rows) out.get(row.work_id)?.push(row.warning);
  return out;
}

/** Ids of tags by case-insensitive key, creating the missing ones with the given kind. */
export async function findOrCreateTags(db: DbLike, tags: readonly { name: string; key: string; kind: string }[], at: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (tags.length === 0) return out;
  const keys = tags.map((t) => t.key);
  const existing = await db.selectFrom('tags').select(['id', 'name_key']).where('name_key', 'in', keys).execute();
  for (const row of existing) out.set(row.name_key, row.id);
  const missing = tags.filter((t) => !out.has(t.key));
  if (missing.length > 0) {
    await db
      .insertInto('tags')
      .values(missing.map((t) => ({ name: t.name, name_key: t.key, kind: t.kind, created_at: at })))
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
    const created = await db.selectFrom('tags').select(['id', 'name_key']).where('name_key', 'in', missing.map((t) => t.key)).execute();
    for (const row of created) out.set(row.name_key, row.id);
  }
  return out;
}

/** Replaces the tags on a work. */
export async function replaceWorkTags(db: DbLike, workId: number, tags: readonly { tagId: number; kind: string }[]): Promise<void> {
  await db.deleteFrom('work_tags').where('work_id', '=', workId).execute();
  if (tags.length === 0) return refreshWorkFilters(db, [workId]);
  await db
    .insertInto('work_tags')
    .values(tags.map((t, position) => ({ work_id: workId, tag_id: t.tagId, kind: t.kind, position })))
    .execute();
  await refreshWorkFilters(db, [workId]);
}

/** Tags for several works, in the author's order. */
export async function tagsForWorks(db: DbLike, workIds: readonly number[]): Promise<Map<number, WorkTag[]>> {
  const out = new Map<number, WorkTag[]>(workIds.map((id) => [id, []]));
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['work_tags.work_id', 'work_tags.kind', 'tags.name'])
    .where('work_tags.work_id', 'in', workIds)
    .orderBy('work_tags.work_id')
    .orderBy('work_tags.position')
    .execute();
  for (const row of rows) out.get(row.work_id)?.push({ kind: row.kind, name: row.name });
  return out;
}

/**
 * One page of the public listing, newest update first, by offset (pages) or after a keyset cursor (API),
 * leaving out works credited to any of `excludeAuthorIds` (the reader's mutes) and works under `excludeTagIds` (their tag exclusions).
 */
export async function listPostedWorks(
  db: DbLike,
  page: { limit: number; offset?: number; after?: { revisedAt: string; id: number }; excludeAuthorIds?: readonly number[]; excludeTagIds?: readonly number[] },
): Promise<Work[]> {
  let query = db
    .selectFrom('works')
    .selectAll()
    .where('posted', '=', 1)
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .orderBy('revised_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.after) {
    const { revisedAt, id } = page.after;
    query = query.where((eb) => eb.or([eb('revised_at', '<', revisedAt), eb.and([eb('revised_at', '=', revisedAt), eb('id', '<', id)])]));
  }
  const excluded = page.excludeAuthorIds ?? [];
  if (excluded.length > 0) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('work_authors as wa').select('wa.work_id').whereRef('wa.work_id', '=', 'works.id').where('wa.user_id', 'in', excluded))),
    );
  }
  if (page.excludeTagIds && page.excludeTagIds.length > 0) query = query.where(withoutExcludedTags(page.excludeTagIds));
  if (page.offset) query = query.offset(page.offset);
  return query.execute();
}

/**
 * How many listed works carry one of the tags `filterIds` (through work_filters: their synonyms and sub tags too) or
 * are credited to one of `authorIds`, each once. Reads those tags' and authors' works only, never the archive.
 */
export async function countListedWorksExcluded(db: DbLike, exclude: { authorIds: readonly number[]; tagIds: readonly number[] }): Promise<number> {
  const parts = [];
  if (exclude.tagIds.length > 0) parts.push(sql`select work_id from work_filters where filter_id in (${sql.join(exclude.tagIds)})`);
  if (exclude.authorIds.length > 0) {
    parts.push(sql`select wa.work_id from work_authors wa join works w on w.id = wa.work_id
      where wa.user_id in (${sql.join(exclude.authorIds)}) and w.posted = 1 and w.deleted_at is null and w.hidden_at is null`);
  }
  if (parts.length === 0) return 0;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from (${sql.join(parts, sql` union `)}) excluded`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function countPostedWorksByAuthors(db: DbLike, authorIds: readonly number[]): Promise<number> {
  if (authorIds.length === 0) return 0;
  // Driven from work_authors (index work_authors_user), so it reads only these authors' works.
  const row = await db
    .selectFrom('work_authors')
    .innerJoin('works', 'works.id', 'work_authors.work_id')
    .select((eb) => eb.fn.count<number>('works.id').distinct().as('n'))
    .where('work_authors.user_id', 'in', authorIds)
    .where('works.posted', '=', 1)
    .where('works.deleted_at', 'is', null)
    .where('works.hidden_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these works are credited to any of these authors. */
export async function worksCreditedToAny(db: DbLike, workIds: readonly number[], authorIds: readonly number[]): Promise<Set<number>> {
  if (workIds.length === 0 || authorIds.length === 0) return new Set();
  const rows = await db.selectFrom('work_authors').select('work_id').distinct().where('work_id', 'in', workIds).where('user_id', 'in', authorIds).execute();
  return new Set(rows.map((r) => r.work_id));
}

/** A user's works, newest update first: posted ones, or every undeleted one (drafts too) for the author. */
export async function listUserWorks(db: DbLike, userId: number, options: { includeDrafts: boolean; limit: number; offset: number }): Promise<Work[]> {
  let query = db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .selectAll('works')
    .where('work_authors.user_id', '=', userId)
    .where('works.deleted_at', 'is', null)
    .orderBy('works.revised_at', 'desc')
    .orderBy('works.id', 'desc')
    .limit(options.limit)
    .offset(options.offset);
  // The public list leaves out works hidden by a moderator; the author's own list (includeDrafts) keeps them, marked.
  if (!options.includeDrafts) query = query.where('works.posted', '=', 1).where('works.hidden_at', 'is', null);
  return query.execute();
}

/** How many works a user has: posted, or posted and drafts. */
export async function countUserWorks(db: DbLike, userId: number, includeDrafts: boolean): Promise<number> {
  let query = db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('work_authors.user_id', '=', userId)
    .where('works.deleted_at', 'is', null);
  if (!includeDrafts) query = query.where('works.posted', '=', 1).where('works.hidden_at', 'is', null);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
