import type { DbLike } from '../db/connection.js';
import type { Selectable } from 'kysely';
import type { TotpCredentialsTable } from '../db/schema.js';

export type TotpCredential = Selectable<TotpCredentialsTable>;

/** A user's TOTP credential (enabled or awaiting its first code), if any. */
export async function findTotpCredential(db: DbLike, userId: number): Promise<TotpCredential | undefined> {
  return db.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Replaces a user's TOTP credential with a new, not yet enabled one. */
export async function putPendingTotpCredential(db: DbLike, userId: number, secretEncrypted: string, at: string): Promise<void> {
  await db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
  await db.insertInto('totp_credentials').values({ user_id: userId, secret_encrypted: secretEncrypted, enabled_at: null, last_step: null, created_at: at }).execute();
}

/** Switches two-factor sign-in on and records the step of the confirming code. */
export async function enableTotpCredential(db: DbLike, userId: number, step: number, at: string): Promise<void> {
  await db.updateTable('totp_credentials').set({ enabled_at: at, last_step: step }).where('user_id', '=', userId).execute();
}

/**
 * Records `step` as used, only if it is newer than the last used step; false when another request got there
 * first (so two concurrent uses of one code cannot both pass).
 */
export async function claimTotpStep(db: DbLike, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('totp_credentials')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes a user's TOTP credential and recovery codes. */
export async function deleteTotp(db: DbLike, userId: number): Promise<void> {
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
}

/** Replaces a user's recovery codes with new hashes. */
export async function replaceRecoveryCodes(db: DbLike, userId: number, hashes: readonly string[], at: string): Promise<void> {
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('totp_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null, created_at: at }))).execute();
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(db: DbLike, userId: number, codeHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many unused recovery codes a user has left. */
export async function countUnusedRecoveryCodes(db: DbLike, userId: number): Promise<number> {
  const row = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
