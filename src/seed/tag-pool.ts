import type { Prng } from './prng.js';
import { fandomName, freeformName, inventedName } from './words.js';

// The synthetic archive's tags, wrangled as a wrangling team would leave them: canonical fandoms (some under a meta
// fandom "… (All Media Types)"), characters and relationships filed under their fandom, freeforms under a handful of
// meta freeforms, synonyms of canonical tags, and a share left unwrangled. tag_filters rows are derived exactly as
// src/tags computes them: a tag counts under its canonical tag (itself, or its synonym target) and every ancestor.

export type SeedTagKind = 'fandom' | 'relationship' | 'character' | 'freeform';

export interface SeedTag {
  readonly id: number;
  readonly name: string;
  readonly key: string;
  readonly kind: SeedTagKind;
  readonly canonical: 0 | 1;
  readonly synonymOf: number | null;
  readonly parents: number[];
  /** Filled by deriveFilters: the canonical tags it counts under, ascending ids (empty when unwrangled). */
  filterIds: number[];
  /** What the search index holds for it: its name, then the names of the tags it counts under (src/search). */
  indexNames: string[];
}

/** Tags authors put on works, by kind, most popular first; characters and relationships also by fandom group. */
export interface TagPool {
  readonly tags: SeedTag[];
  readonly fandoms: number[];
  readonly freeforms: number[];
  readonly characters: number[];
  readonly relationships: number[];
  /** Fandom tag id → the characters and relationships written for it. */
  readonly byFandom: Map<number, { characters: number[]; relationships: number[] }>;
}

const SUB_MEDIA = ['Books', 'TV', 'Film', 'Comics', 'Radio', 'Stage'];
const META_FREEFORMS = ['Slow Burn', 'Found Family', 'Hurt/Comfort', 'Fluff', 'Angst', 'Alternate Universe', 'Friendship', 'Character Study'];

/** How many tags an archive of `works` works gets: tens of thousands at a million works. */
export function tagPoolSize(works: number): number {
  return Math.max(120, Math.min(60_000, Math.round(works * 0.05)));
}

/**
 * Builds the pool. `firstId` is the first free tag id; `takenKeys` holds name keys already in the database (with
 * --force), which are avoided.
 */
export function buildTagPool(rng: Prng, size: number, firstId: number, createdKeys: Set<string>): TagPool {
  const tags: SeedTag[] = [];
  const add = (name: string, kind: SeedTagKind, canonical: boolean, synonymOf: number | null, parents: number[]): SeedTag => {
    let unique = name;
    for (let n = 2; createdKeys.has(unique.toLowerCase()); n++) unique = `${name} ${n}`;
    createdKeys.add(unique.toLowerCase());
    const tag: SeedTag = { id: firstId + tags.length, name: unique, key: unique.toLowerCase(), kind, canonical: canonical ? 1 : 0, synonymOf, parents, filterIds: [], indexNames: [] };
    tags.push(tag);
    return tag;
  };
  /** A variant spelling for a synonym: an accented letter, or a shortened form. */
  const variant = (name: string): string => {
    if (rng.chance(0.5) && /[aeiou]/.test(name)) return name.replace(/[aeiou](?=[^aeiou]*$)/, (v) => ({ a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü' })[v]!);
    const words = name.split(' ');
    return words.length > 1 ? `${words[0]!.charAt(0)}. ${words.slice(1).join(' ')}` : `${name} (alt)`;
  };

  const pool: TagPool = { tags, fandoms: [], freeforms: [], characters: [], relationships: [], byFandom: new Map() };
  const fandomCount = Math.max(6, Math.round(size * 0.05));
  const characterCount = Math.round(size * 0.4);
  const relationshipCount = Math.round(size * 0.2);
  const freeformCount = Math.max(10, size - fandomCount - characterCount - relationshipCount);

  // Fandoms: a group is a canonical fandom the works of its synonyms and sub fandoms are filed under.
  const groups: number[] = [];
  while (pool.fandoms.length < fandomCount) {
    const base = fandomName(rng);
    if (rng.chance(0.15)) {
      const meta = add(`${base} (All Media Types)`, 'fandom', true, null, []);
      const media = [...SUB_MEDIA].sort(() => rng.next() - 0.5).slice(0, rng.int(2, 3));
      for (const medium of media) {
        const sub = add(`${base} (${medium})`, 'fandom', true, null, [meta.id]);
        pool.fandoms.push(sub.id);
        groups.push(sub.id);
      }
      if (rng.chance(0.3)) pool.fandoms.push(meta.id);
      continue;
    }
    const roll = rng.next();
    if (roll < 0.08 && groups.length > 0) {
      const target = tags[groups[rng.skewedIndex(groups.length)]! - firstId]!;
      pool.fandoms.push(add(variant(target.name), 'fandom', false, target.id, []).id);
    } else if (roll < 0.13) {
      pool.fandoms.push(add(base, 'fandom', false, null, []).id);
    } else {
      const fandom = add(base, 'fandom', true, null, []);
      pool.fandoms.push(fandom.id);
      groups.push(fandom.id);
    }
  }
  const groupOf = (fandomId: number): number => {
    const tag = tags[fandomId - firstId]!;
    return tag.synonymOf ?? fandomId;
  };
  const entry = (groupId: number) => {
    let e = pool.byFandom.get(groupId);
    if (!e) pool.byFandom.set(groupId, (e = { characters: [], relationships: [] }));
    return e;
  };

  // Characters: filed under a fandom chosen with a long tail (big fandoms have many characters).
  const canonicalCharacters: SeedTag[] = [];
  for (let i = 0; i < characterCount; i++) {
    const group = groupOf(pool.fandoms[rng.skewedIndex(pool.fandoms.length, 2)]!);
    const roll = rng.next();
    let tag: SeedTag;
    if (roll < 0.1 && canonicalCharacters.length > 0) {
      const target = canonicalCharacters[rng.skewedIndex(canonicalCharacters.length, 2)]!;
      tag = add(variant(target.name), 'character', false, target.id, []);
      entry(groupOf(target.parents[0] ?? group)).characters.push(tag.id);
    } else if (roll < 0.15) {
      tag = add(`${inventedName(rng)} ${inventedName(rng)}`, 'character', false, null, []);
      entry(group).characters.push(tag.id);
    } else {
      tag = add(`${inventedName(rng)} ${inventedName(rng)}`, 'character', true, null, tags[group - firstId]!.canonical ? [group] : []);
      canonicalCharacters.push(tag);
      entry(group).characters.push(tag.id);
    }
    pool.characters.push(tag.id);
  }

  // Relationships: two characters of one fandom, "A/B" (romantic) or "A & B" (platonic).
  const canonicalRelationships: SeedTag[] = [];
  for (let i = 0; i < relationshipCount; i++) {
    const group = groupOf(pool.fandoms[rng.skewedIndex(pool.fandoms.length, 2)]!);
    const cast = entry(group).characters;
    const nameOf = (id: number) => tags[id - firstId]!.name;
    const a = cast.length > 0 ? nameOf(rng.pick(cast)) : `${inventedName(rng)} ${inventedName(rng)}`;
    const b = cast.length > 1 ? nameOf(rng.pick(cast)) : `${inventedName(rng)} ${inventedName(rng)}`;
    const name = `${a}${rng.chance(0.7) ? '/' : ' & '}${b === a ? `${inventedName(rng)} ${inventedName(rng)}` : b}`;
    const roll = rng.next();
    let tag: SeedTag;
    if (roll < 0.08 && canonicalRelationships.length > 0) {
      const target = canonicalRelationships[rng.skewedIndex(canonicalRelationships.length, 2)]!;
      tag = add(variant(target.name), 'relationship', false, target.id, []);
    } else if (roll < 0.15) {
      tag = add(name, 'relationship', false, null, []);
    } else {
      tag = add(name, 'relationship', true, null, tags[group - firstId]!.canonical ? [group] : []);
      canonicalRelationships.push(tag);
    }
    entry(group).relationships.push(tag.id);
    pool.relationships.push(tag.id);
  }

  // Freeforms: a few meta freeforms, most canonical freeforms under one of them, synonyms, and unwrangled ones.
  const metas = META_FREEFORMS.map((name) => add(name, 'freeform', true, null, []));
  pool.freeforms.push(...metas.map((m) => m.id));
  const canonicalFreeforms: SeedTag[] = [...metas];
  while (pool.freeforms.length < freeformCount) {
    const name = freeformName(rng);
    const roll = rng.next();
    let tag: SeedTag;
    if (roll < 0.15) {
      const target = canonicalFreeforms[rng.skewedIndex(canonicalFreeforms.length, 2)]!;
      tag = add(variant(target.name), 'freeform', false, target.id, []);
    } else if (roll < 0.35) {
      tag = add(name, 'freeform', false, null, []);
    } else {
      const head = metas.find((m) => name.startsWith(`${m.name} - `));
      tag = add(name, 'freeform', true, null, head ? [head.id] : []);
      canonicalFreeforms.push(tag);
    }
    pool.freeforms.push(tag.id);
  }
  deriveFilters(tags, firstId);
  return pool;
}

/** tag_filters and the indexed names of every tag, as src/tags and src/search compute them. */
function deriveFilters(tags: SeedTag[], firstId: number): void {
  const byId = (id: number) => tags[id - firstId]!;
  const ancestors = (id: number, out: Set<number>) => {
    for (const parent of byId(id).parents) {
      if (out.has(parent)) continue;
      out.add(parent);
      ancestors(parent, out);
    }
    return out;
  };
  for (const tag of tags) {
    const base = byId(tag.synonymOf ?? tag.id);
    tag.filterIds = base.canonical === 1 ? [...new Set([base.id, ...ancestors(base.id, new Set())])].sort((a, b) => a - b) : [];
    const names = [tag.name];
    for (const id of tag.filterIds) if (id !== tag.id && !names.includes(byId(id).name)) names.push(byId(id).name);
    tag.indexNames = names;
  }
}
