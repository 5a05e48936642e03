import type { DbLike } from '../db/connection.js';

/** Stores an emailed token (its hash only). */
export async function insertEmailToken(db: DbLike, token: { user_id: number; purpose: 'confirm' | 'reset'; token_hash: string; email: string; expires_at: string; created_at: string }): Promise<void> {
  await db.insertInto('email_tokens').values(token).execute();
}

/** Marks an unused, unexpired token of `purpose` used and returns it; undefined when there is none (one use only). */
export async function consumeEmailToken(db: DbLike, purpose: 'confirm' | 'reset', tokenHash: string, now: string) {
  return db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'email'])
    .executeTakeFirst();
}

/** An unused, unexpired token of `purpose`, without using it. */
export async function findLiveEmailToken(db: DbLike, purpose: 'confirm' | 'reset', tokenHash: string, now: string) {
  return db.selectFrom('email_tokens').select(['user_id', 'email']).where('token_hash', '=', tokenHash).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
}
