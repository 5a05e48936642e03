import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../accounts/accounts.js';
import { migrateToLatest, openDatabase, type DbLike } from '../db/connection.js';
import { createWork } from '../works/works.js';
import { forEachDatabase, postWork, testConfig, workInput, type TestContext, type WorkJson } from '../../test/helpers.js';
import { rebuildSearchIndex } from './search.js';

// What the index holds beyond the author's own text: canonical and meta tag names (kept in step by wrangling),
// accent-folded words on both engines, and a rebuild that readers never see half-done.

interface WorkList {
  items: WorkJson[];
  total: number;
}

/** A word no other test uses, letters only. */
function word(): string {
  return 'q' + crypto.randomBytes(6).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
}

async function countIndexRows(db: DbLike): Promise<number> {
  const row = await db.selectFrom('work_search').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('search index', () => {
  forEachDatabase((t: () => TestContext) => {
    async function search(q: string): Promise<number[]> {
      const response = await t().api('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(response.status, await response.clone().text()).toBe(200);
      return ((await response.json()) as WorkList).items.map((w) => w.id);
    }
    async function wrangle(token: string, name: string, json: unknown): Promise<void> {
      const response = await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token, json });
      expect(response.status, await response.clone().text()).toBe(200);
    }

    it('finds a work by its tag’s canonical name and meta tags, and follows wrangling both ways', async () => {
      const admin = await t().apiUser({ admin: true });
      const [typed, canon, meta] = [word(), word(), word()];
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { freeforms: [`Typed ${typed}`] });
      const canonTag = `Canon ${canon}`;
      await postWork(t(), token, { freeforms: [canonTag] });
      expect(await search(`tag:${typed}`)).toEqual([work.id]);
      expect(await search(`tag:${canon}`)).not.toContain(work.id);

      await wrangle(admin.token, canonTag, { canonical: true });
      await wrangle(admin.token, `Typed ${typed}`, { synonym_of: canonTag });
      // The author's own text is still there; the canonical name now finds the work too.
      expect(await search(`tag:${typed}`)).toEqual([work.id]);
      expect(await search(`tag:${canon}`)).toContain(work.id);

      await wrangle(admin.token, canonTag, { add_parents: [`Meta ${meta}`] });
      expect(await search(`tag:${meta}`)).toContain(work.id);
      expect(await search(meta)).toContain(work.id);

      // A canonical rename (case only) re-indexes the works under it: the new spelling is what the index holds.
      await wrangle(admin.token, canonTag, { name: canonTag.toUpperCase() });
      expect(await search(`tag:${canon}`)).toContain(work.id);

      await wrangle(admin.token, canonTag, { remove_parents: [`Meta ${meta}`] });
      expect(await search(`tag:${meta}`)).toEqual([]);
      await wrangle(admin.token, `Typed ${typed}`, { synonym_of: null });
      expect(await search(`tag:${canon}`)).not.toContain(work.id);
      expect(await search(`tag:${typed}`)).toEqual([work.id]);
    });

    it('folds accents on both engines: accented and plain spellings find each other', async () => {
      const [w1, w2] = [word(), word()];
      const { token } = await t().apiUser();
      const accented = await postWork(t(), token, { title: `Crème brûlée ${w1}`, freeforms: [`Ångström ${w1}`] });
      const plain = await postWork(t(), token, { title: `Creme naive ${w2}` });
      expect(await search(`creme ${w1}`)).toEqual([accented.id]);
      expect(await search(`brûlée ${w1}`)).toEqual([accented.id]);
      expect(await search(`BRULEE ${w1}`)).toEqual([accented.id]);
      expect(await search(`tag:angstrom ${w1}`)).toEqual([accented.id]);
      expect(await search(`crème naïve ${w2}`)).toEqual([plain.id]);
      expect(await search(`"creme naive" ${w2}`)).toEqual([plain.id]);
    });

    if (process.env.TEST_DATABASE_URL) {
      it('rebuilds in one transaction: another connection sees the whole old index until the new one commits', async () => {
        const { token } = await t().apiUser();
        for (let i = 0; i < 3; i++) await postWork(t(), token, { title: `Steady ${word()}` });
        const before = await countIndexRows(t().db);
        const counts: number[] = [];
        const pending: Promise<void>[] = [];
        // t().db is a pool: the rebuild holds one connection in its transaction, each count takes another.
        const indexed = await rebuildSearchIndex(t().db, {
          batchSize: 1,
          onBatch: () => void pending.push(countIndexRows(t().db).then((n) => void counts.push(n))),
        });
        await Promise.all(pending);
        expect(indexed).toBe(before);
        expect(counts).toEqual(Array.from({ length: before }, () => before));
        expect(await countIndexRows(t().db)).toBe(before);
      });
    }
  });

  it('rebuilds in one transaction on SQLite: a second connection never sees an empty index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-reindex-'));
    const file = path.join(dir, 'archive.db');
    const writer = openDatabase({ sqliteFile: file });
    const reader = openDatabase({ sqliteFile: file });
    try {
      await migrateToLatest(writer);
      const config = testConfig();
      const author = await registerUser(writer, config, { username: 'steady_author', email: 'steady@example.org', password: 'correct horse battery' }, { force: true });
      for (let i = 0; i < 4; i++) await createWork(writer, author, workInput({ title: `Steady ${word()}` }));
      const before = await countIndexRows(reader);
      expect(before).toBe(4);
      const counts: number[] = [];
      const pending: Promise<void>[] = [];
      await rebuildSearchIndex(writer, {
        batchSize: 1,
        onBatch: () => void pending.push(countIndexRows(reader).then((n) => void counts.push(n))),
      });
      await Promise.all(pending);
      expect(counts).toEqual([4, 4, 4, 4]);
      expect(await countIndexRows(reader)).toBe(4);
    } finally {
      await writer.destroy();
      await reader.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
