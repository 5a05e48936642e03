import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';

/**
 * Counts one hit against `key` in a fixed window and returns the count and when the window ends.
 * One upsert, so concurrent processes sharing PostgreSQL count together.
 */
export async function hitRateLimit(db: DbLike, key: string, now: string, windowEndsAt: string): Promise<{ count: number; window_ends_at: string }> {
  return db
    .insertInto('rate_limits')
    .values({ key, count: 1, window_ends_at: windowEndsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_ends_at <= ${now} then 1 else rate_limits.count + 1 end`,
        window_ends_at: sql<string>`case when rate_limits.window_ends_at <= ${now} then excluded.window_ends_at else rate_limits.window_ends_at end`,
      }),
    )
    .returning(['count', 'window_ends_at'])
    .executeTakeFirstOrThrow();
}

/** Forgets a key's count (after a successful login, say). */
export async function clearRateLimit(db: DbLike, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** The current count for a key, 0 when its window has ended. */
export async function rateLimitCount(db: DbLike, key: string, now: string): Promise<{ count: number; window_ends_at: string } | undefined> {
  return db
    .selectFrom('rate_limits')
    .select(['count', 'window_ends_at'])
    .where('key', '=', key)
    .where('window_ends_at', '>', now)
    .executeTakeFirst();
}
