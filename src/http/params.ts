import { NotFound } from './errors.js';

/** A positive integer from a URL segment, or a 404 naming `what`. */
export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^\d{1,10}$/.test(value)) throw NotFound(what);
  const id = Number(value);
  if (id < 1 || id > 2_147_483_647) throw NotFound(what);
  return id;
}

/** A 1-based page number from the query string (1 when absent or malformed), capped to keep offsets bounded. */
export function pageParam(value: string | undefined, max = 5000): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? Math.min(page, max) : 1;
}

/** Encodes a keyset cursor as an opaque string. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; undefined when it is not one. */
export function decodeCursor(value: string | undefined): unknown[] | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
