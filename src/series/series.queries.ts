import type { DbLike } from '../db/connection.js';
import { forUpdate } from '../db/dialect.js';
import type { Series } from '../db/schema.js';

/** A work's place in a series, as shown on the work. */
export interface SeriesMembership {
  readonly id: number;
  readonly title: string;
  readonly position: number;
}

/** A part of a series, as listed on the series page. */
export interface SeriesPart {
  readonly work_id: number;
  readonly position: number;
  readonly title: string;
  readonly posted: 0 | 1;
}

/** The series with this id, deleted ones included. */
export async function findSeries(db: DbLike, id: number): Promise<Series | undefined> {
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks a series' row until the transaction ends, so concurrent changes to its parts queue up. */
export async function lockSeries(db: DbLike, id: number): Promise<void> {
  await forUpdate(db, db.selectFrom('series').select('id').where('id', '=', id)).execute();
}

/** Inserts a series and returns it. */
export async function insertSeries(db: DbLike, series: { user_id: number; title: string; summary: string; notes: string; complete: 0 | 1; created_at: string; updated_at: string }): Promise<Series> {
  return db.insertInto('series').values(series).returningAll().executeTakeFirstOrThrow();
}

/** Updates a series' columns. */
export async function updateSeries(db: DbLike, id: number, changes: Partial<Pick<Series, 'title' | 'summary' | 'notes' | 'complete' | 'updated_at' | 'deleted_at'>>): Promise<void> {
  await db.updateTable('series').set(changes).where('id', '=', id).execute();
}

/** A series' works in reading order, drafts and deleted works left out unless `includeDrafts` (drafts only). */
export async function listSeriesParts(db: DbLike, seriesId: number, includeDrafts: boolean): Promise<SeriesPart[]> {
  let query = db
    .selectFrom('series_works')
    .innerJoin('works', 'works.id', 'series_works.work_id')
    .select(['series_works.work_id', 'series_works.position', 'works.title', 'works.posted'])
    .where('series_works.series_id', '=', seriesId)
    .where('works.deleted_at', 'is', null)
    .orderBy('series_works.position');
  // Readers never see parts hidden by a moderator; the owner's view (includeDrafts) keeps them.
  if (!includeDrafts) query = query.where('works.posted', '=', 1).where('works.hidden_at', 'is', null);
  return query.execute();
}

/** Every series each of several works belongs to, with the work's position. */
export async function seriesForWorks(db: DbLike, workIds: readonly number[]): Promise<Map<number, SeriesMembership[]>> {
  const out = new Map<number, SeriesMembership[]>(workIds.map((id) => [id, []]));
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_works.series_id')
    .select(['series_works.work_id', 'series.id', 'series.title', 'series_works.position'])
    .where('series_works.work_id', 'in', workIds)
    .where('series.deleted_at', 'is', null)
    .where('series.hidden_at', 'is', null)
    .orderBy('series.id')
    .execute();
  for (const row of rows) out.get(row.work_id)?.push({ id: row.id, title: row.title, position: row.position });
  return out;
}

/** The posted neighbours of a position in a series: the nearest earlier and later posted parts. */
export async function seriesNeighbours(db: DbLike, seriesId: number, position: number): Promise<{ previous?: SeriesPart; next?: SeriesPart }> {
  const base = db
    .selectFrom('series_works')
    .innerJoin('works', 'works.id', 'series_works.work_id')
    .select(['series_works.work_id', 'series_works.position', 'works.title', 'works.posted'])
    .where('series_works.series_id', '=', seriesId)
    .where('works.posted', '=', 1)
    .where('works.deleted_at', 'is', null)
    .where('works.hidden_at', 'is', null);
  const previous = await base.where('series_works.position', '<', position).orderBy('series_works.position', 'desc').limit(1).executeTakeFirst();
  const next = await base.where('series_works.position', '>', position).orderBy('series_works.position', 'asc').limit(1).executeTakeFirst();
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** Every work id in a series in order (all states), for renumbering. */
export async function seriesWorkIds(db: DbLike, seriesId: number): Promise<number[]> {
  const rows = await db.selectFrom('series_works').select('work_id').where('series_id', '=', seriesId).orderBy('position').execute();
  return rows.map((r) => r.work_id);
}

/** Removes a work from a series. */
export async function deleteSeriesWork(db: DbLike, seriesId: number, workId: number): Promise<void> {
  await db.deleteFrom('series_works').where('series_id', '=', seriesId).where('work_id', '=', workId).execute();
}

/** Writes a series' order: `workIds[i]` becomes part i + 1 (rows are replaced, so positions stay dense). */
export async function setSeriesOrder(db: DbLike, seriesId: number, workIds: readonly number[]): Promise<void> {
  await db.deleteFrom('series_works').where('series_id', '=', seriesId).execute();
  if (workIds.length === 0) return;
  await db
    .insertInto('series_works')
    .values(workIds.map((work_id, i) => ({ series_id: seriesId, work_id, position: i + 1 })))
    .execute();
}

/** Ids of the series a work belongs to. */
export async function seriesIdsOfWork(db: DbLike, workId: number): Promise<number[]> {
  const rows = await db.selectFrom('series_works').select('series_id').where('work_id', '=', workId).execute();
  return rows.map((r) => r.series_id);
}

/** A user's series, newest first; series hidden by a moderator only when `includeHidden` (the owner's own view). */
export async function listUserSeries(db: DbLike, userId: number, includeHidden = false): Promise<Series[]> {
  let query = db.selectFrom('series').selectAll().where('user_id', '=', userId).where('deleted_at', 'is', null);
  if (!includeHidden) query = query.where('hidden_at', 'is', null);
  return query.orderBy('id', 'desc').execute();
}

/** Usernames credited on a series: its owner and the authors of its posted works. */
export async function seriesAuthorNames(db: DbLike, seriesId: number, ownerId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('username')
    .where((eb) =>
      eb.or([
        eb('id', '=', ownerId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('work_authors')
            .innerJoin('series_works', 'series_works.work_id', 'work_authors.work_id')
            .innerJoin('works', 'works.id', 'work_authors.work_id')
            .select('work_authors.user_id')
            .where('series_works.series_id', '=', seriesId)
            .where('works.posted', '=', 1)
            .where('works.deleted_at', 'is', null)
            .where('works.hidden_at', 'is', null),
        ),
      ]),
    )
    .orderBy('username')
    .execute();
  return rows.map((r) => r.username);
}
