import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { touchWorkOrder } from '../listings/work-filters.queries.js';

/** Records that `visitor` saw the work on `day`; true when this is their first view of it that day. */
export async function insertHit(db: DbLike, workId: number, day: string, visitor: string): Promise<boolean> {
  const result = await db
    .insertInto('work_hits')
    .values({ work_id: workId, day, visitor })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Adds one to a work's hit count (listing pages kept in hit order under its tags follow). */
export async function incrementHitCount(db: DbLike, workId: number): Promise<void> {
  await db.updateTable('works').set({ hit_count: sql<number>`hit_count + 1` }).where('id', '=', workId).execute();
  await touchWorkOrder(db, 'hits', workId);
}

/** Deletes the per-visitor hit rows of days before `day` (they only exist to stop same-day repeats). */
export async function deleteHitsBefore(db: DbLike, day: string): Promise<number> {
  const result = await db.deleteFrom('work_hits').where('day', '<', day).executeTakeFirst();
  return Number(result.numDeletedRows);
}
