import { sql } from 'kysely';
import type { DbLike } from './connection.js';

/** Adds `delta` to an archive-wide counter, creating it at `delta`. */
export async function addToCounter(db: DbLike, name: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await db
    .insertInto('counters')
    .values({ name, value: delta })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + ${delta}` }))
    .execute();
}

/** The value of an archive-wide counter (0 when never set). */
export async function readCounter(db: DbLike, name: string): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? 0;
}
