import { z } from 'zod';
import type { Db, DbLike } from '../db/connection.js';
import { isUniqueViolation, now } from '../db/dialect.js';
import type { Tag, User } from '../db/schema.js';
import { findUserByUsername, updateUser } from '../accounts/users.queries.js';
import { Forbidden, NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { normalizeTagName, tagKey } from '../works/tag-names.js';
import {
  childIdsOf,
  childrenOf,
  deleteTagParent,
  findTagById,
  findTagByKey,
  insertTag,
  insertTagParent,
  insertWranglingLog,
  parentIdsOf,
  parentsOf,
  replaceTagFilters,
  synonymIdsOf,
  synonymsOf,
  tagIdsCountingUnder,
  updateTag,
} from './tags.queries.js';
import { reindexWorksTagged } from '../search/search.js';
import { countTagListing } from '../listings/listings.js';
import { refreshWorkFiltersForTags } from '../listings/work-filters.queries.js';

// Tag wrangling: canonical tags, synonyms and parent links (fandoms over characters and relationships, meta tags over
// sub tags), each change logged, and tag_filters kept in step so listings find a tag's works with one join.

const tagNameList = z.array(z.string().max(150)).max(50);

export const wrangleSchema = z.strictObject({
  name: z.string().trim().min(1, 'Give the tag a name.').max(150).optional(),
  canonical: z.boolean().optional(),
  synonym_of: z.string().max(150).nullable().optional(),
  add_parents: tagNameList.optional(),
  remove_parents: tagNameList.optional(),
});
export type WrangleInput = z.infer<typeof wrangleSchema>;

/** True when the user may wrangle tags: wranglers and administrators. */
export function canWrangle(user: User | undefined): boolean {
  return user !== undefined && (user.is_wrangler === 1 || user.is_admin === 1);
}

/** A tag by name (any case), or a 404. */
export async function requireTag(db: DbLike, name: string): Promise<Tag> {
  const tag = await findTagByKey(db, tagKey(name));
  if (!tag) throw NotFound('tag');
  return tag;
}

/** Case and accents folded away: a canonical tag may be renamed only within the same folded name. */
function folded(name: string): string {
  return normalizeTagName(name).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Which tag kinds may be a parent of which: the same kind (a meta tag), or a fandom over any other kind. */
function parentAllowed(parent: Tag, child: Tag): boolean {
  return parent.kind === child.kind || parent.kind === 'fandom';
}

/** Every ancestor id of a tag (not the tag itself). */
async function ancestorIds(db: DbLike, id: number): Promise<Set<number>> {
  const seen = new Set<number>();
  let frontier = [id];
  while (frontier.length > 0) {
    frontier = (await parentIdsOf(db, frontier)).filter((p) => !seen.has(p));
    for (const p of frontier) seen.add(p);
  }
  return seen;
}

/** Recomputes tag_filters for a tag, everything below it, and all their synonyms; returns the ids it recomputed. */
async function refreshFilters(db: DbLike, rootId: number): Promise<number[]> {
  const family = new Set<number>([rootId]);
  let frontier = [rootId];
  while (frontier.length > 0) {
    frontier = (await childIdsOf(db, frontier)).filter((c) => !family.has(c));
    for (const c of frontier) family.add(c);
  }
  const ids = [...family, ...(await synonymIdsOf(db, [...family]))];
  for (const id of new Set(ids)) {
    const tag = await findTagById(db, id);
    if (!tag) continue;
    const baseId = tag.synonym_of_id ?? tag.id;
    const base = baseId === tag.id ? tag : await findTagById(db, baseId);
    await replaceTagFilters(db, id, base?.canonical === 1 ? [base.id, ...(await ancestorIds(db, base.id))] : []);
  }
  return [...new Set(ids)];
}

/**
 * Applies a wrangling change to a tag, in order: rename, canonical, synonym, removed parents, added parents.
 * Wranglers and administrators only; every action is logged. Returns the tag as it now is.
 */
export async function wrangleTag(db: Db, actor: User, name: string, input: unknown): Promise<Tag> {
  if (!canWrangle(actor)) throw Forbidden('Only tag wranglers can change tags.');
  const data = validate(wrangleSchema, input);
  return db.transaction().execute(async (trx) => {
    let tag = await requireTag(trx, name);
    const at = now();
    // Works are found by their tags' canonical and meta tag names too (src/search): every tag whose names or filters
    // change here has its works re-indexed before the transaction commits.
    const changed = new Set<number>();
    const refresh = async (id: number) => {
      for (const changedId of await refreshFilters(trx, id)) changed.add(changedId);
    };
    const log = (action: string, details: Record<string, unknown> = {}) => insertWranglingLog(trx, { actorId: actor.id, tagId: tag.id, action, details, at });

    if (data.name !== undefined && normalizeTagName(data.name) !== tag.name) {
      const next = normalizeTagName(data.name);
      if (tag.canonical !== 1) throw ValidationFailed({ name: 'Only canonical tags can be renamed.' });
      if (folded(next) !== folded(tag.name)) throw ValidationFailed({ name: 'A canonical tag can be renamed only in case or accents.' });
      try {
        await updateTag(trx, tag.id, { name: next, name_key: tagKey(next) });
      } catch (error) {
        if (isUniqueViolation(error)) throw ValidationFailed({ name: 'Another tag already has that name.' });
        throw error;
      }
      await log('rename', { from: tag.name, to: next });
      for (const id of await tagIdsCountingUnder(trx, tag.id)) changed.add(id);
      changed.add(tag.id);
      tag = { ...tag, name: next, name_key: tagKey(next) };
    }

    if (data.canonical === true && tag.canonical !== 1) {
      if (tag.synonym_of_id !== null) throw ValidationFailed({ canonical: 'A synonym cannot be canonical: remove it as a synonym first.' });
      await updateTag(trx, tag.id, { canonical: 1 });
      tag = { ...tag, canonical: 1 };
      await log('make_canonical');
      await refresh(tag.id);
    } else if (data.canonical === false && tag.canonical === 1) {
      const [synonyms, parents, children] = await Promise.all([synonymsOf(trx, tag.id), parentsOf(trx, tag.id), childrenOf(trx, tag.id)]);
      if (synonyms.length + parents.length + children.length > 0) {
        throw ValidationFailed({ canonical: 'Remove this tag’s synonyms, parents and sub tags before making it not canonical.' });
      }
      await updateTag(trx, tag.id, { canonical: 0 });
      tag = { ...tag, canonical: 0 };
      await log('remove_canonical');
      await refresh(tag.id);
    }

    if (data.synonym_of !== undefined) {
      const targetName = data.synonym_of === null ? '' : normalizeTagName(data.synonym_of);
      if (targetName === '') {
        if (tag.synonym_of_id !== null) {
          const old = await findTagById(trx, tag.synonym_of_id);
          await updateTag(trx, tag.id, { synonym_of_id: null });
          tag = { ...tag, synonym_of_id: null };
          await log('remove_synonym', { of: old?.name ?? null });
          await refresh(tag.id);
        }
      } else {
        const target = await findTagByKey(trx, tagKey(targetName));
        if (!target) throw ValidationFailed({ synonym_of: `There is no tag called “${targetName}”.` });
        if (target.id !== tag.synonym_of_id) {
          if (target.id === tag.id) throw ValidationFailed({ synonym_of: 'A tag cannot be a synonym of itself.' });
          if (target.canonical !== 1) throw ValidationFailed({ synonym_of: `“${target.name}” is not canonical.` });
          if (tag.canonical === 1) throw ValidationFailed({ synonym_of: 'A canonical tag cannot be a synonym: make it not canonical first.' });
          await updateTag(trx, tag.id, { synonym_of_id: target.id });
          tag = { ...tag, synonym_of_id: target.id };
          await log('make_synonym', { of: target.name });
          await refresh(tag.id);
        }
      }
    }

    const removals = (data.remove_parents ?? []).map(normalizeTagName).filter(Boolean);
    const additions = (data.add_parents ?? []).map(normalizeTagName).filter(Boolean);
    for (const parentName of removals) {
      const parent = await findTagByKey(trx, tagKey(parentName));
      if (!parent || !(await deleteTagParent(trx, parent.id, tag.id))) throw ValidationFailed({ remove_parents: `“${parentName}” is not a parent of this tag.` });
      await log('remove_parent', { parent: parent.name });
    }
    if (additions.length > 0 && tag.canonical !== 1) throw ValidationFailed({ add_parents: 'Make the tag canonical before giving it parents.' });
    for (const parentName of additions) {
      let parent = await findTagByKey(trx, tagKey(parentName));
      if (!parent) {
        // A parent that does not exist yet is created canonical: a fandom, except over freeforms (a meta freeform).
        parent = await insertTag(trx, { name: parentName, nameKey: tagKey(parentName), kind: tag.kind === 'freeform' ? 'freeform' : 'fandom', canonical: true, at });
        await replaceTagFilters(trx, parent.id, [parent.id]);
        await insertWranglingLog(trx, { actorId: actor.id, tagId: parent.id, action: 'create_canonical', details: { as_parent_of: tag.name }, at });
      }
      if (parent.canonical !== 1) throw ValidationFailed({ add_parents: `“${parent.name}” is not canonical.` });
      if (!parentAllowed(parent, tag)) throw ValidationFailed({ add_parents: `A ${parent.kind} cannot be a parent of a ${tag.kind}.` });
      if (parent.id === tag.id || (await ancestorIds(trx, parent.id)).has(tag.id)) {
        throw ValidationFailed({ add_parents: `“${parent.name}” is already under this tag: adding it as a parent would make a loop.` });
      }
      await insertTagParent(trx, parent.id, tag.id);
      await log('add_parent', { parent: parent.name });
    }
    if (removals.length + additions.length > 0) await refresh(tag.id);
    await reindexWorksTagged(trx, [...changed]);
    await refreshWorkFiltersForTags(trx, [...changed]);
    return tag;
  });
}

export interface TagView {
  readonly tag: Tag;
  readonly synonymOf: Tag | undefined;
  readonly synonyms: readonly Tag[];
  readonly parents: readonly Tag[];
  readonly children: readonly Tag[];
  /** Posted works listed under the tag (a synonym: its own), less those the reader excludes (muted authors, excluded tags). */
  readonly workCount: number;
}

/** Everything the tag page and its JSON twin show. */
export async function loadTagView(db: DbLike, name: string, mutedIds: readonly number[], excludedTagIds: readonly number[] = []): Promise<TagView> {
  const tag = await requireTag(db, name);
  const [synonymOf, synonyms, parents, children, workCount] = await Promise.all([
    tag.synonym_of_id === null ? Promise.resolve(undefined) : findTagById(db, tag.synonym_of_id),
    synonymsOf(db, tag.id),
    parentsOf(db, tag.id),
    childrenOf(db, tag.id),
    countTagListing(db, tag, { excludeAuthorIds: mutedIds, excludeTagIds: excludedTagIds }),
  ]);
  return { tag, synonymOf, synonyms, parents, children, workCount };
}

/** Grants or takes away the wrangler flag: administrators only. */
export async function setWrangler(db: DbLike, actor: User, username: string, input: unknown): Promise<User> {
  if (actor.is_admin !== 1) throw Forbidden('Only administrators can appoint tag wranglers.');
  const { wrangler } = validate(z.strictObject({ wrangler: z.boolean() }), input);
  const user = await findUserByUsername(db, username);
  if (!user) throw NotFound('user');
  await updateUser(db, user.id, { is_wrangler: wrangler ? 1 : 0 });
  return { ...user, is_wrangler: wrangler ? 1 : 0 };
}
