import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import type { Job } from '../db/schema.js';

/** Adds a job; with a dedupe key, a second enqueue of the same key is ignored. Returns whether it was added. */
export async function insertJob(db: DbLike, job: { kind: string; payload: string; dedupe_key: string | null; run_at: string; created_at: string; max_attempts?: number }): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values(job)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims the next due job for `runner` until `lockedUntil`: a job is due when it is not done or failed, its time
 * has come, and no other runner holds an unexpired lease on it. PostgreSQL skips rows other runners are claiming.
 */
export async function claimJob(db: DbLike, runner: string, now: string, lockedUntil: string): Promise<Job | undefined> {
  const skipLocked = isPostgres(db) ? sql`for update skip locked` : sql``;
  const result = await sql<Job>`
    update jobs set locked_by = ${runner}, locked_until = ${lockedUntil}, attempts = attempts + 1
    where id = (
      select id from jobs
      where done_at is null and failed_at is null and run_at <= ${now} and (locked_until is null or locked_until < ${now})
      order by run_at, id
      limit 1
      ${skipLocked}
    )
    returning *`.execute(db);
  return result.rows[0];
}

/** Marks a job done. */
export async function completeJob(db: DbLike, id: number, at: string): Promise<void> {
  await db.updateTable('jobs').set({ done_at: at, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

/** Records a failed attempt: the job runs again at `retryAt`, or is given up when `retryAt` is null. */
export async function failJob(db: DbLike, id: number, error: string, retryAt: string | null, at: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set(retryAt ? { run_at: retryAt, locked_until: null, last_error: error } : { failed_at: at, locked_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** How many jobs are waiting (due or not), for tests and the admin area. */
export async function countPendingJobs(db: DbLike): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes finished jobs older than `before`. */
export async function deleteFinishedJobs(db: DbLike, before: string): Promise<void> {
  await db.deleteFrom('jobs').where((eb) => eb.or([eb('done_at', '<', before), eb('failed_at', '<', before)])).execute();
}
