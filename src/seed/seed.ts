import type { Db } from '../db/connection.js';
import { addToCounter } from '../db/counters.queries.js';
import { hashPassword } from '../accounts/accounts.js';
import { writeSearchEntries } from '../search/search.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';
import { Prng } from './prng.js';
import { rebuildAllWorkFilters } from '../listings/work-filters.queries.js';
import {
  advanceIdSequences,
  analyzeAfterLoad,
  countAllWorks,
  dropIndexes,
  highestIds,
  insertRows,
  recreateIndexes,
  secondaryIndexes,
  takenKeys,
  type SeedRow,
} from './seed.queries.js';
import { buildTagPool, tagPoolSize, type TagPool } from './tag-pool.js';
import { WorkGenerator, type SeedUser } from './work-generator.js';
import { inventedName } from './words.js';

// `chapterhouse seed`: a deterministic synthetic archive for benchmarks and trying the app at scale. The same
// --works and --seed give the same rows on every run and engine (bar the password hash, salted once per run).
// Speed comes from multi-row inserts (one transaction per batch of works), secondary indexes dropped before the load
// and recreated from the catalogue's own definitions after, and the search index written directly in bulk.

/** Every seeded account signs in with this password (hashed once, the hash reused). */
export const SEED_PASSWORD = 'chapterhouse-seed-password';

/** Tables the seeder fills; their secondary indexes are dropped during the load. */
const LOADED_TABLES = [
  'users', 'tags', 'tag_parents', 'tag_filters', 'works', 'work_authors', 'work_warnings', 'work_tags', 'chapters',
  'series', 'series_works', 'kudos', 'comments', 'bookmarks', 'work_search',
];
const ID_TABLES = ['users', 'tags', 'works', 'chapters', 'series', 'comments', 'kudos', 'bookmarks'];
/** Child rows go in after the rows they point at. */
const BATCH_TABLES = ['series', 'works', 'work_authors', 'work_warnings', 'work_tags', 'chapters', 'series_works', 'kudos', 'comments', 'bookmarks'];

export const MAX_SEED_WORKS = 10_000_000;

export interface SeedOptions {
  readonly works: number;
  readonly seed?: number;
  /** Seed into a database that already has works (new rows get ids after the existing ones). */
  readonly force?: boolean;
  /** Works per transaction. */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number, phase: string) => void;
}

export type SeedResult =
  | { readonly refused: true; readonly existingWorks: number }
  | { readonly refused: false; readonly works: number; readonly posted: number; readonly users: number; readonly tags: number; readonly seconds: number };

/** How many accounts an archive of `works` works gets: about one for every six works. */
export function userCount(works: number): number {
  return Math.max(5, Math.min(200_000, Math.round(works / 6)));
}

/** Seeds the archive; refuses (and writes nothing) when the database already has works, unless `force`. */
export async function seedArchive(db: Db, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const existingWorks = await countAllWorks(db);
  if (existingWorks > 0 && !options.force) return { refused: true, existingWorks };
  const seed = options.seed ?? 1;
  const total = options.works;
  const batchSize = options.batchSize ?? 1000;
  const progress = options.onProgress ?? (() => {});

  const ids = await highestIds(db, ID_TABLES);
  const taken = await takenKeys(db);
  const pool = buildTagPool(new Prng(seed ^ 0x7a6b), tagPoolSize(total), ids.tags! + 1, taken.tags);
  const users = makeUsers(new Prng(seed ^ 0x51ed), userCount(total), ids.users! + 1, taken.usernames);
  const passwordHash = await hashPassword(SEED_PASSWORD);

  const indexes = await secondaryIndexes(db, LOADED_TABLES);
  await dropIndexes(db, indexes);
  let posted = 0;
  try {
    await loadAccounts(db, users, passwordHash, progress);
    await loadTags(db, pool, progress);
    const generator = new WorkGenerator(new Prng(seed), pool, users, total, {
      works: ids.works! + 1,
      chapters: ids.chapters! + 1,
      series: ids.series! + 1,
      comments: ids.comments! + 1,
      kudos: ids.kudos! + 1,
      bookmarks: ids.bookmarks! + 1,
    });
    for (let from = 0; from < total; from += batchSize) {
      const batch = generator.batch(from, Math.min(batchSize, total - from));
      await db.transaction().execute(async (trx) => {
        for (const table of BATCH_TABLES) await insertRows(trx, table, batch.rows[table] ?? []);
        await writeSearchEntries(trx, batch.search);
        await addToCounter(trx, POSTED_WORKS_COUNTER, batch.posted);
      });
      posted += batch.posted;
      progress(Math.min(total, from + batchSize), total, 'works');
    }
  } finally {
    progress(0, indexes.length, 'indexes');
    await recreateIndexes(db, indexes);
    progress(indexes.length, indexes.length, 'indexes');
    await advanceIdSequences(db, ID_TABLES);
    progress(0, 1, 'tag filters');
    await rebuildAllWorkFilters(db);
    progress(1, 1, 'tag filters');
    await analyzeAfterLoad(db);
  }
  return { refused: false, works: total, posted, users: users.length, tags: pool.tags.length, seconds: (Date.now() - started) / 1000 };
}

/** Accounts with valid, unique usernames ("Brailen42"): letters and digits only, 3 to 40 characters. */
function makeUsers(rng: Prng, count: number, firstId: number, taken: Set<string>): SeedUser[] {
  const users: SeedUser[] = [];
  for (let i = 0; i < count; i++) {
    let username = `${inventedName(rng)}${i + 1}`.slice(0, 40);
    while (taken.has(username.toLowerCase())) username = `${username.slice(0, 38)}_${rng.int(0, 9)}`;
    taken.add(username.toLowerCase());
    users.push({ id: firstId + i, username });
  }
  return users;
}

async function loadAccounts(db: Db, users: readonly SeedUser[], passwordHash: string, progress: (done: number, total: number, phase: string) => void): Promise<void> {
  const at = new Date(Date.UTC(2011, 11, 1)).toISOString();
  for (let start = 0; start < users.length; start += 5000) {
    const rows: SeedRow[] = users.slice(start, start + 5000).map((u) => ({
      id: u.id,
      username: u.username,
      username_key: u.username.toLowerCase(),
      email: `${u.username.toLowerCase()}@example.org`,
      password_hash: passwordHash,
      email_confirmed_at: at,
      created_at: at,
      updated_at: at,
    }));
    await db.transaction().execute((trx) => insertRows(trx, 'users', rows));
    progress(Math.min(users.length, start + 5000), users.length, 'accounts');
  }
}

async function loadTags(db: Db, pool: TagPool, progress: (done: number, total: number, phase: string) => void): Promise<void> {
  const at = new Date(Date.UTC(2011, 11, 1)).toISOString();
  for (let start = 0; start < pool.tags.length; start += 5000) {
    const slice = pool.tags.slice(start, start + 5000);
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'tags', slice.map((t) => ({ id: t.id, name: t.name, name_key: t.key, kind: t.kind, canonical: t.canonical, synonym_of_id: t.synonymOf, created_at: at })));
      await insertRows(trx, 'tag_parents', slice.flatMap((t) => t.parents.map((p) => ({ parent_id: p, child_id: t.id }))));
      await insertRows(trx, 'tag_filters', slice.flatMap((t) => t.filterIds.map((f) => ({ tag_id: t.id, filter_id: f }))));
    });
    progress(Math.min(pool.tags.length, start + 5000), pool.tags.length, 'tags');
  }
}
