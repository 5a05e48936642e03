import type { Selectable } from 'kysely';
import type { DbLike } from '../db/connection.js';
import type { InvitationsTable, InviteRequestsTable } from '../db/schema.js';

export type InviteRequest = Selectable<InviteRequestsTable>;
export type Invitation = Selectable<InvitationsTable>;

/** The queue entry for an email address (stored lower-cased). */
export async function findInviteRequestByEmail(db: DbLike, email: string): Promise<InviteRequest | undefined> {
  return db.selectFrom('invite_requests').selectAll().where('email', '=', email).executeTakeFirst();
}

/** One queue entry by id. */
export async function findInviteRequest(db: DbLike, id: number): Promise<InviteRequest | undefined> {
  return db.selectFrom('invite_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds an address to the queue; undefined when it is already there (a concurrent join won). */
export async function insertInviteRequest(db: DbLike, row: { email: string; ip_hash: string | null; created_at: string }): Promise<InviteRequest | undefined> {
  return db.insertInto('invite_requests').values(row).onConflict((oc) => oc.column('email').doNothing()).returningAll().executeTakeFirst();
}

/** A waiting entry's place in the queue, 1-based: how many waiting entries joined no later than it. */
export async function inviteRequestPosition(db: DbLike, id: number): Promise<number> {
  const row = await db
    .selectFrom('invite_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('invited_at', 'is', null)
    .where('id', '<=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many addresses wait for an invitation. */
export async function countWaitingInviteRequests(db: DbLike): Promise<number> {
  const row = await db.selectFrom('invite_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('invited_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The waiting entries in queue order. */
export async function listWaitingInviteRequests(db: DbLike, limit: number, offset = 0): Promise<InviteRequest[]> {
  return db.selectFrom('invite_requests').selectAll().where('invited_at', 'is', null).orderBy('id').limit(limit).offset(offset).execute();
}

/** Marks a waiting entry invited; false when it was not waiting (already invited by a concurrent release). */
export async function markInviteRequestInvited(db: DbLike, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('invite_requests').set({ invited_at: at }).where('id', '=', id).where('invited_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Stores an invitation (its token only as a hash). */
export async function insertInvitation(
  db: DbLike,
  row: { token_hash: string; email: string | null; created_by: number | null; request_id: number | null; created_at: string; expires_at: string },
): Promise<Invitation> {
  return db.insertInto('invitations').values(row).returningAll().executeTakeFirstOrThrow();
}

/** An invitation by the hash of its token. */
export async function findInvitationByTokenHash(db: DbLike, tokenHash: string): Promise<Invitation | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Uses an invitation for a new account; false when it was used or had expired (so at most one sign-up wins). */
export async function markInvitationUsed(db: DbLike, id: number, userId: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: at, used_by: userId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The invitations an account sent, newest first, with the username of whoever used each. */
export async function listInvitationsSentBy(db: DbLike, userId: number, limit: number): Promise<(Invitation & { used_by_username: string | null })[]> {
  return db
    .selectFrom('invitations')
    .leftJoin('users', 'users.id', 'invitations.used_by')
    .selectAll('invitations')
    .select('users.username as used_by_username')
    .where('invitations.created_by', '=', userId)
    .orderBy('invitations.id', 'desc')
    .limit(limit)
    .execute();
}

/** Takes one invitation from an account's allowance; false when none is left. */
export async function takeInvitationAllowance(db: DbLike, userId: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ invitations_left: eb('invitations_left', '-', 1) }))
    .where('id', '=', userId)
    .where('invitations_left', '>', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
