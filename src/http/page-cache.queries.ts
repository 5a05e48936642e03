import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';

/** The channel every process LISTENs on for render-cache invalidations (PostgreSQL only). */
export const CACHE_CHANNEL = 'chapterhouse_cache';

/** The work a comment belongs to, or undefined. */
export async function findCommentWorkId(db: DbLike, commentId: number): Promise<number | undefined> {
  const row = await db.selectFrom('comments').select('work_id').where('id', '=', commentId).executeTakeFirst();
  return row?.work_id;
}

/** Tells every other process on this PostgreSQL database to drop pages with these tags (nothing to do on SQLite). */
export async function publishCacheInvalidation(db: DbLike, tags: readonly string[]): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_notify(${CACHE_CHANNEL}, ${tags.join(' ')})`.execute(db);
}
