import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { clientIp } from './client-ip.js';
import { setAppCookie } from './cookies.js';
import { randomToken, sign } from './crypto.js';
import type { AppEnv } from './env.js';

// Guests are told apart (one kudos per guest, one hit per visitor per day) by a keyed hash of their IP address and
// a random long-lived browser cookie. Only the hash is stored: never the address, never the raw cookie.

export const VISITOR_COOKIE = 'ch_visitor';

/**
 * The browser's visitor cookie. When the request carried none: with `issue`, a new one is set and returned (a
 * reading page, so the browser's first view and its later ones share a key); without, '' is returned, so a client
 * without a cookie jar (curl, an API script) is keyed on its address alone rather than on a fresh random value per
 * request, which would let it leave unlimited guest kudos.
 */
export function visitorCookie(c: Context<AppEnv>, issue: boolean): string {
  const value = getCookie(c, VISITOR_COOKIE);
  if (value && /^[A-Za-z0-9_-]{20,64}$/.test(value)) return value;
  if (!issue) return '';
  const fresh = randomToken(18);
  setAppCookie(c, VISITOR_COOKIE, fresh, 365 * 86_400);
  return fresh;
}

/** An opaque key for this guest, separate per `purpose` so keys from one table cannot be matched to another's. */
export function guestKey(c: Context<AppEnv>, purpose: string, options: { issueCookie?: boolean } = {}): string {
  return sign(c.get('services').secret, `${purpose}:${clientIp(c)}:${visitorCookie(c, options.issueCookie ?? false)}`);
}
