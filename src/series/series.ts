import type { Db, DbLike } from '../db/connection.js';
import { notifySeriesPart } from '../notifications/notify.js';
import { reindexWork } from '../search/search.js';
import { findWork } from '../works/works.queries.js';
import { insertAuditEntry } from '../db/audit.queries.js';
import { now } from '../db/dialect.js';
import type { Series, User } from '../db/schema.js';
import { Forbidden, Gone, NotFound, Unauthorized, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import type { SeriesRef } from '../works/works.forms.js';
import { seriesInputSchema, seriesPatchSchema } from './series.forms.js';
import { deleteSeriesWork, findSeries, insertSeries, lockSeries, seriesWorkIds, setSeriesOrder, updateSeries as updateSeriesRow } from './series.queries.js';

// Series domain functions, shared by the pages and the API.

/** Throws unless `user` may change the series: its owner and admins may. */
export function authorizeSeriesEdit(user: User | undefined, series: Series | undefined): asserts series is Series {
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  if (!user) throw Unauthorized();
  if (series.user_id !== user.id && user.is_admin !== 1) throw Forbidden('Only the series’ creator can change it.');
}

/** Creates a series owned by `user`. */
export async function createSeries(db: DbLike, user: User, input: unknown): Promise<Series> {
  const data = validate(seriesInputSchema, input);
  const at = now();
  return insertSeries(db, { user_id: user.id, title: data.title, summary: data.summary, notes: data.notes, complete: data.complete ? 1 : 0, created_at: at, updated_at: at });
}

/** Changes a series' fields and, with `works`, the order of its parts (which must be exactly its current works). */
export async function updateSeries(db: Db, user: User, seriesId: number, input: unknown): Promise<Series> {
  const data = validate(seriesPatchSchema, input);
  return db.transaction().execute(async (trx) => {
    await lockSeries(trx, seriesId);
    const series = await findSeries(trx, seriesId);
    authorizeSeriesEdit(user, series);
    const { works, complete, ...fields } = data;
    await updateSeriesRow(trx, seriesId, { ...fields, ...(complete === undefined ? {} : { complete: complete ? 1 : 0 }), updated_at: now() });
    if (works) {
      const current = await seriesWorkIds(trx, seriesId);
      const same = works.length === current.length && new Set(works).size === works.length && works.every((id) => current.includes(id));
      if (!same) throw ValidationFailed({ works: 'List every work of the series exactly once, in the new order.' });
      await setSeriesOrder(trx, seriesId, works);
    }
    // Works are found by their series' titles.
    if (fields.title !== undefined && fields.title !== series.title) for (const workId of await seriesWorkIds(trx, seriesId)) await reindexWork(trx, workId);
    return (await findSeries(trx, seriesId))!;
  });
}

/** Deletes a series (its works stay, without it). */
export async function deleteSeries(db: Db, user: User, seriesId: number): Promise<void> {
  await db.transaction().execute((trx) => deleteSeriesInTransaction(trx, user, seriesId));
}

/** deleteSeries inside the caller's transaction (a moderator's deletion is audited in the same one). */
export async function deleteSeriesInTransaction(trx: DbLike, user: User, seriesId: number): Promise<void> {
  await lockSeries(trx, seriesId);
  const series = await findSeries(trx, seriesId);
  authorizeSeriesEdit(user, series);
  const at = now();
  const formerWorks = await seriesWorkIds(trx, seriesId);
  await setSeriesOrder(trx, seriesId, []);
  await updateSeriesRow(trx, seriesId, { deleted_at: at, updated_at: at });
  for (const workId of formerWorks) await reindexWork(trx, workId);
  await insertAuditEntry(trx, { actor_id: user.id, action: 'series.delete', target_type: 'series', target_id: seriesId, details: JSON.stringify({ title: series.title }), created_at: at });
}

/**
 * Puts a work into a series: `{title}` starts a new series with it as part 1; `{id}` appends it as the next part,
 * `{id, position}` puts it at that position (moving it if it is already there). Only into the user's own series.
 */
export async function placeWorkInSeries(db: DbLike, user: User, workId: number, ref: SeriesRef): Promise<void> {
  let seriesId: number;
  if ('title' in ref) {
    seriesId = (await createSeries(db, user, { title: ref.title })).id;
  } else {
    await lockSeries(db, ref.id);
    const series = await findSeries(db, ref.id);
    if (!series || series.deleted_at) throw ValidationFailed({ series: 'That series does not exist.' });
    if (series.user_id !== user.id && user.is_admin !== 1) throw ValidationFailed({ series: 'You can only add works to your own series.' });
    seriesId = series.id;
  }
  const current = await seriesWorkIds(db, seriesId);
  const order = current.filter((id) => id !== workId);
  const position = 'position' in ref && ref.position ? Math.min(ref.position, order.length + 1) : order.length + 1;
  order.splice(position - 1, 0, workId);
  await setSeriesOrder(db, seriesId, order);
  await updateSeriesRow(db, seriesId, { updated_at: now() });
  await reindexWork(db, workId);
  // A posted work that joins a series is news to its subscribers; a draft tells them when it is posted.
  if (!current.includes(workId) && (await findWork(db, workId))?.posted === 1) await notifySeriesPart(db, seriesId, workId);
}

/** Takes a work out of one of the user's series, closing the gap in the numbering. */
export async function removeWorkFromSeries(db: DbLike, user: User, seriesId: number, workId: number): Promise<void> {
  const series = await findSeries(db, seriesId);
  if (!series || series.deleted_at) throw ValidationFailed({ leave_series: 'That series does not exist.' });
  if (series.user_id !== user.id && user.is_admin !== 1) throw ValidationFailed({ leave_series: 'That is not your series.' });
  await dropWorkFromSeries(db, seriesId, workId);
}

/** Removes a work from a series and renumbers the remaining parts (no permission check: callers do it). */
export async function dropWorkFromSeries(db: DbLike, seriesId: number, workId: number): Promise<void> {
  await lockSeries(db, seriesId);
  await deleteSeriesWork(db, seriesId, workId);
  await setSeriesOrder(db, seriesId, await seriesWorkIds(db, seriesId));
  await reindexWork(db, workId);
}
