import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { NotFound } from '../http/errors.js';
import { deleteUserSessionByPrefix, deleteUserSessions, listUserSessions } from './sessions.queries.js';

// The reader's signed-in browsers. A session is named by the first 16 hex digits of its token's hash: enough to tell
// sessions apart, and useless as a cookie (the cookie holds the token, and the hash cannot be reversed).

const ID_LENGTH = 16;

/** "Firefox on Linux"-style words for a User-Agent header; "Unknown browser" when there is none. */
export function summarizeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : 'A program';
  const os = /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : undefined;
  return os ? `${browser} on ${os}` : browser;
}

export interface ActiveSession {
  readonly id: string;
  readonly created_at: string;
  readonly expires_at: string;
  readonly browser: string;
  readonly current: boolean;
}

/** The user's live sessions, newest first, marking the one making this request. */
export async function listActiveSessions(db: Db, userId: number, currentHash: string | undefined): Promise<ActiveSession[]> {
  const rows = await listUserSessions(db, userId, now());
  return rows.map((row) => ({
    id: row.token_hash.slice(0, ID_LENGTH),
    created_at: row.created_at,
    expires_at: row.expires_at,
    browser: summarizeUserAgent(row.user_agent),
    current: row.token_hash === currentHash,
  }));
}

/** Signs out one of the user's sessions by its list id; 404 for an unknown id or someone else's session. */
export async function revokeActiveSession(db: Db, userId: number, id: string): Promise<void> {
  if (!new RegExp(`^[0-9a-f]{${ID_LENGTH}}$`).test(id) || !(await deleteUserSessionByPrefix(db, userId, id))) throw NotFound('session');
}

/** Signs out every session of the user except the current one (all of them when there is none, as with a token). */
export async function revokeOtherSessions(db: Db, userId: number, currentHash: string | undefined): Promise<void> {
  await deleteUserSessions(db, userId, currentHash);
}
