import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User, UserUpdate } from '../db/schema.js';
import { validate } from '../http/validation.js';
import { emailChangeSchema, isTimeZone, passwordChangeSchema } from './accounts.forms.js';
import { hashPassword, verifyCurrentPassword } from './accounts.js';
import type { Config } from '../config.js';
import { deleteUserSessions } from './sessions.queries.js';
import { findUserById, updateUser } from './users.queries.js';

const settingsSchema = z
  .object({
    display_name: z.string({ error: 'Display names are text.' }).trim().max(100, 'Display names are at most 100 characters.'),
    bio: z.string({ error: 'Bios are text.' }).trim().max(2000, 'Bios are at most 2,000 characters.'),
    time_zone: z.string({ error: 'Choose a time zone.' }).refine(isTimeZone, 'Choose a time zone from the list.'),
    view_adult: z.boolean({ error: 'view_adult is true or false.' }),
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
  await updateUser(db, user.id, changes);
  return (await findUserById(db, user.id))!;
}

/** Changes the password after checking the current one, and signs out every other session. */
export async function changePassword(db: Db, config: Config, user: User, input: unknown, keepSessionHash: string | undefined): Promise<void> {
  const data = validate(passwordChangeSchema, input);
  await verifyCurrentPassword(db, config, user, data.current_password, 'current_password');
  await updateUser(db, user.id, { password_hash: await hashPassword(data.new_password), updated_at: now() });
  await deleteUserSessions(db, user.id, keepSessionHash);
}

/** Changes the email address after checking the password. */
export async function changeEmail(db: Db, config: Config, user: User, input: unknown): Promise<void> {
  const data = validate(emailChangeSchema, input);
  await verifyCurrentPassword(db, config, user, data.current_password, 'current_password');
  await updateUser(db, user.id, { email: data.email.toLowerCase(), updated_at: now() });
}
