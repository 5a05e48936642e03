import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { emailSchema } from '../accounts/accounts.forms.js';
import { hasRole } from '../admin/roles.js';
import { recordAudit } from '../admin/audit.js';
import type { SiteSettings } from '../admin/site-settings.js';
import { hashToken, randomToken } from '../http/crypto.js';
import { InvitationInvalid, InviteQueueClosed, NotFound, TooManyRequests, ValidationFailed } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limits.queries.js';
import { validate } from '../http/validation.js';
import { queueEmail } from '../mail/mailer.js';
import { escapeHtml } from '../notifications/notification-email.js';
import {
  countWaitingInviteRequests,
  findInvitationByTokenHash,
  findInviteRequest,
  findInviteRequestByEmail,
  insertInvitation,
  insertInviteRequest,
  inviteRequestPosition,
  listWaitingInviteRequests,
  markInvitationUsed,
  markInviteRequestInvited,
  takeInvitationAllowance,
  type Invitation,
  type InviteRequest,
} from './invitations.queries.js';

// Invitations (issue 6 §3). While registration is invite-only, visitors join a queue with their email address;
// administrators release invitations from it in batches or one at a time; accounts invite friends from an allowance
// (invitations_per_account at sign-up; administrators have no limit). An invitation is a random token stored only as
// its hash, emailed as a sign-up link, valid for invitation_days, and used once: the sign-up that uses it sets
// used_at in the same transaction that creates the account.

const DAY = 86_400_000;
/** Queue joins allowed per IP per hour: enough for a household, not for a script filling the queue. */
export const QUEUE_JOINS_PER_IP = 10;
/** Largest batch an administrator releases at once. */
export const MAX_BATCH = 100;

export const queueJoinSchema = z.object({ email: emailSchema });
export const inviteFriendSchema = z.object({ email: emailSchema });
export const releaseSchema = z.union([
  z.object({ count: z.number({ error: 'Give how many to invite.' }).int('Give a whole number.').min(1, 'Invite at least one.').max(MAX_BATCH, `At most ${MAX_BATCH} at once.`) }).strict(),
  z.object({ request_id: z.number({ error: 'Give the request to invite.' }).int().min(1) }).strict(),
]);

export type InvitationStatus = 'used' | 'expired' | 'pending';

/** Where a queue entry stands: its 1-based position while waiting, or when it was invited. */
export interface QueueStanding {
  readonly request: InviteRequest;
  readonly position: number | null;
  /** True when the address was already in the queue. */
  readonly existing: boolean;
}

/** An invitation's state at `at`. */
export function invitationStatus(invitation: Pick<Invitation, 'used_at' | 'expires_at'>, at: string = now()): InvitationStatus {
  if (invitation.used_at) return 'used';
  return invitation.expires_at <= at ? 'expired' : 'pending';
}

/** The sign-up link an invitation token opens. */
export function invitationLink(config: Pick<Config, 'baseUrl'>, token: string): string {
  return `${config.baseUrl}/signup?invitation=${encodeURIComponent(token)}`;
}

function requireInviteOnly(settings: SiteSettings): void {
  if (settings.registration !== 'invite_only') throw InviteQueueClosed();
}

async function standing(db: DbLike, request: InviteRequest, existing: boolean): Promise<QueueStanding> {
  return { request, existing, position: request.invited_at ? null : await inviteRequestPosition(db, request.id) };
}

/** Puts an address in the queue (or finds it there), rate-limited per IP. */
export async function joinInviteQueue(db: Db, settings: SiteSettings, input: unknown, ip: string): Promise<QueueStanding> {
  requireInviteOnly(settings);
  const { email } = validate(queueJoinSchema, input);
  const address = email.toLowerCase();
  const at = new Date();
  const hit = await hitRateLimit(db, `invite_request:ip:${ip}`, at.toISOString(), new Date(at.getTime() + 3600_000).toISOString());
  if (hit.count > QUEUE_JOINS_PER_IP) throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(hit.window_ends_at) - at.getTime()) / 1000)));
  const found = await findInviteRequestByEmail(db, address);
  if (found) return standing(db, found, true);
  const inserted = await insertInviteRequest(db, { email: address, ip_hash: hashToken(`ip:${ip}`), created_at: at.toISOString() });
  // A concurrent join of the same address: report the entry that won.
  if (!inserted) return standing(db, (await findInviteRequestByEmail(db, address))!, true);
  return standing(db, inserted, false);
}

/** Where an address stands in the queue; 404 when it is not there. */
export async function inviteQueueStatus(db: DbLike, email: string): Promise<QueueStanding> {
  const found = await findInviteRequestByEmail(db, email.trim().toLowerCase().slice(0, 320));
  if (!found) throw NotFound('queue entry');
  return standing(db, found, true);
}

/** How many addresses wait. */
export function inviteQueueLength(db: DbLike): Promise<number> {
  return countWaitingInviteRequests(db);
}

/** Creates an invitation and emails its link (inside the caller's transaction). */
async function sendInvitation(
  db: DbLike,
  config: Config,
  settings: SiteSettings,
  details: { email: string; createdBy: User | null; requestId: number | null },
): Promise<Invitation> {
  const token = randomToken();
  const at = new Date();
  const invitation = await insertInvitation(db, {
    token_hash: hashToken(token),
    email: details.email,
    created_by: details.createdBy?.id ?? null,
    request_id: details.requestId,
    created_at: at.toISOString(),
    expires_at: new Date(at.getTime() + settings.invitation_days * DAY).toISOString(),
  });
  const link = invitationLink(config, token);
  const subject = `Your invitation to ${settings.site_name}`;
  const lines = [
    details.createdBy ? `${details.createdBy.username} invited you to join ${settings.site_name}.` : `Your invitation to join ${settings.site_name} is ready.`,
    `Create your account with this link. It works once, for ${settings.invitation_days} day${settings.invitation_days === 1 ? '' : 's'}.`,
  ];
  await queueEmail(db, config, undefined, {
    userId: null,
    to: details.email,
    subject,
    text: `${lines.join('\n\n')}\n\n${link}\n`,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(link)}">Create my account</a></p></body></html>`,
  });
  return invitation;
}

/**
 * An administrator releases invitations from the queue: the next `count` waiting addresses, or one request by id.
 * Each gets an invitation emailed, its request marked invited, and an audit entry, all in one transaction.
 */
export async function releaseInvitations(db: Db, config: Config, settings: SiteSettings, admin: User, input: unknown): Promise<{ request: InviteRequest; invitation: Invitation }[]> {
  const data = validate(releaseSchema, input);
  return db.transaction().execute(async (trx) => {
    let requests: InviteRequest[];
    if ('count' in data) {
      requests = await listWaitingInviteRequests(trx, data.count);
    } else {
      const one = await findInviteRequest(trx, data.request_id);
      if (!one) throw NotFound('queue entry');
      if (one.invited_at) throw ValidationFailed({ request_id: 'That address has already been invited.' });
      requests = [one];
    }
    const at = now();
    const sent: { request: InviteRequest; invitation: Invitation }[] = [];
    for (const request of requests) {
      // A concurrent release took it: skip rather than invite twice.
      if (!(await markInviteRequestInvited(trx, request.id, at))) continue;
      const invitation = await sendInvitation(trx, config, settings, { email: request.email, createdBy: admin, requestId: request.id });
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'invitation.send',
        targetType: 'invite_request',
        targetId: request.id,
        before: { invited_at: null },
        after: { invited_at: at, invitation_id: invitation.id, expires_at: invitation.expires_at },
        details: { email: request.email, batch: 'count' in data },
      });
      sent.push({ request: { ...request, invited_at: at }, invitation });
    }
    return sent;
  });
}

/** An account invites a friend by email, from its allowance (administrators have no limit). */
export async function inviteFriend(db: Db, config: Config, settings: SiteSettings, user: User, input: unknown): Promise<Invitation> {
  const { email } = validate(inviteFriendSchema, input);
  return db.transaction().execute(async (trx) => {
    if (!hasRole(user, 'admin') && !(await takeInvitationAllowance(trx, user.id))) {
      throw ValidationFailed({ email: 'You have no invitations left.' });
    }
    return sendInvitation(trx, config, settings, { email: email.toLowerCase(), createdBy: user, requestId: null });
  });
}

/** The invitation a sign-up link carries, if it can still be used; otherwise 403 saying why. */
export async function usableInvitation(db: DbLike, token: string): Promise<Invitation> {
  const invitation = token ? await findInvitationByTokenHash(db, hashToken(token)) : undefined;
  if (!invitation) throw InvitationInvalid('That invitation link is not valid. Check that you copied all of it.');
  const status = invitationStatus(invitation);
  if (status === 'used') throw InvitationInvalid('That invitation link has already been used. Each link creates one account.');
  if (status === 'expired') throw InvitationInvalid('That invitation link has expired. Ask for a new one.');
  return invitation;
}

/** Uses the invitation for the new account, in the account's transaction; a link used or expired meanwhile is refused. */
export async function useInvitation(trx: DbLike, token: string, userId: number): Promise<void> {
  const invitation = await usableInvitation(trx, token);
  if (!(await markInvitationUsed(trx, invitation.id, userId, now()))) throw InvitationInvalid('That invitation link has already been used. Each link creates one account.');
}
