import type { WorkTag } from './works.queries.js';
import { TAG_FIELDS, TAG_KINDS, type TagKind } from './ratings.js';

/** A tag name as stored: trimmed, inner whitespace collapsed, Unicode NFC. */
export function normalizeTagName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The case-insensitive key that makes tag names unique across the archive. */
export function tagKey(name: string): string {
  return normalizeTagName(name).toLowerCase();
}

/** Splits a comma-separated form field into tag names. */
export function splitTagField(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(normalizeTagName)
    .filter(Boolean);
}

export type TagsByField = Record<'fandoms' | 'relationships' | 'characters' | 'freeforms', string[]>;

/** Groups a work's tags by their JSON field. */
export function groupTags(tags: readonly WorkTag[]): TagsByField {
  const out: TagsByField = { fandoms: [], relationships: [], characters: [], freeforms: [] };
  for (const tag of tags) {
    if ((TAG_KINDS as readonly string[]).includes(tag.kind)) out[TAG_FIELDS[tag.kind as TagKind]].push(tag.name);
  }
  return out;
}

/**
 * Flattens tags by field into one ordered list, dropping repeats (case-insensitively) so a tag attaches once,
 * under the first field it was entered in.
 */
export function flattenTags(fields: TagsByField): { name: string; key: string; kind: TagKind }[] {
  const seen = new Set<string>();
  const out: { name: string; key: string; kind: TagKind }[] = [];
  for (const kind of TAG_KINDS) {
    for (const raw of fields[TAG_FIELDS[kind]]) {
      const name = normalizeTagName(raw);
      const key = name.toLowerCase();
      if (!name || seen.has(key)) continue;
      seen.add(key);
      out.push({ name, key, kind });
    }
  }
  return out;
}
