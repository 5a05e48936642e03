import type { Db } from '../db/connection.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.js';
import { deleteHitsBefore, incrementHitCount, insertHit } from './hits.queries.js';

// A view of a work counts once per visitor per work per UTC day. Visitors are opaque keys (a keyed hash of the
// account id, or of the IP address and a browser cookie); the rows are purged after two days by a daily job.

export const HITS_PURGE_JOB = 'hits.purge';
/** How many days of per-visitor rows to keep: today and yesterday (a view just after midnight still finds its row). */
const KEEP_DAYS = 2;

/** The UTC day of `date` as YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Counts a view of the work unless this visitor already viewed it today; true when it counted. */
export async function recordHit(db: Db, workId: number, visitor: string, at = new Date()): Promise<boolean> {
  return (await recordHits(db, [{ workId, visitor }], at)) > 0;
}

/** Counts several views in one transaction (each once per visitor per work per day); how many counted. */
export async function recordHits(db: Db, views: readonly { workId: number; visitor: string }[], at = new Date()): Promise<number> {
  const day = utcDay(at);
  return db.transaction().execute(async (trx) => {
    let counted = 0;
    for (const { workId, visitor } of views) {
      if (!(await insertHit(trx, workId, day, visitor))) continue;
      await incrementHitCount(trx, workId);
      counted += 1;
    }
    if (counted === 0) return 0;
    // One purge job per day, whoever records the first hit of the day enqueues it (the dedupe key makes the rest no-ops).
    const tomorrow = new Date(`${day}T00:00:00.000Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await enqueueJob(trx, HITS_PURGE_JOB, { day }, { dedupeKey: `${HITS_PURGE_JOB}:${day}`, runAt: tomorrow });
    return counted;
  });
}

/** Deletes per-visitor hit rows older than KEEP_DAYS days (the counts on the works stay). */
export async function purgeOldHits(db: Db, at = new Date()): Promise<number> {
  const cutoff = new Date(at);
  cutoff.setUTCDate(cutoff.getUTCDate() - (KEEP_DAYS - 1));
  return deleteHitsBefore(db, utcDay(cutoff));
}

/** The `hits.purge` job handler. */
export const purgeHitsJob: JobHandler = async (_payload, { db }) => {
  await purgeOldHits(db);
};
