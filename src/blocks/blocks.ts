import { z } from 'zod';
import { findUserByUsername } from '../accounts/users.queries.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { formatNumber } from '../ui/format.js';
import { countRelations, deleteRelation, insertRelation, lockRelationsOwner, relationCreatedAt, type RelationKind } from './blocks.queries.js';

// Blocking and muting, shared by the pages and the API. A block stops the blocked account from commenting
// on, replying to or leaving kudos on the blocker's works and comments (checked there with isBlockedBy); a
// mute hides the muted account's works and comments from the muter's listings and pages (mutedUserIds).

/** How many accounts one user may block, and separately mute: enough for any person, small enough that a mute list stays one cheap `in (...)`. */
export const RELATION_LIMIT = 2_000;

const VERBS: Record<RelationKind, string> = { block: 'block', mute: 'mute' };

const relationInputSchema = z.object({
  username: z.string({ error: 'Enter a username.' }).trim().min(1, { error: 'Enter a username.' }).max(100, { error: 'No account has that username.' }),
});

/** The other account of a block or mute, refusing yourself. */
async function otherAccount(db: Db, user: User, kind: RelationKind, username: string): Promise<User> {
  const other = await findUserByUsername(db, username);
  if (!other) throw ValidationFailed({ username: 'No account has that username.' }, 'No account has that username.');
  if (other.id === user.id) {
    const message = `You cannot ${VERBS[kind]} yourself.`;
    throw ValidationFailed({ username: message }, message);
  }
  return other;
}

/**
 * Blocks or mutes the account named in `input` ({username}) for `user`. Doing it twice is harmless;
 * returns the account, when the block or mute began, and whether it is new.
 */
export async function addRelation(db: Db, user: User, kind: RelationKind, input: unknown): Promise<{ other: User; createdAt: string; created: boolean }> {
  const { username } = validate(relationInputSchema, input);
  const other = await otherAccount(db, user, kind, username);
  return db.transaction().execute(async (trx) => {
    await lockRelationsOwner(trx, user.id);
    const existing = await relationCreatedAt(trx, kind, user.id, other.id);
    if (existing) return { other, createdAt: existing, created: false };
    if ((await countRelations(trx, kind, user.id)) >= RELATION_LIMIT) {
      const message = `You can ${VERBS[kind]} up to ${formatNumber(RELATION_LIMIT)} accounts. Remove someone from the list first.`;
      throw ValidationFailed({ username: message }, message);
    }
    const at = now();
    await insertRelation(trx, kind, user.id, other.id, at);
    return { other, createdAt: at, created: true };
  });
}

/** Unblocks or unmutes the account named `username`; harmless when it was not blocked or muted, 404 when there is no such account. */
export async function removeRelation(db: Db, user: User, kind: RelationKind, username: string): Promise<User> {
  const other = await findUserByUsername(db, username);
  if (!other) throw NotFound('user');
  await deleteRelation(db, kind, user.id, other.id);
  return other;
}

/** Whether `user` blocked and muted `other` (both false for a guest or for yourself). */
export async function relationsWith(db: Db, user: User | undefined, other: User): Promise<{ blocked: boolean; muted: boolean }> {
  if (!user || user.id === other.id) return { blocked: false, muted: false };
  const [blocked, muted] = await Promise.all([relationCreatedAt(db, 'block', user.id, other.id), relationCreatedAt(db, 'mute', user.id, other.id)]);
  return { blocked: blocked !== undefined, muted: muted !== undefined };
}
