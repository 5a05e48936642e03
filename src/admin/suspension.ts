import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { AccountSuspended } from '../http/errors.js';
import { isSuspended } from './roles.js';

// Suspension, enforced in one place: while an account's suspension runs, every unsafe request it makes is refused
// (403 account_suspended), whatever the route, so a new write route cannot forget the check. What stays open is
// what a suspended person still needs: leaving (logout), looking after the account (settings, password, two-factor,
// sessions, tokens), taking their data and going (export, account deletion), and answering moderators (appeals,
// reports). Importing works is posting, so it stays shut even though it lives under the export settings.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths a suspended account may still write to. */
const ALLOWED: readonly RegExp[] = [
  /^\/logout$/,
  /^\/login(\/|$)/,
  /^\/password-reset(\/|$)/,
  /^\/settings(\/|$)/,
  /^\/api\/v1\/me$/,
  /^\/api\/v1\/me\/(sessions|export|exclusions|saved-searches)(\/|$)/,
  /^\/api\/v1\/tokens(\/|$)/,
  /^\/(api\/v1\/)?appeals(\/|$)/,
  /^\/(api\/v1\/)?reports(\/|$)/,
  // A report form on the reported thing's own page (e.g. /works/1/report).
  /\/report$/,
  /^\/(api\/v1\/)?(inbox|notifications)\/read$/,
  /^\/unsubscribe\//,
];

/** Paths under an allowed prefix that are nonetheless posting. */
const REFUSED: readonly RegExp[] = [
  /^\/settings\/export\/import(\/|$)/,
  // A public profile is posting too (a suspended spammer would move the spam into their bio).
  /^\/settings\/profile$/,
  // Deciding an appeal is a moderator's power (it can restore hidden content), not the appellant's answer.
  /^\/(api\/v1\/)?appeals\/\d+\/decide$/,
];

/** True when a suspended account may make this unsafe request. */
export function allowedWhileSuspended(path: string): boolean {
  return !REFUSED.some((r) => r.test(path)) && ALLOWED.some((r) => r.test(path));
}

/** Refuses writes from a suspended account (mounted after loadUser). */
export const enforceSuspension: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user');
  if (user && !SAFE_METHODS.has(c.req.method) && isSuspended(user) && !allowedWhileSuspended(c.req.path)) {
    throw AccountSuspended(user.suspended_until!, user.suspension_reason ?? '');
  }
  await next();
};
