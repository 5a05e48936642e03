import type { Db } from '../src/db/connection.js';

// The benchmarks' own reads and bulk writes on a bench corpus (bench/suite.ts, bench/notify-fanout.ts).

export interface PopularTag {
  readonly id: number;
  readonly name: string;
  readonly n: number;
}

/** Canonical tags of a kind by how many works they match through tag_filters (their synonyms and sub tags included). */
export async function popularFilterTags(db: Db, kind: string, options: { parentsOnly: boolean; limit: number; withSynonymsOnly?: boolean }): Promise<PopularTag[]> {
  const rows = await db
    .selectFrom('tag_filters')
    .innerJoin('tags', 'tags.id', 'tag_filters.filter_id')
    .innerJoin('work_tags', 'work_tags.tag_id', 'tag_filters.tag_id')
    .select(['tags.id', 'tags.name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tags.kind', '=', kind)
    .$if(options.parentsOnly, (q) => q.where('tags.id', 'in', (eb) => eb.selectFrom('tag_parents').select('parent_id')))
    .$if(options.withSynonymsOnly ?? false, (q) => q.where('tags.id', 'in', (eb) => eb.selectFrom('tags as s').select('s.synonym_of_id').where('s.synonym_of_id', 'is not', null)))
    .groupBy(['tags.id', 'tags.name'])
    .orderBy('n', 'desc')
    .orderBy('tags.id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, n: Number(r.n) }));
}

/** The first synonym (by id) of each of the given canonical tags, keyed by the canonical tag's id. */
export async function firstSynonyms(db: Db, canonicalIds: readonly number[]): Promise<Map<number, string>> {
  if (canonicalIds.length === 0) return new Map();
  const rows = await db.selectFrom('tags').select(['synonym_of_id', 'name']).where('synonym_of_id', 'in', canonicalIds).orderBy('id').execute();
  const out = new Map<number, string>();
  for (const row of rows) if (row.synonym_of_id !== null && !out.has(row.synonym_of_id)) out.set(row.synonym_of_id, row.name);
  return out;
}

/** The first ordinary (not staff, not banned) account: the signed-in reader of the benchmarks. */
export async function firstReader(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('is_admin', '=', 0)
    .where('is_moderator', '=', 0)
    .where('banned_at', 'is', null)
    .where('username', 'not like', 'benchsub%')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Public works for the page benchmarks: the longest posted work (its chapter page) and a spread of others. */
export async function benchWorks(db: Db, count: number): Promise<{ longest: number; others: number[] }> {
  const listed = db.selectFrom('works').select('id').where('posted', '=', 1).where('deleted_at', 'is', null).where('hidden_at', 'is', null);
  const longest = await listed.orderBy('word_count', 'desc').orderBy('id').executeTakeFirstOrThrow();
  const others = await listed.orderBy('kudos_count', 'desc').orderBy('id').limit(count).execute();
  return { longest: longest.id, others: others.map((w) => w.id) };
}

export async function userIdByUsername(db: Db, username: string): Promise<number | undefined> {
  return (await db.selectFrom('users').select('id').where('username_key', '=', username.toLowerCase()).executeTakeFirst())?.id;
}

/** Inserts `count` confirmed accounts named `<prefix><i>` (immediate email, the default) unless they are already there; their ids. */
export async function ensureBulkUsers(db: Db, prefix: string, count: number): Promise<number[]> {
  const existing = async () =>
    (await db.selectFrom('users').select('id').where('username_key', 'like', `${prefix}%`).orderBy('id').limit(count).execute()).map((r) => r.id);
  const have = await existing();
  if (have.length >= count) return have;
  const at = new Date().toISOString();
  const users = Array.from({ length: count - have.length }, (_, k) => {
    const i = have.length + k;
    return { username: `${prefix}${i}`, username_key: `${prefix}${i}`, email: `${prefix}${i}@bench.test`, password_hash: 'x', created_at: at, updated_at: at, email_confirmed_at: at };
  });
  for (let i = 0; i < users.length; i += 1000) await db.insertInto('users').values(users.slice(i, i + 1000)).execute();
  return existing();
}

/** A work of `userId` with this title (the fan-out benchmark's work, reused from one run to the next in a corpus). */
export async function workByAuthorAndTitle(db: Db, userId: number, title: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .select('works.id')
    .where('work_authors.user_id', '=', userId)
    .where('works.title', '=', title)
    .where('works.deleted_at', 'is', null)
    .orderBy('works.id')
    .executeTakeFirst();
  return row?.id;
}

/** Works the benchmarks added to a corpus (by the bench_author account), beside the seeded ones. */
export async function countBenchWorks(db: Db): Promise<number> {
  const row = await db
    .selectFrom('works')
    .innerJoin('work_authors', 'work_authors.work_id', 'works.id')
    .innerJoin('users', 'users.id', 'work_authors.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('users.username_key', '=', 'bench_author')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function subscribeInBulk(db: Db, userIds: readonly number[], workId: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < userIds.length; i += 1000) {
    await db
      .insertInto('subscriptions')
      .values(userIds.slice(i, i + 1000).map((id) => ({ user_id: id, target_type: 'work', target_id: workId, created_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function countWorkNotifications(db: Db, workId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('work_id', '=', workId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countOutbox(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
