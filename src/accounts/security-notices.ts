import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { queueEmail } from '../mail/mailer.js';
import { escapeHtml } from '../notifications/notification-email.js';

// Security notices: a short email whenever something that guards the account changes, so an owner learns of a
// change they did not make. Sent to the given address (an email change also tells the old one).

export type SecurityEvent = 'password_changed' | 'password_reset' | 'email_changed' | 'two_factor_enabled' | 'two_factor_disabled';

const NOTICES: Record<SecurityEvent, { subject: string; line: string }> = {
  password_changed: { subject: 'Your Chapterhouse password was changed', line: 'The password of your account was changed, and your other sessions were signed out.' },
  password_reset: { subject: 'Your Chapterhouse password was reset', line: 'The password of your account was reset with an emailed link, and every session was signed out.' },
  email_changed: { subject: 'Your Chapterhouse email address was changed', line: 'The email address of your account was changed.' },
  two_factor_enabled: { subject: 'Two-factor sign-in is on for your Chapterhouse account', line: 'Two-factor sign-in was switched on: signing in now also asks for a code from your authenticator app.' },
  two_factor_disabled: { subject: 'Two-factor sign-in is off for your Chapterhouse account', line: 'Two-factor sign-in was switched off: signing in now asks for your password only.' },
};

/** Queues a security notice about `event` for `user`, to `to` (their current address unless given). */
export async function sendSecurityNotice(db: DbLike, config: Config, user: User, event: SecurityEvent, to = user.email): Promise<void> {
  const { subject, line } = NOTICES[event];
  const lines = [`Hello ${user.username},`, line, `If this was not you, reset your password at ${config.baseUrl}/password-reset and review your sessions at ${config.baseUrl}/settings/sessions.`];
  await queueEmail(db, config, undefined, {
    userId: user.id,
    to,
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
  });
}
