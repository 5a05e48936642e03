import type { DbLike } from '../db/connection.js';
import type { Export } from '../db/schema.js';

/** Inserts a pending export for a user and returns it. */
export async function insertExport(db: DbLike, userId: number, at: string): Promise<Export> {
  return db.insertInto('exports').values({ user_id: userId, status: 'pending', created_at: at }).returningAll().executeTakeFirstOrThrow();
}

/** The export with this id. */
export async function findExport(db: DbLike, id: number): Promise<Export | undefined> {
  return db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user's most recent export, whatever its state. */
export async function latestExport(db: DbLike, userId: number): Promise<Export | undefined> {
  return db.selectFrom('exports').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** True when the user has an export still being built, requested after `since`. */
export async function hasPendingExport(db: DbLike, userId: number, since: string): Promise<boolean> {
  const row = await db.selectFrom('exports').select('id').where('user_id', '=', userId).where('status', '=', 'pending').where('created_at', '>', since).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Marks an export built: its file, size and when its link stops working. */
export async function markExportReady(db: DbLike, id: number, file: { name: string; size: number }, at: string, expiresAt: string): Promise<void> {
  await db.updateTable('exports').set({ status: 'ready', file_name: file.name, size_bytes: file.size, ready_at: at, expires_at: expiresAt, error: null }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Marks an export failed, with the reason (never shown with personal data). */
export async function markExportFailed(db: DbLike, id: number, error: string): Promise<void> {
  await db.updateTable('exports').set({ status: 'failed', error }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Marks an export expired: its file is gone. */
export async function markExportExpired(db: DbLike, id: number): Promise<void> {
  await db.updateTable('exports').set({ status: 'expired', file_name: null }).where('id', '=', id).execute();
}

/** The ready exports of a user, or every ready export whose link expired by `before`. */
export async function readyExports(db: DbLike, filter: { userId: number } | { expiredBy: string }): Promise<Export[]> {
  let query = db.selectFrom('exports').selectAll().where('status', '=', 'ready');
  query = 'userId' in filter ? query.where('user_id', '=', filter.userId) : query.where('expires_at', '<=', filter.expiredBy);
  return query.orderBy('id').execute();
}
