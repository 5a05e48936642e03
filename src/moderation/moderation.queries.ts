import type { DbLike } from '../db/connection.js';
import type { Chapter } from '../db/schema.js';
import { refreshWorkFilters } from '../listings/work-filters.queries.js';
import type { HideableType } from './moderation.policy.js';

// SQL of hiding and restoring content. The conditional updates (`hidden_at is null` / `is not null`) make each
// change happen once, so two moderators pressing Hide together move the counters once.

/** Who hid something, when and why; all null for visible content. */
export interface HiddenState {
  readonly hidden_at: string | null;
  readonly hidden_reason: string | null;
  readonly hidden_by: number | null;
}

/** A chapter by id, whatever its state. */
export async function findChapterById(db: DbLike, id: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Hides a row of `table` unless it is hidden already; true when this call hid it. */
export async function markHidden(db: DbLike, table: HideableType, id: number, state: { at: string; reason: string; by: number }): Promise<boolean> {
  const values = { hidden_at: state.at, hidden_reason: state.reason, hidden_by: state.by };
  const result = await updateHidden(db, table, id, values, 'is');
  return result > 0;
}

/** Shows a hidden row of `table` again; true when this call restored it. */
export async function clearHidden(db: DbLike, table: HideableType, id: number): Promise<boolean> {
  const result = await updateHidden(db, table, id, { hidden_at: null, hidden_reason: null, hidden_by: null }, 'is not');
  return result > 0;
}

async function updateHidden(db: DbLike, table: HideableType, id: number, values: HiddenState, currently: 'is' | 'is not'): Promise<number> {
  // One statement per table keeps Kysely's column types exact (the four tables share only these columns).
  const run = async () => {
    switch (table) {
      case 'works': {
        const result = await db.updateTable('works').set(values).where('id', '=', id).where('hidden_at', currently, null).executeTakeFirst();
        await refreshWorkFilters(db, [id]);
        return result;
      }
      case 'chapters':
        return db.updateTable('chapters').set(values).where('id', '=', id).where('hidden_at', currently, null).executeTakeFirst();
      case 'comments':
        return db.updateTable('comments').set(values).where('id', '=', id).where('hidden_at', currently, null).executeTakeFirst();
      case 'series':
        return db.updateTable('series').set(values).where('id', '=', id).where('hidden_at', currently, null).executeTakeFirst();
    }
  };
  return Number((await run()).numUpdatedRows);
}

/** Ids of the works in a series (any state), to re-index them when the series is hidden or restored. */
export async function seriesMemberWorkIds(db: DbLike, seriesId: number): Promise<number[]> {
  const rows = await db.selectFrom('series_works').select('work_id').where('series_id', '=', seriesId).execute();
  return rows.map((r) => r.work_id);
}
