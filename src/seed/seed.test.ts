import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { registerUser } from '../accounts/accounts.js';
import { migrateToLatest, type Db } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import { readCounter } from '../db/counters.queries.js';
import { rebuildSearchIndex } from '../search/search.js';
import { wrangleTag } from '../tags/tags.js';
import { sanitizeBody } from '../text/sanitize.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';
import { forEachDatabase, openTestDatabase, pageText, type TestContext, type WorkJson } from '../../test/helpers.js';
import { runSeedCommand } from './seed-command.js';
import { countAllWorks } from './seed.queries.js';
import { SEED_PASSWORD, seedArchive } from './seed.js';

// The synthetic archive is one the app can serve as if people had made it: listings, filters, search and work pages
// work; counters agree with the rows that exist; tag_filters and the search index are what src/tags and src/search
// would compute; and the same seed gives the same rows.

const WORKS = 300;
const SEED = 42;

interface WorkList {
  items: WorkJson[];
  total: number;
}

/** A digest of some tables' rows in key order (the password hash, salted per run, left out). */
async function digest(db: Db): Promise<string> {
  const hash = crypto.createHash('sha256');
  const tables: [string, string, string][] = [
    ['works', '*', 'id'],
    ['work_tags', '*', 'work_id, tag_id'],
    ['tags', '*', 'id'],
    ['tag_filters', '*', 'tag_id, filter_id'],
    ['chapters', '*', 'id'],
    ['series_works', '*', 'series_id, work_id'],
    ['users', 'id, username, email, created_at', 'id'],
    ['kudos', '*', 'id'],
  ];
  for (const [table, columns, order] of tables) {
    const { rows } = await sql`select ${sql.raw(columns)} from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db);
    hash.update(`${table}:${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
}

/** The search index's contents in a comparable form (FTS5 text columns, or PostgreSQL's tsvectors as text). */
async function indexContents(db: Db): Promise<unknown[]> {
  const query = isPostgres(db)
    ? sql`select work_id, document::text as document, title::text as title, authors::text as authors, tags::text as tags, series::text as series from work_search order by work_id`
    : sql`select work_id, title, authors, tags, summary, series from work_search order by work_id`;
  return (await query.execute(db)).rows;
}

describe('seed', () => {
  forEachDatabase((t: () => TestContext) => {
    let firstDigest = '';

    beforeAll(async () => {
      const result = await seedArchive(t().db, { works: WORKS, seed: SEED, batchSize: 70 });
      expect(result).toMatchObject({ refused: false, works: WORKS });
      firstDigest = await digest(t().db);
    }, 120_000);

    async function api(path: string): Promise<WorkList> {
      const response = await t().api('GET', path);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as WorkList;
    }

    it('refuses a database that already has works unless forced, and bad arguments, from the command line too', async () => {
      expect(await seedArchive(t().db, { works: 5 })).toEqual({ refused: true, existingWorks: WORKS });
      const quiet = { write: () => true };
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        expect(await runSeedCommand(t().db, ['--works', '5'], quiet)).toBe(1);
        for (const args of [['--works', 'many'], ['--works', '0'], [], ['--works', '5', '--seed', '-1'], ['--bogus']]) expect(await runSeedCommand(t().db, args, quiet), args.join(' ')).toBe(2);
      } finally {
        errors.mockRestore();
      }
      expect(await countAllWorks(t().db)).toBe(WORKS);
    });

    it('gives the same rows for the same seed, on a fresh database', async () => {
      const other = await openTestDatabase(t().dialect);
      try {
        await migrateToLatest(other.db);
        await seedArchive(other.db, { works: WORKS, seed: SEED, batchSize: 100 });
        expect(await digest(other.db)).toBe(firstDigest);
      } finally {
        await other.drop();
      }
      const different = await openTestDatabase(t().dialect);
      try {
        await migrateToLatest(different.db);
        await seedArchive(different.db, { works: WORKS, seed: SEED + 1 });
        expect(await digest(different.db)).not.toBe(firstDigest);
      } finally {
        await different.drop();
      }
    }, 120_000);

    it('serves /works, the works API and a work page, with the posted counter right', async () => {
      const posted = await t().db.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).where('posted', '=', 1).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
      expect(Number(posted.n)).toBeGreaterThan(WORKS * 0.95);
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(Number(posted.n));
      expect((await api('/api/v1/works')).total).toBe(Number(posted.n));
      const page = await t().browser().get('/works');
      expect(page.status).toBe(200);
      const work = await t().db.selectFrom('works').selectAll().where('posted', '=', 1).where('deleted_at', 'is', null).where('rating', '=', 'General Audiences').orderBy('id').executeTakeFirstOrThrow();
      const chapter = await t().db.selectFrom('chapters').selectAll().where('work_id', '=', work.id).where('position', '=', 1).executeTakeFirstOrThrow();
      const workPage = await t().browser().get(`/works/${work.id}`);
      expect(workPage.status).toBe(200);
      const text = pageText(await workPage.text());
      expect(text).toContain(work.title);
      expect(text).toContain(pageText(chapter.body_html));
      // Bodies are what the sanitizer would have stored.
      const bodies = await t().db.selectFrom('chapters').select('body_html').orderBy('id').limit(50).execute();
      for (const { body_html } of bodies) expect(sanitizeBody(body_html)).toBe(body_html);
    });

    it('serves a filtered tag listing: through synonyms and meta tags, with an exclusion, a rating and facet counts', async () => {
      // The meta fandom with the most works under it, through its sub fandoms.
      const meta = await t()
        .db.selectFrom('tag_filters')
        .innerJoin('tags', 'tags.id', 'tag_filters.filter_id')
        .innerJoin('work_tags', 'work_tags.tag_id', 'tag_filters.tag_id')
        .select(['tags.id', 'tags.name', (eb) => eb.fn.count<number>('work_tags.work_id').distinct().as('n')])
        .where('tags.kind', '=', 'fandom')
        .where('tag_filters.filter_id', 'in', (eb) => eb.selectFrom('tag_parents').select('parent_id'))
        .groupBy(['tags.id', 'tags.name'])
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow();
      const all = await api(`/api/v1/works?tags=${encodeURIComponent(meta.name)}&limit=100`);
      expect(all.total).toBeGreaterThan(0);
      const rated = await api(`/api/v1/works?tags=${encodeURIComponent(meta.name)}&ratings=Teen%20And%20Up%20Audiences,General%20Audiences&sort=kudos&exclude_tags=Angst&limit=100`);
      expect(rated.total).toBeLessThanOrEqual(all.total);
      expect(rated.items.every((w) => ['Teen And Up Audiences', 'General Audiences'].includes(w.rating))).toBe(true);
      const kudos = rated.items.map((w) => w.stats.kudos);
      expect(kudos).toEqual([...kudos].sort((a, b) => b - a));
      // Every work listed carries a tag filed under the meta fandom.
      const under = new Set(
        (await t().db.selectFrom('work_tags').innerJoin('tag_filters', 'tag_filters.tag_id', 'work_tags.tag_id').select('work_tags.work_id').where('tag_filters.filter_id', '=', meta.id).execute()).map((r) => r.work_id),
      );
      for (const work of all.items) expect(under.has(work.id)).toBe(true);
      const page = await t().browser().get(`/tags/${encodeURIComponent(meta.name)}/works?ratings=General%20Audiences&sort=kudos`);
      expect(page.status).toBe(200);
      expect(pageText(await page.text())).toMatch(/General Audiences/);
    });

    it('finds works by search, including by an author and by a canonical tag name', async () => {
      const author = await t()
        .db.selectFrom('work_authors')
        .innerJoin('users', 'users.id', 'work_authors.user_id')
        .innerJoin('works', 'works.id', 'work_authors.work_id')
        .select(['users.username', (eb) => eb.fn.countAll<number>().as('n')])
        .where('works.posted', '=', 1)
        .where('works.deleted_at', 'is', null)
        .groupBy('users.username')
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow();
      expect((await api(`/api/v1/search?q=author:${author.username}`)).total).toBe(Number(author.n));
      const synonym = await t()
        .db.selectFrom('tags as s')
        .innerJoin('tags as c', 'c.id', 's.synonym_of_id')
        .innerJoin('work_tags', 'work_tags.tag_id', 's.id')
        .innerJoin('works', 'works.id', 'work_tags.work_id')
        .select(['works.id', 'c.name'])
        .where('works.posted', '=', 1)
        .where('works.deleted_at', 'is', null)
        .orderBy('works.id')
        .executeTakeFirstOrThrow();
      const found = await api(`/api/v1/search?q=${encodeURIComponent(`tag:"${synonym.name}"`)}&limit=100&sort=updated&ratings=${encodeURIComponent('General Audiences,Teen And Up Audiences,Mature,Explicit,Not Rated')}`);
      expect(found.total).toBeGreaterThan(0);
      const page = await t().browser().get(`/search?q=author:${author.username}`);
      expect(page.status).toBe(200);
    });

    it('keeps counters equal to the rows that exist', async () => {
      const counted = async (table: 'kudos' | 'bookmarks' | 'comments') =>
        (await t().db.selectFrom(table).select(['work_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('work_id').execute()).map((r) => [Number(r.work_id), Number(r.n)] as const);
      const works = new Map((await t().db.selectFrom('works').select(['id', 'kudos_count', 'bookmark_count', 'comment_count', 'guest_kudos_count', 'chapter_count', 'word_count']).execute()).map((w) => [w.id, w]));
      const kudos = await counted('kudos');
      expect(kudos.length).toBeGreaterThan(0);
      for (const [id, n] of kudos) expect(works.get(id)!.kudos_count).toBe(n);
      for (const [id] of kudos) expect(works.get(id)!.guest_kudos_count).toBe(0);
      for (const [id, n] of await counted('bookmarks')) expect(works.get(id)!.bookmark_count).toBe(n);
      for (const [id, n] of await counted('comments')) expect(works.get(id)!.comment_count).toBe(n);
      const chapters = await t()
        .db.selectFrom('chapters')
        .select(['work_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('word_count').as('words'), (eb) => eb.fn.sum<number>('comment_count').as('comments')])
        .groupBy('work_id')
        .execute();
      expect(chapters.length).toBe(WORKS);
      for (const c of chapters) {
        const work = works.get(c.work_id)!;
        expect([work.chapter_count, work.word_count, work.comment_count]).toEqual([Number(c.n), Number(c.words), Number(c.comments)]);
      }
    });

    it('has the tag_filters src/tags computes and the search index src/search builds', async () => {
      const indexBefore = await indexContents(t().db);
      expect(await rebuildSearchIndex(t().db)).toBe(indexBefore.length);
      expect(await indexContents(t().db)).toEqual(indexBefore);

      const filters = async () => (await t().db.selectFrom('tag_filters').selectAll().orderBy('tag_id').orderBy('filter_id').execute()).map((r) => `${r.tag_id}>${r.filter_id}`);
      const before = await filters();
      const admin = await registerUser(t().db, t().config, { username: 'seed_wrangler', email: 'seed_wrangler@example.org', password: SEED_PASSWORD }, { force: true, admin: true });
      // Adding and removing a parent makes src/tags recompute tag_filters for the tag, its sub tags and synonyms.
      const canonical = await t().db.selectFrom('tags').select('name').where('canonical', '=', 1).where('kind', '<>', 'freeform').where('id', 'in', (eb) => eb.selectFrom('tag_parents').select('parent_id')).orderBy('id').limit(4).execute();
      const withSynonym = await t().db.selectFrom('tags').select('name').where('canonical', '=', 1).where('kind', '<>', 'freeform').where('id', 'in', (eb) => eb.selectFrom('tags as s').select('s.synonym_of_id').where('s.synonym_of_id', 'is not', null)).orderBy('id').limit(4).execute();
      expect(canonical.length + withSynonym.length).toBeGreaterThan(2);
      for (const { name } of [...canonical, ...withSynonym]) {
        await wrangleTag(t().db, admin, name, { add_parents: ['Seed Check Parent'] });
        await wrangleTag(t().db, admin, name, { remove_parents: ['Seed Check Parent'] });
      }
      const parent = await t().db.selectFrom('tags').select('id').where('name_key', '=', 'seed check parent').executeTakeFirstOrThrow();
      expect((await filters()).filter((f) => !f.startsWith(`${parent.id}>`))).toEqual(before);
      // The wrangling re-indexed those tags' works with the same text.
      expect(await indexContents(t().db)).toEqual(indexBefore);
    }, 60_000);

    it('lets a seeded account sign in with the seed password', async () => {
      const user = await t().db.selectFrom('users').select('username').orderBy('id').executeTakeFirstOrThrow();
      const browser = t().browser();
      await browser.get('/login');
      const response = await browser.post('/login', { login: user.username, password: SEED_PASSWORD });
      expect(response.status).toBe(303);
    });
  });
});
