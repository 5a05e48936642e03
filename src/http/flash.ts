import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { FLASH_COOKIE, clearAppCookie, setAppCookie } from './cookies.js';
import type { AppEnv } from './env.js';

/** Reads (and clears) the one-shot message left by the previous redirect. */
export const loadFlash: MiddlewareHandler<AppEnv> = async (c, next) => {
  const raw = getCookie(c, FLASH_COOKIE);
  c.set('flash', undefined);
  if (raw && c.req.method === 'GET') {
    c.set('flash', decodeURIComponent(raw).slice(0, 300));
    clearAppCookie(c, FLASH_COOKIE);
  }
  return next();
};

/** Redirects (303, post-redirect-get) and shows `message` on the next page. */
export function redirectWithFlash(c: Context<AppEnv>, location: string, message: string): Response {
  setAppCookie(c, FLASH_COOKIE, encodeURIComponent(message), 60);
  return c.redirect(location, 303);
}
