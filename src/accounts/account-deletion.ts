import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import { insertAuditEntry } from '../db/audit.queries.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { addToBookmarkCount } from '../bookmarks/bookmarks.queries.js';
import { exportsDir } from '../exports/exports.js';
import { readyExports } from '../exports/exports.queries.js';
import { Forbidden } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { reindexWork } from '../search/search.js';
import { seriesWorkIds } from '../series/series.queries.js';
import { deleteWorkInTransaction } from '../works/works.js';
import { verifyCurrentPassword } from './accounts.js';
import {
  anonymiseComments,
  anonymiseKudos,
  deleteBlocksAndMutes,
  deleteLoginRateLimit,
  deleteOwnRows,
  deleteSubscriptions,
  deleteUserBookmarks,
  deleteUserRow,
  deleteWorkCredits,
  findOrCreateOrphanAccount,
  forgetNotificationActor,
  forgetWranglingActor,
  moveSeries,
  moveWorkCredits,
  ORPHAN_USERNAME,
  publicBookmarkedWorkIds,
  userSeriesIds,
  worksWithAuthorCounts,
} from './account-deletion.queries.js';
import { holdDeletedUsername } from './username-holds.js';

// Leaving the archive, in one transaction. USER_REFERENCES says what happens to every column that holds a user id
// (account-deletion.test.ts fails when a table referencing users is added without a decision here). Besides those:
// the users row itself is deleted (email, password hash, profile, preferences with it); readers' subscriptions to the
// account as an author (subscriptions.target_id) are deleted; the failed-login counter under its name (rate_limits)
// is deleted; audit_log.actor_id keeps a bare id (no personal data; the deletion is recorded the same way); and the
// username is held back from sign-up for a while (username-holds.ts).

/** Every column referencing users.id, and what deleting an account does to its rows. */
export const USER_REFERENCES: Readonly<Record<string, string>> = {
  'sessions.user_id': 'deleted',
  'api_tokens.user_id': 'deleted',
  'totp_credentials.user_id': 'deleted (two-factor secret)',
  'totp_recovery_codes.user_id': 'deleted',
  'email_tokens.user_id': 'deleted',
  'readings.user_id': 'deleted (reading history)',
  'notifications.user_id': 'deleted',
  'notifications.actor_id': 'set to null, with actor_name: other readers see "Someone"',
  'tag_exclusions.user_id': 'deleted',
  'saved_searches.user_id': 'deleted (with their private feed tokens)',
  'outbox.user_id': 'deleted (the emails hold the address)',
  'exports.user_id': 'deleted, files removed',
  'bookmarks.user_id': 'deleted with their tags; works’ public bookmark counts go down',
  'subscriptions.user_id': 'deleted',
  'blocks.user_id': 'deleted',
  'blocks.blocked_id': 'deleted',
  'mutes.user_id': 'deleted',
  'mutes.muted_id': 'deleted',
  'work_authors.user_id': 'sole-author works deleted (the usual work deletion) or credited to orphan_account; shared works lose the credit',
  'series.user_id': 'handed to orphan_account (marked deleted and emptied when works are deleted)',
  'comments.user_id': 'set to null: comments stay in their threads as "Deleted account"',
  'kudos.user_id': 'set to null: counts stay',
  'tag_wrangling_log.actor_id': 'set to null: the log keeps what was done',
  // Moderation (issue 6): the database's own ON DELETE rules, declared in migration 0011.
  'reports.reporter_id': 'set to null: the report stays in the queue, its reporter unknown',
  'reports.assignee_id': 'set to null: the report goes back to unassigned',
  'report_notes.author_id': 'set to null: the note stays',
  'appeals.user_id': 'deleted with their messages (the content they were about is gone or orphaned)',
  'appeals.decided_by': 'set to null: the outcome stays',
  'appeal_messages.author_id': 'set to null: the thread keeps the message',
  'invitations.created_by': 'set to null: a sent invitation still works',
  'invitations.used_by': 'set to null: the invitation stays used',
};

export const deletionSchema = z.object({
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'),
  works: z.enum(['delete', 'orphan'], { error: 'Choose what happens to your works: "delete" or "orphan".' }),
});

export interface DeletionOutcome {
  readonly deletedWorks: number;
  readonly orphanedWorks: number;
}

/** Deletes `user`'s account after checking their password; their works are deleted or orphaned as they chose. */
export async function deleteAccount(db: Db, config: Config, user: User, input: unknown): Promise<DeletionOutcome> {
  const data = validate(deletionSchema, input);
  if (user.username_key === ORPHAN_USERNAME) throw Forbidden('The orphan account cannot be deleted.');
  await verifyCurrentPassword(db, config, user, data.password, 'password');
  const files: string[] = [];
  const outcome = await db.transaction().execute(async (trx) => {
    const at = now();
    const orphan = await findOrCreateOrphanAccount(trx, at);
    const works = await worksWithAuthorCounts(trx, user.id);
    const sole = works.filter((w) => w.authors === 1).map((w) => w.id);
    if (data.works === 'delete') {
      for (const workId of sole) await deleteWorkInTransaction(trx, user, workId);
    } else {
      await moveWorkCredits(trx, user.id, orphan.id, sole);
    }
    await deleteWorkCredits(trx, user.id);
    // Works in their series are indexed with the series (a deleted series lets go of any parts left in it).
    const seriesParts: number[] = [];
    for (const seriesId of await userSeriesIds(trx, user.id)) seriesParts.push(...(await seriesWorkIds(trx, seriesId)));
    await moveSeries(trx, user.id, orphan.id, data.works === 'delete' ? at : null);
    await anonymiseComments(trx, user.id);
    await anonymiseKudos(trx, user.id);
    for (const workId of await publicBookmarkedWorkIds(trx, user.id)) await addToBookmarkCount(trx, workId, -1);
    await deleteUserBookmarks(trx, user.id);
    await deleteSubscriptions(trx, user.id);
    await deleteBlocksAndMutes(trx, user.id);
    await forgetNotificationActor(trx, user.id);
    await forgetWranglingActor(trx, user.id);
    for (const exp of await readyExports(trx, { userId: user.id })) if (exp.file_name) files.push(exp.file_name);
    await deleteOwnRows(trx, user.id);
    await deleteLoginRateLimit(trx, user.username_key);
    await holdDeletedUsername(trx, user.username_key, at);
    // Every work they were credited on shows new credits (or none) in search.
    for (const workId of new Set([...works.map((w) => w.id), ...seriesParts])) await reindexWork(trx, workId);
    const result = { deletedWorks: data.works === 'delete' ? sole.length : 0, orphanedWorks: data.works === 'orphan' ? sole.length : 0 };
    await insertAuditEntry(trx, {
      actor_id: user.id,
      action: 'account.delete',
      target_type: 'user',
      target_id: user.id,
      details: JSON.stringify({ works: data.works, deleted_works: result.deletedWorks, orphaned_works: result.orphanedWorks, shared_works: works.length - sole.length }),
      created_at: at,
    });
    await deleteUserRow(trx, user.id);
    return result;
  });
  // Files after the commit: a rolled-back deletion must not lose the export. A failure here leaves a file no row
  // points to; the name is random and nothing serves it.
  for (const name of new Set(files)) await fs.promises.rm(path.join(exportsDir(config), path.basename(name)), { force: true });
  return outcome;
}
