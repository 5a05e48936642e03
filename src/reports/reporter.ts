import type { Context } from 'hono';
import { clientIp } from '../http/client-ip.js';
import { sign } from '../http/crypto.js';
import type { AppEnv } from '../http/env.js';
import type { Reporter } from './reports.js';

/** The reporter of this request: the signed-in account, and a keyed hash of the address (never the address itself). */
export function reporterOf(c: Context<AppEnv>): Reporter {
  return { user: c.get('user'), ipHash: sign(c.get('services').secret, `ip:${clientIp(c)}`) };
}

/** The page the reporter came from, when it is on this site (kept for moderators); '' otherwise. */
export function reportedFrom(c: Context<AppEnv>): string {
  const referer = c.req.header('referer') ?? '';
  const base = c.get('services').config.baseUrl;
  return referer.startsWith(`${base}/`) ? referer.slice(0, 2000) : '';
}
