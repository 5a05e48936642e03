import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { isHttps } from '../config.js';
import type { AppEnv } from './env.js';

export const SESSION_COOKIE = 'ch_session';
export const CSRF_COOKIE = 'ch_csrf';
export const FLASH_COOKIE = 'ch_flash';
export const ADULT_COOKIE = 'view_adult';

/** Sets an HttpOnly, SameSite=Lax cookie, Secure when the archive is served over HTTPS. */
export function setAppCookie(c: Context<AppEnv>, name: string, value: string, maxAgeSeconds?: number): void {
  setCookie(c, name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c.get('services').config),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}

/** Removes a cookie set by setAppCookie. */
export function clearAppCookie(c: Context<AppEnv>, name: string): void {
  deleteCookie(c, name, { path: '/', secure: isHttps(c.get('services').config) });
}
