import { z } from 'zod';
import { findUserById } from '../accounts/users.queries.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User, UserUpdate } from '../db/schema.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { recordAudit } from './audit.js';
import {
  accountActivityCounts,
  countAdmins,
  deleteAllSessions,
  lockUser,
  recentAccounts,
  revokeAllApiTokens,
  searchAccounts,
  updateUserStanding,
} from './accounts-admin.queries.js';
import { listAuditEntries, type AuditEntryRow } from './audit-log.queries.js';
import { hasRole, isStaff, isSuspended, ROLES, rolesOf, type Role } from './roles.js';

// Staff actions on accounts, shared by the /admin/users pages and /api/v1/admin/users. Who may do what:
// moderators suspend (and lift the suspension of) accounts that are not staff; only administrators ban, grant or
// remove roles, lift a ban, or act on another admin or moderator. Nobody suspends or bans themselves. Every change
// happens in one transaction with its audit entry (reason, and the account's standing before and after).

export type AccountAction = 'roles' | 'suspend' | 'ban' | 'lift';

/** Longest suspension, in days (ten years: past that, ban). */
export const MAX_SUSPENSION_DAYS = 3650;

const reason = z
  .string({ error: 'Give a reason: it is kept in the audit log.' })
  .trim()
  .min(1, { error: 'Give a reason: it is kept in the audit log.' })
  .max(1000, { error: 'Keep the reason under 1,000 characters.' });

const rolesSchema = z.object({
  roles: z.array(z.enum(ROLES, { error: `Roles are ${ROLES.join(', ')}.` }), { error: 'Give the list of roles the account should hold.' }).max(ROLES.length),
  reason,
});
const suspendSchema = z.object({
  days: z.coerce
    .number({ error: 'Give the number of days.' })
    .int({ error: 'Give a whole number of days.' })
    .min(1, { error: 'Suspend for at least one day.' })
    .max(MAX_SUSPENSION_DAYS, { error: `Suspend for at most ${MAX_SUSPENSION_DAYS} days; ban instead.` }),
  reason,
});
const reasonSchema = z.object({ reason });

/** An account's standing, as the audit log records it before and after an action. */
export function standingOf(user: User): Record<string, unknown> {
  return {
    roles: rolesOf(user),
    suspended_until: user.suspended_until,
    suspension_reason: user.suspension_reason,
    banned_at: user.banned_at,
    ban_reason: user.ban_reason,
  };
}

/** Whether `actor` may take `action` on `target` (the policy above); `undefined` when allowed, else why not. */
export function refusal(actor: User, target: User, action: AccountAction): string | undefined {
  if (!isStaff(actor)) return 'Only administrators and moderators can do that.';
  const admin = hasRole(actor, 'admin');
  if (action === 'roles') return admin ? undefined : 'Only administrators can grant or remove roles.';
  if (actor.id === target.id) return 'You cannot suspend, ban or reinstate your own account.';
  if (action === 'ban') return admin ? undefined : 'Only administrators can ban accounts.';
  if (admin) return undefined;
  if (isStaff(target)) return 'Only administrators can act on administrators and moderators.';
  if (action === 'lift' && target.banned_at !== null) return 'Only administrators can lift a ban.';
  return undefined;
}

/** True when `actor` may take `action` on `target` (for showing only the forms that will work). */
export function mayAct(actor: User, target: User, action: AccountAction): boolean {
  return refusal(actor, target, action) === undefined;
}

/** The account search: username prefix, email prefix (so also an exact address) or sign-up IP; without a query, the newest sign-ups. */
export async function findAccounts(db: DbLike, q: string | undefined): Promise<User[]> {
  const query = (q ?? '').trim().slice(0, 254);
  if (query === '') return recentAccounts(db, 20);
  return searchAccounts(db, query.toLowerCase(), query);
}

/** Everything the account page shows; the audit history only for administrators (the audit log is theirs). */
export async function accountDetail(db: DbLike, viewer: User, id: number): Promise<{ account: User; works: number; comments: number; audit: AuditEntryRow[] | undefined }> {
  const account = await findUserById(db, id);
  if (!account) throw NotFound('account');
  const [counts, audit] = await Promise.all([
    accountActivityCounts(db, id),
    hasRole(viewer, 'admin') ? listAuditEntries(db, { targetType: 'user', targetId: id }, 50) : Promise.resolve(undefined),
  ]);
  return { account, ...counts, audit };
}

/** Locks the target, checks the policy, applies `change` and records it: one transaction. Returns the account after. */
async function act(
  db: Db,
  actor: User,
  targetId: number,
  action: AccountAction,
  change: (trx: DbLike, target: User) => Promise<{ changes: UserUpdate; entries: { action: string; details?: Record<string, unknown> }[] } | undefined>,
  reasonText: string,
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const target = await lockUser(trx, targetId);
    if (!target) throw NotFound('account');
    const why = refusal(actor, target, action);
    if (why) throw Forbidden(why);
    const outcome = await change(trx, target);
    if (!outcome) return target;
    const at = now();
    await updateUserStanding(trx, target.id, { ...outcome.changes, updated_at: at });
    const after = (await findUserById(trx, target.id))!;
    for (const entry of outcome.entries) {
      await recordAudit(trx, {
        actorId: actor.id,
        action: entry.action,
        targetType: 'user',
        targetId: target.id,
        reason: reasonText,
        before: standingOf(target),
        after: standingOf(after),
        ...(entry.details ? { details: entry.details } : {}),
      });
    }
    return after;
  });
}

/** Sets the roles the account holds (administrators only); the last administrator keeps theirs. */
export async function setAccountRoles(db: Db, actor: User, targetId: number, input: unknown): Promise<User> {
  const data = validate(rolesSchema, input);
  const wanted = new Set<Role>(data.roles);
  return act(
    db,
    actor,
    targetId,
    'roles',
    async (trx, target) => {
      const current = new Set(rolesOf(target));
      const granted = ROLES.filter((r) => wanted.has(r) && !current.has(r));
      const removed = ROLES.filter((r) => !wanted.has(r) && current.has(r));
      if (granted.length === 0 && removed.length === 0) return undefined;
      if (removed.includes('admin') && (await countAdmins(trx)) <= 1) {
        const message = 'The archive needs at least one administrator: grant the role to someone else first.';
        throw ValidationFailed({ roles: message }, message);
      }
      return {
        changes: { is_admin: wanted.has('admin') ? 1 : 0, is_moderator: wanted.has('moderator') ? 1 : 0, is_wrangler: wanted.has('wrangler') ? 1 : 0 },
        entries: [...granted.map((role) => ({ action: 'role.grant', details: { role } })), ...removed.map((role) => ({ action: 'role.remove', details: { role } }))],
      };
    },
    data.reason,
  );
}

/** Suspends the account for `days` days: it can read, export and change settings, but not post, comment or leave kudos. */
export async function suspendAccount(db: Db, actor: User, targetId: number, input: unknown): Promise<User> {
  const data = validate(suspendSchema, input);
  const until = new Date(Date.now() + data.days * 86_400_000).toISOString();
  return act(
    db,
    actor,
    targetId,
    'suspend',
    async () => ({ changes: { suspended_until: until, suspension_reason: data.reason }, entries: [{ action: 'user.suspend', details: { days: data.days } }] }),
    data.reason,
  );
}

/** Bans the account: sign-in is refused, and every session and API token it has ends now. */
export async function banAccount(db: Db, actor: User, targetId: number, input: unknown): Promise<User> {
  const data = validate(reasonSchema, input);
  return act(
    db,
    actor,
    targetId,
    'ban',
    async (trx, target) => {
      const at = now();
      const sessions = await deleteAllSessions(trx, target.id);
      const tokens = await revokeAllApiTokens(trx, target.id, at);
      return { changes: { banned_at: at, ban_reason: data.reason }, entries: [{ action: 'user.ban', details: { sessions_ended: sessions, tokens_revoked: tokens } }] };
    },
    data.reason,
  );
}

/** Lifts a running suspension and a ban; 409 when the account has neither. */
export async function liftAccount(db: Db, actor: User, targetId: number, input: unknown): Promise<User> {
  const data = validate(reasonSchema, input);
  return act(
    db,
    actor,
    targetId,
    'lift',
    async (_trx, target) => {
      if (!isSuspended(target) && target.banned_at === null) throw Conflict('That account is neither suspended nor banned.');
      return { changes: { suspended_until: null, suspension_reason: null, banned_at: null, ban_reason: null }, entries: [{ action: 'user.lift' }] };
    },
    data.reason,
  );
}
