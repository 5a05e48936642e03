// The message a `serve --workers` worker sends its primary (and the primary relays to the other workers) when a write
// changed cached pages (src/cluster.ts, src/http/cache-invalidation.ts).

export const CACHE_MESSAGE = 'chapterhouse:cache-invalidate';

export interface CacheMessage {
  readonly type: typeof CACHE_MESSAGE;
  readonly tags: readonly string[];
}

/** True for a cache-invalidation message. */
export function isCacheMessage(message: unknown): message is CacheMessage {
  return typeof message === 'object' && message !== null && (message as CacheMessage).type === CACHE_MESSAGE && Array.isArray((message as CacheMessage).tags);
}
