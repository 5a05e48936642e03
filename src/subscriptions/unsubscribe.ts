import { findUserById } from '../accounts/users.queries.js';
import type { DbLike } from '../db/connection.js';
import { deleteSubscriptionById, listSubscriptions } from './subscriptions.queries.js';
import { readUnsubscribeToken } from './unsubscribe-links.js';
import { setEmailFrequency } from './email-settings.js';

// What an unsubscribe link does. A forged link, or one already used, changes nothing and says so plainly.

const INVALID = 'This unsubscribe link is not valid. You can manage your subscriptions after signing in.';
const DONE_ALREADY = 'You are already unsubscribed: this link has nothing left to do.';

/** What the link would do, for the confirmation page. */
export async function describeUnsubscribe(db: DbLike, secret: string, token: string): Promise<{ ok: true; message: string; action: string } | { ok: false; message: string }> {
  const target = readUnsubscribeToken(secret, token);
  if (!target) return { ok: false, message: INVALID };
  if (target.kind === 'email') {
    const user = await findUserById(db, target.userId);
    if (!user) return { ok: false, message: INVALID };
    if (user.email_frequency === 'off') return { ok: false, message: 'Notification email is already off for your account.' };
    return { ok: true, message: 'Stop all notification email to your address? Your on-site inbox keeps working.', action: 'Turn notification email off' };
  }
  const row = (await listSubscriptions(db, target.userId)).find((r) => r.id === target.subscriptionId);
  if (!row) return { ok: false, message: DONE_ALREADY };
  return { ok: true, message: `Stop following “${row.label ?? 'this'}”?`, action: 'Unsubscribe' };
}

/** Performs the link's action; returns the message to show. */
export async function applyUnsubscribe(db: DbLike, secret: string, token: string): Promise<string> {
  const target = readUnsubscribeToken(secret, token);
  if (!target) return INVALID;
  if (target.kind === 'email') {
    if (!(await findUserById(db, target.userId))) return INVALID;
    await setEmailFrequency(db, target.userId, 'off');
    return 'Notification email is now off. You can turn it back on in your settings.';
  }
  return (await deleteSubscriptionById(db, target.subscriptionId, target.userId)) ? 'You are unsubscribed.' : DONE_ALREADY;
}
