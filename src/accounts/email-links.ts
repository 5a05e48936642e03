import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { hashToken, randomToken } from '../http/crypto.js';
import { TooManyRequests } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limits.queries.js';
import { validate } from '../http/validation.js';
import { queueEmail } from '../mail/mailer.js';
import { escapeHtml } from '../notifications/notification-email.js';
import { hashPassword } from './accounts.js';
import { passwordSchema } from './accounts.forms.js';
import { consumeEmailToken, findLiveEmailToken, insertEmailToken } from './email-tokens.queries.js';
import { deleteUserSessions } from './sessions.queries.js';
import { sendSecurityNotice } from './security-notices.js';
import { findUserByEmail, findUserById, updateUser } from './users.queries.js';

// Emailed links: confirming an address (7 days) and resetting a password (1 hour). Both single use; the database
// keeps only the token's hash. Without SMTP_URL, sign-up confirms the address at once (no one could read the mail).

const DAY = 86_400_000;

function simpleEmail(config: Config, user: User, subject: string, lines: readonly string[], link: string, action: string) {
  return {
    userId: user.id,
    to: user.email,
    subject,
    text: `${lines.join('\n\n')}\n\n${link}\n`,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p></body></html>`,
  };
}

/** Sends (writes to the outbox) a confirmation link for the user's current address. */
export async function sendConfirmationEmail(db: DbLike, config: Config, user: User): Promise<void> {
  const token = randomToken();
  const at = new Date();
  await insertEmailToken(db, { user_id: user.id, purpose: 'confirm', token_hash: hashToken(token), email: user.email, expires_at: new Date(at.getTime() + 7 * DAY).toISOString(), created_at: at.toISOString() });
  const link = `${config.baseUrl}/confirm-email?token=${token}`;
  await queueEmail(db, config, undefined, simpleEmail(config, user, 'Confirm your email address for Chapterhouse', [`Welcome, ${user.username}!`, 'Confirm this address to receive notification email (the link works for 7 days):'], link, 'Confirm my address'));
}

/** Confirms an address from a link; false when the link is unknown, used, expired, or for an old address. */
export async function confirmEmail(db: Db, token: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const at = now();
    const row = await consumeEmailToken(trx, 'confirm', hashToken(token), at);
    const user = row ? await findUserById(trx, row.user_id) : undefined;
    if (!row || !user || user.email !== row.email) return false;
    await updateUser(trx, user.id, { email_confirmed_at: at, updated_at: at });
    return true;
  });
}

const RESET_PER_EMAIL = 3;
const HOUR = 3600_000;

/** Emails a reset link if an account has this address; the caller always says the same thing. Rate-limited. */
export async function requestPasswordReset(db: Db, config: Config, email: string, ip: string): Promise<void> {
  const at = new Date();
  const address = email.trim().toLowerCase().slice(0, 320);
  // Per address: the password_reset bucket of RATE_LIMITS; per email: a fixed 3 an hour, so no one floods an inbox.
  const perIp = config.rateLimits.password_reset;
  for (const [key, limit, ms] of [[`reset:ip:${ip}`, perIp.count, perIp.seconds * 1000], [`reset:email:${address}`, RESET_PER_EMAIL, HOUR]] as const) {
    const hit = await hitRateLimit(db, key, at.toISOString(), new Date(at.getTime() + ms).toISOString());
    if (hit.count > limit) throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(hit.window_ends_at) - at.getTime()) / 1000)));
  }
  const user = address ? await findUserByEmail(db, address) : undefined;
  if (!user) return;
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await insertEmailToken(trx, { user_id: user.id, purpose: 'reset', token_hash: hashToken(token), email: user.email, expires_at: new Date(at.getTime() + HOUR).toISOString(), created_at: at.toISOString() });
    const link = `${config.baseUrl}/password-reset/${token}`;
    await queueEmail(trx, config, undefined, simpleEmail(config, user, 'Reset your Chapterhouse password', [`Someone (we hope you) asked to reset the password of ${user.username}.`, 'Choose a new password with this link within an hour. If it was not you, ignore this email.'], link, 'Choose a new password'));
  });
}

/** Whether a reset link can still be used (for showing the form). */
export async function resetLinkIsLive(db: DbLike, token: string): Promise<boolean> {
  return (await findLiveEmailToken(db, 'reset', hashToken(token), now())) !== undefined;
}

/** Sets a new password from a reset link (once) and ends every session of the account; false when the link is dead. */
export async function resetPassword(db: Db, config: Config, token: string, input: unknown): Promise<boolean> {
  const data = validate(z.object({ password: passwordSchema }), input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction().execute(async (trx) => {
    const at = now();
    const row = await consumeEmailToken(trx, 'reset', hashToken(token), at);
    if (!row) return false;
    await updateUser(trx, row.user_id, { password_hash: passwordHash, updated_at: at });
    await deleteUserSessions(trx, row.user_id);
    const user = await findUserById(trx, row.user_id);
    if (user) await sendSecurityNotice(trx, config, user, 'password_reset');
    return true;
  });
}
