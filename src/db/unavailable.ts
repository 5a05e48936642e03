// Telling "the database cannot be reached" apart from every other failure, so the one error handler can answer
// 503 (with Retry-After) while PostgreSQL is down or cut off, instead of a 500 that looks like a bug.

/** Socket-level codes: the connection was refused, reset, timed out or the host is unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs meaning "not now": class 08 (connection exception), 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up or in recovery), 53300 too many connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages node-postgres, pg-pool and Kysely use for a lost, timed-out or unusable connection (they carry no code). */
const MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'connection timeout',
  'is not queryable',
  'postgres connection has been discarded',
  'connection ended unexpectedly',
];

/**
 * True when `error` (or one of an AggregateError's errors: a host name with several addresses) means the database
 * is unreachable. Causes are not followed, so an outgoing HTTP call that fails (`fetch failed`, caused by
 * ECONNREFUSED) stays the 500 it is rather than passing for a database outage.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string') {
    const lower = message.toLowerCase();
    if (MESSAGES.some((m) => lower.includes(m))) return true;
  }
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}
