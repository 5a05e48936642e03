import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE, setAppCookie } from './cookies.js';
import { randomToken, safeEqual, sign } from './crypto.js';
import type { AppEnv } from './env.js';
import { CsrfFailed } from './errors.js';
import { readForm } from './forms.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Each browser holds a random, HttpOnly `ch_csrf` cookie; forms carry an HMAC of it under the site secret.
// A cross-site page can neither read the cookie nor compute the HMAC, so it cannot forge a form post.

/** Gives every browser a CSRF cookie and every page its token; checks the token on unsafe requests. */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { secret } = c.get('services');
  let seed = getCookie(c, CSRF_COOKIE);
  if (!seed || seed.length < 20) {
    seed = undefined;
  }
  const expected = seed ? sign(secret, seed) : undefined;
  if (!SAFE_METHODS.has(c.req.method) && needsCsrf(c)) {
    const given = c.req.header('x-csrf-token') ?? (await formToken(c));
    const tokenValid = expected !== undefined && given !== undefined && given !== '' && safeEqual(given, expected);
    if (!tokenValid && !(isGuest(c) && sameOrigin(c))) throw CsrfFailed();
  }
  if (!seed) {
    seed = randomToken();
    setAppCookie(c, CSRF_COOKIE, seed, 365 * 86_400);
  }
  c.set('csrfToken', sign(secret, seed));
  await next();
  // A response a shared cache may keep (public feeds, catalogs, downloads) must not carry a cookie, or the cache would
  // hand the same one to every visitor; such responses have no forms, so they need no CSRF cookie.
  if (/\bpublic\b/.test(c.res.headers.get('Cache-Control') ?? '')) c.res.headers.delete('Set-Cookie');
};

/** A request with no session: nothing to ride on but the guest's own address and cookies. */
function isGuest(c: Context<AppEnv>): boolean {
  return c.get('user') === undefined && getCookie(c, SESSION_COOKIE) === undefined;
}

/**
 * True when the browser says the request comes from this site's own pages (the Origin header, or Sec-Fetch-Site).
 * Guests' forms on shared pages carry no token (the page is the same for every guest, see shared-pages.ts), so their
 * posts are checked this way; a signed-in reader's forms always carry their token.
 */
function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== 'null') {
    if (origin === new URL(c.get('services').config.baseUrl).origin) return true;
    const host = c.req.header('host');
    return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
  }
  return c.req.header('sec-fetch-site') === 'same-origin';
}

/** Pages always need the token; the API only when the session cookie is what authenticates the request. */
function needsCsrf(c: Context<AppEnv>): boolean {
  // One-click unsubscribe (RFC 8058): mail clients POST without a cookie; the signed link is the authority.
  if (c.req.path.startsWith('/unsubscribe/')) return false;
  if (!c.req.path.startsWith('/api/')) return true;
  return c.get('authVia') === 'session';
}

async function formToken(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const form = await readForm(c);
  return form._csrf;
}
