import type { DbLike } from '../db/connection.js';
import type { ApiToken, User } from '../db/schema.js';

/** Stores a new personal access token (its hash) and returns the row. */
export async function insertApiToken(
  db: DbLike,
  token: { user_id: number; name: string; token_hash: string; token_prefix: string; created_at: string },
): Promise<ApiToken> {
  return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow();
}

/** The owner and token row for an unrevoked token hash (none for a banned account). */
export async function findTokenUser(db: DbLike, tokenHash: string): Promise<{ user: User; tokenId: number; lastUsedAt: string | null } | undefined> {
  const token = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!token) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).where('banned_at', 'is', null).executeTakeFirst();
  return user ? { user, tokenId: token.id, lastUsedAt: token.last_used_at } : undefined;
}

/** Records that a token was just used. */
export async function touchApiToken(db: DbLike, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** A user's tokens, newest first, revoked ones included. */
export async function listApiTokens(db: DbLike, userId: number): Promise<ApiToken[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

/** Revokes one of a user's tokens; false when the user has no such active token. */
export async function revokeApiToken(db: DbLike, userId: number, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
