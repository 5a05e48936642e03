import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';

/** Stores a session under the hash of its token. */
export async function insertSession(db: DbLike, session: { token_hash: string; user_id: number; created_at: string; expires_at: string; user_agent?: string | null }): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The signed-in user for a session token hash, if the session has not expired (a banned account is signed out). */
export async function findSessionUser(db: DbLike, tokenHash: string, now: string): Promise<User | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.banned_at', 'is', null)
    .executeTakeFirst();
}

/** Ends one session. */
export async function deleteSession(db: DbLike, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user except, optionally, one to keep. */
export async function deleteUserSessions(db: DbLike, userId: number, keepTokenHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
  await query.execute();
}

/** Removes expired sessions. */
export async function deleteExpiredSessions(db: DbLike, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** A user's live sessions, newest first. */
export async function listUserSessions(db: DbLike, userId: number, now: string): Promise<{ token_hash: string; created_at: string; expires_at: string; user_agent: string | null }[]> {
  return db
    .selectFrom('sessions')
    .select(['token_hash', 'created_at', 'expires_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends the user's session whose token hash starts with `prefix` (the opaque id shown in lists); false when none. */
export async function deleteUserSessionByPrefix(db: DbLike, userId: number, prefix: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', 'like', `${prefix}%`).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
