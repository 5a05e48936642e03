import { z } from 'zod';
import { scheduleDigest } from '../notifications/email.jobs.js';
import { emailFrequencySchema } from '../subscriptions/email-settings.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User, UserUpdate } from '../db/schema.js';
import { validate } from '../http/validation.js';
import { emailChangeSchema, isTimeZone, passwordChangeSchema } from './accounts.forms.js';
import { hashPassword, verifyCurrentPassword } from './accounts.js';
import type { Config } from '../config.js';
import { sendConfirmationEmail } from './email-links.js';
import { deleteUserSessions } from './sessions.queries.js';
import { sendSecurityNotice } from './security-notices.js';
import { findUserById, updateUser } from './users.queries.js';

const settingsSchema = z
  .object({
    display_name: z.string({ error: 'Display names are text.' }).trim().max(100, 'Display names are at most 100 characters.'),
    bio: z.string({ error: 'Bios are text.' }).trim().max(2000, 'Bios are at most 2,000 characters.'),
    time_zone: z.string({ error: 'Choose a time zone.' }).refine(isTimeZone, 'Choose a time zone from the list.'),
    view_adult: z.boolean({ error: 'view_adult is true or false.' }),
    history_enabled: z.boolean({ error: 'history_enabled is true or false.' }),
    email_frequency: emailFrequencySchema,
  })
  .partial()
  .strict();

/** Updates profile and preferences (any subset of display name, bio, time zone, adult-content preference). */
export async function updateSettings(db: Db, user: User, input: unknown): Promise<User> {
  const data = validate(settingsSchema, input);
  const changes: UserUpdate = { updated_at: now() };
  if (data.display_name !== undefined) changes.display_name = data.display_name;
  if (data.bio !== undefined) changes.bio = data.bio;
  if (data.time_zone !== undefined) changes.time_zone = data.time_zone;
  if (data.view_adult !== undefined) changes.view_adult = data.view_adult ? 1 : 0;
  if (data.history_enabled !== undefined) changes.history_enabled = data.history_enabled ? 1 : 0;
  if (data.email_frequency !== undefined) changes.email_frequency = data.email_frequency;
  await updateUser(db, user.id, changes);
  if (data.email_frequency === 'daily') await scheduleDigest(db);
  return (await findUserById(db, user.id))!;
}

/** Changes the password after checking the current one, and signs out every other session. */
export async function changePassword(db: Db, config: Config, user: User, input: unknown, keepSessionHash: string | undefined): Promise<void> {
  const data = validate(passwordChangeSchema, input);
  await verifyCurrentPassword(db, config, user, data.current_password, 'current_password');
  await updateUser(db, user.id, { password_hash: await hashPassword(data.new_password), updated_at: now() });
  await deleteUserSessions(db, user.id, keepSessionHash);
  await sendSecurityNotice(db, config, user, 'password_changed');
}

/** Changes the email address after checking the password. */
export async function changeEmail(db: Db, config: Config, user: User, input: unknown): Promise<void> {
  const data = validate(emailChangeSchema, input);
  await verifyCurrentPassword(db, config, user, data.current_password, 'current_password');
  const at = now();
  const email = data.email.toLowerCase();
  if (email === user.email) return;
  // A new address is unconfirmed until its link is followed (confirmed at once when there is no mail server).
  await updateUser(db, user.id, { email, email_confirmed_at: config.smtpUrl ? null : at, updated_at: at });
  if (config.smtpUrl) await sendConfirmationEmail(db, config, { ...user, email });
  // Both addresses hear of it: the old one in case the change was not the owner's doing.
  await sendSecurityNotice(db, config, user, 'email_changed', user.email);
  await sendSecurityNotice(db, config, { ...user, email }, 'email_changed');
}
