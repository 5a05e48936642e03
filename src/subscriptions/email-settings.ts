import { z } from 'zod';
import { updateUser } from '../accounts/users.queries.js';
import type { DbLike } from '../db/connection.js';
import { validate } from '../http/validation.js';
import { scheduleDigest } from '../notifications/email.jobs.js';

// How often a reader gets notification email: each at once (default), a daily digest, or never.

export const EMAIL_FREQUENCIES = ['immediate', 'daily', 'off'] as const;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];

export const emailFrequencySchema = z.enum(EMAIL_FREQUENCIES, { error: 'Choose immediately, daily digest or off.' });

/** Sets a user's notification email frequency (a daily digest gets its job scheduled). */
export async function setEmailFrequency(db: DbLike, userId: number, value: unknown): Promise<EmailFrequency> {
  const frequency = validate(z.object({ email_frequency: emailFrequencySchema }), { email_frequency: value }).email_frequency;
  await updateUser(db, userId, { email_frequency: frequency });
  if (frequency === 'daily') await scheduleDigest(db);
  return frequency;
}
