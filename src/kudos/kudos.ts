import { isBlockedBy, mutedUserIds } from '../blocks/blocks.queries.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User, Work } from '../db/schema.js';
import { AppError, Forbidden, Gone, NotFound } from '../http/errors.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { addToKudosCounts, deleteUserKudos, insertKudos, kudosUsernames, type KudosGiver } from './kudos.queries.js';

// Kudos: one per account and one per guest (hashed IP + cookie) per work. works.kudos_count counts all of them,
// works.guest_kudos_count the guests among them; both change in the same transaction as the kudos rows.

/** How many names the kudos line lists before "and N more". */
export const KUDOS_NAMES_SHOWN = 50;

export const OwnWorkKudos = () => new AppError(403, 'own_work', 'You cannot leave kudos on your own work.');
export const BlockedKudos = () => new AppError(403, 'blocked', 'The author of this work does not accept kudos from you.');

export interface KudosSummary {
  /** Signed-in givers, most recent first, at most KUDOS_NAMES_SHOWN. */
  readonly names: string[];
  /** Signed-in givers not listed. */
  readonly more: number;
  readonly guests: number;
  readonly total: number;
}

/** A posted, undeleted work, or the error a reader should see (drafts are not there for kudos). */
async function kudosableWork(db: Db, workId: number): Promise<Work> {
  const work = await findWork(db, workId);
  if (!work || work.posted === 0 || work.hidden_at !== null) throw NotFound('work');
  if (work.deleted_at) throw Gone('work');
  return work;
}

/** Leaves kudos as an account or a guest; false (and nothing changes) when this giver already left kudos. */
export async function leaveKudos(db: Db, user: User | undefined, guestKey: string, workId: number): Promise<boolean> {
  await kudosableWork(db, workId);
  const authorIds = await workAuthorIds(db, workId);
  if (user && authorIds.includes(user.id)) throw OwnWorkKudos();
  if (user) for (const authorId of authorIds) if (await isBlockedBy(db, authorId, user.id)) throw BlockedKudos();
  const giver: KudosGiver = user ? { userId: user.id } : { guestKey };
  return db.transaction().execute(async (trx) => {
    // The unique index makes a double click (or two racing requests) insert one row; only that one counts.
    const added = await insertKudos(trx, workId, giver, now());
    if (added) await addToKudosCounts(trx, workId, 1, user ? 0 : 1);
    return added;
  });
}

/** Withdraws an account's kudos; false when it had left none. */
export async function removeKudos(db: Db, user: User, workId: number): Promise<boolean> {
  await kudosableWork(db, workId);
  return db.transaction().execute(async (trx) => {
    const removed = await deleteUserKudos(trx, workId, user.id);
    if (removed) await addToKudosCounts(trx, workId, -1, 0);
    return removed;
  });
}

/** Who left kudos on a work, as `viewer` sees it (muted accounts are left out of the names). */
export async function kudosSummary(db: Db, work: Work, viewer: User | undefined): Promise<KudosSummary> {
  const hidden = viewer ? await mutedUserIds(db, viewer.id) : [];
  const names = await kudosUsernames(db, work.id, KUDOS_NAMES_SHOWN, hidden);
  const accounts = work.kudos_count - work.guest_kudos_count;
  return { names, more: names.length < KUDOS_NAMES_SHOWN ? 0 : Math.max(0, accounts - names.length), guests: work.guest_kudos_count, total: work.kudos_count };
}
