import type { User, Work } from '../db/schema.js';
import { Forbidden, Gone, NotFound, Unauthorized } from '../http/errors.js';
import { isStaff } from '../admin/roles.js';
import { ADULT_RATINGS } from './ratings.js';

// Who may do what with a work. Every route and domain function asks here, so the rules live in one place.

/** True when `user` is one of the work's authors. */
export function isAuthor(user: User | undefined, authorIds: readonly number[]): boolean {
  return user !== undefined && authorIds.includes(user.id);
}

/** The shared account orphaned works are credited to (src/accounts/account-deletion.ts). */
export const ORPHAN_USERNAME_KEY = 'orphan_account';

/**
 * Throws unless `user` may edit or delete the work: its authors and admins may. An orphaned work (credited to the
 * orphan account) is edited by admins only: the orphan account itself never counts as an author here.
 */
export function authorizeWorkEdit(user: User | undefined, work: Work | undefined, authorIds: readonly number[]): asserts work is Work {
  if (!work) throw NotFound('work');
  if (work.deleted_at) throw Gone('work');
  if (!user) throw Unauthorized();
  const author = isAuthor(user, authorIds) && user.username_key !== ORPHAN_USERNAME_KEY;
  if (!author && user.is_admin !== 1) throw Forbidden('Only the work’s author can change it.');
}

/**
 * Throws unless `user` may read the work: posted works for everyone, drafts for their authors and admins. A work
 * hidden by a moderator is not found for anyone but its authors and the staff (issue 6).
 */
export function authorizeWorkRead(user: User | undefined, work: Work | undefined, authorIds: readonly number[]): asserts work is Work {
  if (!work) throw NotFound('work');
  if (work.deleted_at) throw Gone('work');
  if (work.hidden_at !== null && !isAuthor(user, authorIds) && !isStaff(user)) throw NotFound('work');
  if (work.posted === 1) return;
  if (isAuthor(user, authorIds) || user?.is_admin === 1) return;
  throw NotFound('work');
}

/** True when the work's rating puts it behind the adult-content gate. */
export function isAdultWork(work: Pick<Work, 'rating'>): boolean {
  return ADULT_RATINGS.has(work.rating);
}
