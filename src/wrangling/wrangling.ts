import type { Db, DbLike } from '../db/connection.js';
import type { Tag, User } from '../db/schema.js';
import { findUserByUsername } from '../accounts/users.queries.js';
import { Forbidden, ValidationFailed } from '../http/errors.js';
import { decodeCursor, encodeCursor } from '../http/params.js';
import { canWrangle, requireTag, wrangleTag, type WrangleInput } from '../tags/tags.js';
import { findTagById, findTagByKey } from '../tags/tags.queries.js';
import { normalizeTagName, tagKey } from '../works/tag-names.js';
import {
  fandomsWithUnwrangledTags,
  listWranglingLog,
  unwrangledFandoms,
  unwrangledTagsInFandom,
  type QueueFandom,
  type QueueTag,
  type WranglingLogEntry,
} from './wrangling.queries.js';

// The wrangling area (issue 4, §1): the queue of unwrangled tags per fandom, the queue of unwrangled fandoms, actions
// on queued tags (through wrangleTag, which logs each change), and the whole wrangling log. Pages and API share these.

export const QUEUE_PAGE_SIZE = 50;
export const FANDOM_LIST_SIZE = 200;
export const LOG_PAGE_SIZE = 50;
/** The kinds queued under a fandom. */
export const QUEUED_KINDS = ['character', 'relationship', 'freeform'] as const;

/** The wrangler (or administrator) using the area; 403 for anyone else. */
export function requireWrangler(user: User): User {
  if (!canWrangle(user)) throw Forbidden('Only tag wranglers can use the wrangling area.');
  return user;
}

export interface QueueRequest {
  readonly fandom?: string | undefined;
  readonly kind?: string | undefined;
  readonly cursor?: string | undefined;
}

export interface WranglingQueue {
  /** Canonical fandoms with unwrangled tags, with counts (the picker). */
  readonly fandoms: readonly QueueFandom[];
  /** The fandom picked, when one was. */
  readonly fandom: Tag | undefined;
  readonly kind: string | undefined;
  /** Unwrangled tags in the fandom, or unwrangled fandoms when none was picked. */
  readonly tags: readonly QueueTag[];
  /** The cursor of the next page, or null at the end. */
  readonly next: string | null;
}

function parseCursor(raw: string | undefined): { kind: string; nameKey: string } | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parts = decodeCursor(raw);
  if (!parts || parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') throw ValidationFailed({ cursor: 'That cursor is not valid.' });
  return { kind: parts[0], nameKey: parts[1] };
}

/** The canonical fandom a queue is for (a synonym leads to its canonical tag); 422 for anything else. */
async function queueFandom(db: DbLike, name: string): Promise<Tag> {
  const tag = await findTagByKey(db, tagKey(name));
  const target = tag?.synonym_of_id != null ? await findTagById(db, tag.synonym_of_id) : tag;
  if (!target || target.kind !== 'fandom' || target.canonical !== 1) throw ValidationFailed({ fandom: `“${normalizeTagName(name)}” is not a canonical fandom.` });
  return target;
}

/** One page of a wrangling queue: a fandom's unwrangled tags (all queued kinds, or one), or the unwrangled fandoms. */
export async function loadQueue(db: DbLike, request: QueueRequest): Promise<WranglingQueue> {
  const kind = request.kind === '' ? undefined : request.kind;
  const after = parseCursor(request.cursor);
  const fandomName = (request.fandom ?? '').trim();
  const fandoms = await fandomsWithUnwrangledTags(db, { limit: FANDOM_LIST_SIZE });
  let fandom: Tag | undefined;
  let rows: QueueTag[];
  if (fandomName !== '') {
    if (kind !== undefined && !(QUEUED_KINDS as readonly string[]).includes(kind)) throw ValidationFailed({ kind: 'Choose character, relationship or freeform.' });
    fandom = await queueFandom(db, fandomName);
    rows = await unwrangledTagsInFandom(db, fandom.id, { kinds: kind ? [kind] : QUEUED_KINDS, after, limit: QUEUE_PAGE_SIZE + 1 });
  } else {
    if (kind !== undefined && kind !== 'fandom') throw ValidationFailed({ kind: 'Without a fandom, the queue holds fandoms only.' });
    rows = await unwrangledFandoms(db, { after: after?.nameKey, limit: QUEUE_PAGE_SIZE + 1 });
  }
  const tags = rows.slice(0, QUEUE_PAGE_SIZE);
  const last = tags.at(-1);
  const next = rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor([last.kind, tagKey(last.name)]) : null;
  return { fandoms, fandom, kind, tags, next };
}

/** The queue's actions, as posted from its forms. */
export type QueueAction = { action: 'canonical' } | { action: 'synonym'; synonymOf: string } | { action: 'parent'; parent: string };

/**
 * Applies a queue action to a tag through wrangleTag (which logs it). "Add to fandom" makes the tag canonical and
 * gives it an existing canonical fandom as parent, in one transaction.
 */
export async function wrangleFromQueue(db: Db, actor: User, name: string, action: QueueAction): Promise<Tag> {
  requireWrangler(actor);
  let input: WrangleInput;
  if (action.action === 'canonical') {
    input = { canonical: true };
  } else if (action.action === 'synonym') {
    const target = normalizeTagName(action.synonymOf);
    if (target === '') throw ValidationFailed({ synonym_of: 'Enter the canonical tag this one means.' });
    input = { synonym_of: target };
  } else {
    const parentName = normalizeTagName(action.parent);
    if (parentName === '') throw ValidationFailed({ add_parents: 'Enter a canonical fandom.' });
    const parent = await findTagByKey(db, tagKey(parentName));
    if (!parent || parent.kind !== 'fandom' || parent.canonical !== 1) throw ValidationFailed({ add_parents: `“${parentName}” is not a canonical fandom.` });
    input = { canonical: true, add_parents: [parent.name] };
  }
  return wrangleTag(db, actor, name, input);
}

export interface LogRequest {
  readonly tag?: string | undefined;
  readonly wrangler?: string | undefined;
  readonly cursor?: string | undefined;
}

export interface WranglingLogPage {
  readonly entries: readonly WranglingLogEntry[];
  readonly next: string | null;
}

/** One page of the wrangling log, newest first, for one tag or one wrangler when asked. Unknown names are a 422. */
export async function loadWranglingLog(db: DbLike, request: LogRequest): Promise<WranglingLogPage> {
  const tagName = (request.tag ?? '').trim();
  const wranglerName = (request.wrangler ?? '').trim();
  let before: number | undefined;
  if (request.cursor) {
    const parts = decodeCursor(request.cursor);
    if (!parts || parts.length !== 1 || !Number.isInteger(parts[0])) throw ValidationFailed({ cursor: 'That cursor is not valid.' });
    before = parts[0] as number;
  }
  const errors: Record<string, string> = {};
  const tag = tagName === '' ? undefined : await findTagByKey(db, tagKey(tagName));
  if (tagName !== '' && !tag) errors.tag = `There is no tag called “${normalizeTagName(tagName)}”.`;
  const wrangler = wranglerName === '' ? undefined : await findUserByUsername(db, wranglerName);
  if (wranglerName !== '' && !wrangler) errors.wrangler = `There is no account called “${wranglerName}”.`;
  if (Object.keys(errors).length > 0) throw ValidationFailed(errors);
  const rows = await listWranglingLog(db, { tagId: tag?.id, actorId: wrangler?.id, before, limit: LOG_PAGE_SIZE + 1 });
  const entries = rows.slice(0, LOG_PAGE_SIZE);
  const last = entries.at(-1);
  return { entries, next: rows.length > LOG_PAGE_SIZE && last ? encodeCursor([last.id]) : null };
}

/** Reads a log entry's JSON details (an object; anything else reads as empty). */
export function logDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A wrangling log entry in words: "Made a synonym of “X”". */
export function describeWrangling(action: string, details: Record<string, unknown>): string {
  const q = (value: unknown) => `“${String(value)}”`;
  switch (action) {
    case 'rename':
      return `Renamed from ${q(details.from)} to ${q(details.to)}`;
    case 'make_canonical':
      return 'Made canonical';
    case 'remove_canonical':
      return 'Made not canonical';
    case 'make_synonym':
      return `Made a synonym of ${q(details.of)}`;
    case 'remove_synonym':
      return details.of ? `No longer a synonym of ${q(details.of)}` : 'No longer a synonym';
    case 'add_parent':
      return `Added parent ${q(details.parent)}`;
    case 'remove_parent':
      return `Removed parent ${q(details.parent)}`;
    case 'create_canonical':
      return details.as_parent_of ? `Created as a canonical tag, parent of ${q(details.as_parent_of)}` : 'Created as a canonical tag';
    default: {
      const rest = Object.entries(details).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      return [action.replace(/_/g, ' '), ...rest].join('; ');
    }
  }
}
