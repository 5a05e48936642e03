import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findSessionUser, insertSession, deleteSession } from '../accounts/sessions.queries.js';
import { findTokenUser, touchApiToken } from '../accounts/tokens.queries.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { SESSION_COOKIE, clearAppCookie, setAppCookie } from './cookies.js';
import { hashToken, randomToken } from './crypto.js';
import { BASIC_CHALLENGE, readCredentials } from './credentials.js';
import type { AppEnv } from './env.js';
import { BasicCredentialsReadOnly, InvalidToken } from './errors.js';

const SESSION_DAYS = 30;

/**
 * Resolves the user from a personal access token (Bearer, or Basic with the token as password: see credentials.ts)
 * or the session cookie. A bad token is a 401, never a guest.
 */
export const loadUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get('services');
  c.set('user', undefined);
  c.set('authVia', undefined);
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const credentials = readCredentials(authorization);
    // Basic credentials only read: browsers replay them on cross-site requests as they do cookies, so a write made
    // with them would skip the CSRF check that token-authenticated API calls skip.
    if (credentials.scheme === 'basic' && c.req.method !== 'GET' && c.req.method !== 'HEAD') throw BasicCredentialsReadOnly();
    const found = credentials.scheme === 'unknown' ? undefined : await findTokenUser(db, hashToken(credentials.token));
    if (!found) {
      if (/^Basic\b/i.test(authorization)) c.header('WWW-Authenticate', BASIC_CHALLENGE);
      throw InvalidToken();
    }
    // "Last used" to the minute: a write on every API call would cost more than the call.
    const at = now();
    if (!found.lastUsedAt || Date.parse(at) - Date.parse(found.lastUsedAt) > 60_000) await touchApiToken(db, found.tokenId, at);
    c.set('user', found.user);
    c.set('authVia', 'token');
    return next();
  }
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const user = await findSessionUser(db, hashToken(token), now());
    if (user) {
      c.set('user', user);
      c.set('authVia', 'session');
    } else {
      clearAppCookie(c, SESSION_COOKIE);
    }
  }
  return next();
};

/** Starts a new session for `user` (a fresh token, so a session id seen before sign-in is useless). */
export async function startSession(c: Context<AppEnv>, user: User): Promise<void> {
  const { db } = c.get('services');
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await deleteSession(db, hashToken(previous));
  const token = randomToken();
  const created = new Date();
  const expires = new Date(created.getTime() + SESSION_DAYS * 86_400_000);
  await insertSession(db, { token_hash: hashToken(token), user_id: user.id, created_at: created.toISOString(), expires_at: expires.toISOString(), user_agent: c.req.header('user-agent')?.slice(0, 300) ?? null });
  setAppCookie(c, SESSION_COOKIE, token, SESSION_DAYS * 86_400);
  c.set('user', user);
  c.set('authVia', 'session');
}

/** Ends the current session. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(c.get('services').db, hashToken(token));
  clearAppCookie(c, SESSION_COOKIE);
  c.set('user', undefined);
  c.set('authVia', undefined);
}

/** The hash of the current session token, if any (to keep this session when ending the others). */
export function currentSessionHash(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? hashToken(token) : undefined;
}
