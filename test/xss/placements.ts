import { marker, type Payload } from './payloads.js';

// Spreads the corpus across the user-text fields: each field walks the whole corpus from its own starting point,
// so every field gets a large, different share and every payload lands in many fields. A placement counts as
// stored only once the request that carried it succeeded.

export interface Placement {
  readonly text: string;
  readonly ids: readonly number[];
}

export interface TakeOptions {
  /** The field's limit in characters (the whole packed text stays under it). */
  readonly maxChars: number;
  /** How many payloads to pack at most. */
  readonly maxCount: number;
  /** A tag name: one payload, no commas (they separate tags). */
  readonly tag?: boolean;
}

export class Distributor {
  private readonly cursors = new Map<string, number>();
  /** Payload ids stored per field. */
  readonly stored = new Map<string, Set<number>>();

  constructor(private readonly payloads: readonly Payload[]) {}

  /** The next payloads for `field`, each behind its marker, packed up to the limits. */
  take(field: string, options: TakeOptions): Placement {
    const n = this.payloads.length;
    let cursor = this.cursors.get(field) ?? startOf(field, n);
    const parts: string[] = [];
    const ids: number[] = [];
    let length = 0;
    for (let scanned = 0; scanned < n && ids.length < (options.tag ? 1 : options.maxCount); scanned++) {
      const payload = this.payloads[cursor % n]!;
      const entry = `${marker(payload.id)} ${payload.text}`;
      const added = entry.length + (parts.length ? 2 : 0);
      if (options.tag && (payload.text.includes(',') || entry.length > options.maxChars)) {
        cursor++;
        continue;
      }
      if (length + added > options.maxChars) {
        // Too long to fit: try the next one, unless nothing fits at all.
        if (parts.length === 0 && entry.length > options.maxChars) {
          cursor++;
          continue;
        }
        break;
      }
      parts.push(entry);
      ids.push(payload.id);
      length += added;
      cursor++;
    }
    this.cursors.set(field, cursor);
    return { text: parts.join('\n\n'), ids };
  }

  /** Records a placement as stored (its request succeeded). */
  record(field: string, placement: Placement): void {
    const set = this.stored.get(field) ?? new Set<number>();
    for (const id of placement.ids) set.add(id);
    this.stored.set(field, set);
  }

  /** Every payload id stored in any field. */
  allStored(): Set<number> {
    const all = new Set<number>();
    for (const set of this.stored.values()) for (const id of set) all.add(id);
    return all;
  }
}

/** A field's starting point in the corpus, spread by a hash of its name. */
function startOf(field: string, n: number): number {
  let h = 2166136261;
  for (const ch of field) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h % n;
}
