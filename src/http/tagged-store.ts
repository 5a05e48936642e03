// A memory store of rendered pieces (the guests' page cache, the signed-in page's parts): entries under a key, each
// with cache tags (`work:<id>`, `listings`) and a size, the least recently used dropped past a byte budget, each at
// most `ttlMs` old. Invalidating a tag drops its entries (`*` drops all) and moves the generation on, so a render that
// began before an invalidation can tell it may be stale.

interface Stored<V> {
  readonly value: V;
  readonly tags: readonly string[];
  readonly storedAt: number;
  readonly bytes: number;
}

export class TaggedStore<V> {
  private readonly entries = new Map<string, Stored<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  private generationCounter = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly ttlMs: number,
  ) {}

  /** Bumped by every invalidation. */
  get generation(): number {
    return this.generationCounter;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The fresh value under `key`, or undefined (an expired entry is dropped). */
  get(key: string, at = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (at - entry.storedAt > this.ttlMs) {
      this.remove(key);
      return undefined;
    }
    // Map order is the recency order: move the entry to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value of about `bytes` under `key` with its tags, then drops the least recently used past the budget. */
  set(key: string, value: V, tags: readonly string[], bytes: number): void {
    this.remove(key);
    this.entries.set(key, { value, tags, storedAt: Date.now(), bytes });
    this.bytes += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.bytes > this.maxBytes && this.entries.size > 0) this.remove(this.entries.keys().next().value as string);
  }

  /** Drops every entry carrying one of `tags` (`*` drops everything). */
  invalidate(tags: readonly string[]): void {
    this.generationCounter += 1;
    if (tags.includes('*')) {
      this.entries.clear();
      this.byTag.clear();
      this.bytes = 0;
      return;
    }
    for (const tag of tags) {
      for (const key of [...(this.byTag.get(tag) ?? [])]) this.remove(key);
      this.byTag.delete(tag);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys && keys.size === 0) this.byTag.delete(tag);
    }
  }
}
