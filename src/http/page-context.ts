import type { Context } from 'hono';
import type { User } from '../db/schema.js';
import type { AppEnv } from './env.js';

/** What every page needs to know about the request, built once per request. */
export interface PageContext {
  readonly user: User | undefined;
  readonly csrfToken: string;
  readonly flash: string | undefined;
  /** The path and query of the current page (for "log in and come back" links). */
  readonly path: string;
  readonly registrationOpen: boolean;
  /** The archive's name, from the site settings. */
  readonly siteName: string;
  /** False when the site settings turn guest comments off (comment forms then ask guests to log in). */
  readonly guestComments: boolean;
}

/** The page context of the current request. */
export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url);
  return {
    user: c.get('user'),
    csrfToken: c.get('csrfToken'),
    flash: c.get('flash'),
    path: url.pathname + url.search,
    // Settings are missing only when the request failed before they loaded (the error page still renders).
    registrationOpen: (c.get('settings')?.registration ?? c.get('services').config.registration) !== 'closed',
    siteName: c.get('settings')?.site_name ?? 'Chapterhouse',
    guestComments: c.get('settings')?.guest_comments ?? true,
  };
}

/** A same-site path to return to after signing in; anything else becomes `/`. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
