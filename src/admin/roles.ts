import type { Context } from 'hono';
import type { User } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { Forbidden } from '../http/errors.js';
import { requireUser } from '../http/auth.js';

// Roles: administrators hold every power (they grant and remove roles); moderators work reports and hide content;
// tag wranglers wrangle tags. Every role check in the code goes through here.

export const ROLES = ['admin', 'moderator', 'wrangler'] as const;
export type Role = (typeof ROLES)[number];

/** True when the account holds the role (administrators hold all of them). */
export function hasRole(user: Pick<User, 'is_admin' | 'is_moderator' | 'is_wrangler'> | undefined, role: Role): boolean {
  if (!user) return false;
  if (user.is_admin === 1) return true;
  if (role === 'moderator') return user.is_moderator === 1;
  if (role === 'wrangler') return user.is_wrangler === 1;
  return false;
}

/** True for administrators and moderators: the people who act on abuse. */
export function isStaff(user: Pick<User, 'is_admin' | 'is_moderator' | 'is_wrangler'> | undefined): boolean {
  return hasRole(user, 'moderator');
}

/** The signed-in user when they hold `role`; 401 for guests, 403 for everyone else. */
export function requireRole(c: Context<AppEnv>, role: Role): User {
  const user = requireUser(c);
  if (!hasRole(user, role)) throw Forbidden(role === 'admin' ? 'Only administrators can do that.' : role === 'moderator' ? 'Only moderators can do that.' : 'Only tag wranglers can do that.');
  return user;
}

/** The account's roles, for display and the API. */
export function rolesOf(user: Pick<User, 'is_admin' | 'is_moderator' | 'is_wrangler'>): Role[] {
  return ROLES.filter((role) => (role === 'admin' ? user.is_admin === 1 : hasRole({ ...user, is_admin: 0 }, role)));
}

/** True while a suspension runs. */
export function isSuspended(user: Pick<User, 'suspended_until'>, at: Date = new Date()): boolean {
  return user.suspended_until !== null && Date.parse(user.suspended_until) > at.getTime();
}
