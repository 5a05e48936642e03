import crypto from 'node:crypto';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { ORPHAN_USERNAME_KEY } from '../works/works.policy.js';
import { holdUsername, isUsernameHeld } from './account-deletion.queries.js';

// A deleted account's username is held back from sign-up for USERNAME_HOLD_DAYS, so no one can take a name that
// readers still know from links and old emails and pass as its former owner. The hold stores only a hash of the name.
// The orphan account's name is never available.

export const USERNAME_HOLD_DAYS = 30;

function keyHash(usernameKey: string): string {
  return crypto.createHash('sha256').update(`username:${usernameKey}`).digest('hex');
}

/** Holds a deleted account's username for USERNAME_HOLD_DAYS. */
export async function holdDeletedUsername(db: DbLike, usernameKey: string, at: string): Promise<void> {
  await holdUsername(db, keyHash(usernameKey), new Date(Date.parse(at) + USERNAME_HOLD_DAYS * 86_400_000).toISOString());
}

/** True when sign-up may not take this username (reserved, or recently freed by a deleted account). */
export async function isUsernameReserved(db: DbLike, username: string): Promise<boolean> {
  const key = username.toLowerCase();
  return key === ORPHAN_USERNAME_KEY || (await isUsernameHeld(db, keyHash(key), now()));
}
