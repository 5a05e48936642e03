import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';

// The wrangling area's reads. "Unwrangled" means neither canonical nor a synonym: every such tag is in the partial
// index tags_unwrangled (kind, name_key), so the queues read unwrangled tags only, however large the archive grows.
// (Only canonical tags can have parents here, so an unwrangled tag has no fandom yet by construction.)

export interface QueueTag {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  /** How many works carry the tag itself. */
  readonly uses: number;
}

export interface QueueFandom {
  readonly name: string;
  /** Unwrangled characters, relationships and freeforms on works in the fandom (or its sub fandoms). */
  readonly unwrangled: number;
}

/** Keyset position in a queue: the last row's kind and name key. */
export interface QueueCursor {
  readonly kind: string;
  readonly nameKey: string;
}

const usesOf = sql<number | string>`(select count(*) from work_tags wu where wu.tag_id = tags.id)`;

const toQueueTag = (r: { id: number; name: string; kind: string; uses: number | string }): QueueTag => ({ id: r.id, name: r.name, kind: r.kind, uses: Number(r.uses) });

/** A page of unwrangled fandom tags, by name, after `after`. */
export async function unwrangledFandoms(db: DbLike, page: { after?: string | undefined; limit: number }): Promise<QueueTag[]> {
  let query = db
    .selectFrom('tags')
    .select(['tags.id', 'tags.name', 'tags.kind', usesOf.as('uses')])
    .where('tags.kind', '=', 'fandom')
    .where('tags.canonical', '=', 0)
    .where('tags.synonym_of_id', 'is', null);
  if (page.after !== undefined) query = query.where('tags.name_key', '>', page.after);
  const rows = await query.orderBy('tags.name_key').limit(page.limit).execute();
  return rows.map(toQueueTag);
}

/**
 * The canonical fandoms with unwrangled characters, relationships or freeforms on their works (a meta fandom counts
 * those of its sub fandoms), by name, after `after`. Reads the unwrangled tags and their works' fandoms: its cost
 * follows the size of the queue, not of the archive.
 */
export async function fandomsWithUnwrangledTags(db: DbLike, page: { after?: string | undefined; limit: number }): Promise<QueueFandom[]> {
  let query = db
    .selectFrom('tags as u')
    .innerJoin('work_tags as a', 'a.tag_id', 'u.id')
    .innerJoin('work_tags as b', (j) => j.onRef('b.work_id', '=', 'a.work_id').on('b.kind', '=', 'fandom'))
    .innerJoin('tag_filters as tf', 'tf.tag_id', 'b.tag_id')
    .innerJoin('tags as f', (j) => j.onRef('f.id', '=', 'tf.filter_id').on('f.kind', '=', 'fandom'))
    .select(['f.name', 'f.name_key', sql<number | string>`count(distinct u.id)`.as('n')])
    .where('u.kind', 'in', ['character', 'relationship', 'freeform'])
    .where('u.canonical', '=', 0)
    .where('u.synonym_of_id', 'is', null)
    .groupBy(['f.id', 'f.name', 'f.name_key']);
  if (page.after !== undefined) query = query.where('f.name_key', '>', page.after);
  const rows = await query.orderBy('f.name_key').limit(page.limit).execute();
  return rows.map((r) => ({ name: r.name, unwrangled: Number(r.n) }));
}

/**
 * A page of unwrangled tags of the given kinds used on works in a canonical fandom (through its sub fandoms and
 * synonyms, as listings resolve it), by kind then name, after `after`.
 */
export async function unwrangledTagsInFandom(
  db: DbLike,
  fandomId: number,
  page: { kinds: readonly string[]; after?: QueueCursor | undefined; limit: number },
): Promise<QueueTag[]> {
  let query = db
    .selectFrom('tags')
    .select(['tags.id', 'tags.name', 'tags.kind', usesOf.as('uses')])
    .where('tags.kind', 'in', page.kinds)
    .where('tags.canonical', '=', 0)
    .where('tags.synonym_of_id', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('work_tags as a')
          .innerJoin('work_tags as b', (j) => j.onRef('b.work_id', '=', 'a.work_id').on('b.kind', '=', 'fandom'))
          .innerJoin('tag_filters as tf', (j) => j.onRef('tf.tag_id', '=', 'b.tag_id').on('tf.filter_id', '=', fandomId))
          .select('a.work_id')
          .whereRef('a.tag_id', '=', 'tags.id'),
      ),
    );
  const after = page.after;
  if (after !== undefined) {
    query = query.where((eb) => eb.or([eb('tags.kind', '>', after.kind), eb.and([eb('tags.kind', '=', after.kind), eb('tags.name_key', '>', after.nameKey)])]));
  }
  const rows = await query.orderBy('tags.kind').orderBy('tags.name_key').limit(page.limit).execute();
  return rows.map(toQueueTag);
}

export interface WranglingLogEntry {
  readonly id: number;
  readonly action: string;
  /** JSON text. */
  readonly details: string;
  readonly created_at: string;
  readonly actor: string | null;
  readonly tag_name: string;
  readonly tag_kind: string;
}

/** A page of the wrangling log, newest first, before entry id `before`, optionally for one tag or one wrangler. */
export async function listWranglingLog(
  db: DbLike,
  page: { tagId?: number | undefined; actorId?: number | undefined; before?: number | undefined; limit: number },
): Promise<WranglingLogEntry[]> {
  let query = db
    .selectFrom('tag_wrangling_log as l')
    .innerJoin('tags as t', 't.id', 'l.tag_id')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .select(['l.id', 'l.action', 'l.details', 'l.created_at', 'u.username as actor', 't.name as tag_name', 't.kind as tag_kind']);
  if (page.tagId !== undefined) query = query.where('l.tag_id', '=', page.tagId);
  if (page.actorId !== undefined) query = query.where('l.actor_id', '=', page.actorId);
  if (page.before !== undefined) query = query.where('l.id', '<', page.before);
  return query.orderBy('l.id', 'desc').limit(page.limit).execute();
}
