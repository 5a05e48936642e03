import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, forEachDatabase, openTestDatabase, pageText, TestBrowser, testConfig, unique, workInput, type TestContext } from '../../test/helpers.js';
import { registerUser } from '../accounts/accounts.js';
import { findUserByUsername } from '../accounts/users.queries.js';
import { createApp } from '../app.js';
import { DEMO_PASSWORD } from '../cli/demo-content.js';
import { loadDemo } from '../cli/demo.js';
import { migrateToLatest, openDatabase, type Db } from '../db/connection.js';
import { buildJobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/jobs.js';
import { loadSecret } from '../secret.js';
import { createWork } from '../works/works.js';
import { writeBackup } from './backup.js';
import { BackupError } from './backup-format.js';
import { countTableRows, listDatabaseTables, listPrimaryKey, listReferencedTables, listTableColumns, readRowsAfter, type SqlValue } from './backup.queries.js';
import { BACKUP_TABLES, SKIPPED_TABLES, unknownTables } from './backup-tables.js';
import { restoreBackup } from './restore.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-backup-'));
const file = (name: string) => path.join(tmp, `${name}-${crypto.randomBytes(4).toString('hex')}.jsonl.gz`);

async function backupTo(db: Db, target: string) {
  return writeBackup(db, fs.createWriteStream(target));
}

/** Every row of a table, sorted by primary key in JavaScript (text keys sort differently in the two engines). */
async function tableContent(db: Db, table: string, key: readonly string[]): Promise<Record<string, SqlValue>[]> {
  const columns = (await listTableColumns(db, table)).map((c) => c.name);
  const rows = (await readRowsAfter(db, table, columns, key, undefined, 1_000_000)).map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
  const compare = (a: SqlValue, b: SqlValue) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  return rows.sort((a, b) => key.reduce((order, k) => order || compare(a[k] ?? null, b[k] ?? null), 0));
}

/** The parsed lines of a backup file (tests only: a whole small file in memory). */
function backupLines(target: string): unknown[] {
  return zlib.gunzipSync(fs.readFileSync(target)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
}

/** Fails unless an API call succeeded; returns its JSON (or null for 204). */
async function ok<T = unknown>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  if (r.status >= 300) throw new Error(`${r.status}: ${(await r.text()).slice(0, 300)}`);
  return (r.status === 204 ? null : await r.json()) as T;
}

/** Rewrites a backup's uncompressed text with `change`, and gzips it again (a valid gzip with altered content). */
function alterBackup(source: string, change: (text: string) => string): string {
  const altered = file('altered');
  fs.writeFileSync(altered, zlib.gzipSync(change(zlib.gunzipSync(fs.readFileSync(source)).toString('utf8'))));
  return altered;
}

/** Fills the suite's site with the demo archive and a little of everything readers and wranglers do. */
async function populate(t: TestContext): Promise<{ workId: number; deletedBookmarkId: number; synonymTag: string; canonicalTag: string }> {
  const { db, config } = t;
  await loadSecret(db, config);
  await loadDemo(db, config, () => {});
  const { token: admin } = await t.apiUser({ admin: true });
  const { user: reader, token } = await t.apiUser();
  const { token: other } = await t.apiUser();
  const listing = (await (await t.api('GET', '/api/v1/works?limit=100')).json()) as { items: { id: number; rating: string; freeforms: string[] }[] };
  const work = listing.items.find((w) => w.rating === 'General Audiences' && w.freeforms.length > 0)!;
  const workId = work.id;

  await ok(t.api('POST', '/api/v1/subscriptions', { token, json: { work_id: workId } }));
  const comment = await ok<{ id: number }>(t.api('POST', `/api/v1/works/${workId}/chapters/1/comments`, { token, json: { body: 'The *harbour* chapter stayed with me.' } }));
  await ok(t.api('POST', `/api/v1/comments/${comment.id}/replies`, { token: other, json: { body: 'Mine too: & < > " \' and 🌊.' } }));
  await ok(t.api('POST', `/api/v1/works/${workId}/kudos`, { token }));
  await ok(t.api('POST', `/api/v1/works/${workId}/kudos`, { token: other }));
  await ok(t.api('POST', '/api/v1/bookmarks', { token, json: { work_id: workId, notes: 'Read again in winter.', tags: ['comfort read'], rec: true } }));
  await ok(t.api('POST', `/api/v1/works/${listing.items[1]!.id}/later`, { token }));
  await ok(t.api('PATCH', '/api/v1/me', { token, json: { time_zone: 'Europe/Lisbon', view_adult: true } }));
  await ok(t.api('POST', '/api/v1/mutes', { token, json: { username: (await findUserByUsername(db, 'odile-marchand'))!.username } }));
  await ok(t.api('POST', '/api/v1/me/exclusions', { token, json: { tag: 'Slow burn' } }));

  // A tag made a synonym of a canonical tag created after it: the synonym row points at a higher id.
  const synonymTag = work.freeforms[0]!;
  const canonicalTag = unique('Harbour Tales ');
  const author = await t.apiUser();
  const newWork = await ok<{ id: number }>(t.api('POST', '/api/v1/works', { token: author.token, json: workInput({ freeforms: [canonicalTag] }) }));
  expect((await t.api('PATCH', `/api/v1/tags/${encodeURIComponent(canonicalTag)}`, { token: admin, json: { canonical: true } })).status).toBe(200);
  expect((await t.api('PATCH', `/api/v1/tags/${encodeURIComponent(synonymTag)}`, { token: admin, json: { synonym_of: canonicalTag } })).status).toBe(200);

  // A new chapter on a subscribed work: the fan-out job writes the reader's notification.
  await ok(t.api('POST', `/api/v1/subscriptions`, { token, json: { work_id: newWork.id } }));
  await ok(t.api('POST', `/api/v1/works/${newWork.id}/chapters`, { token: author.token, json: { title: 'Later', body: '<p>The tide turned.</p>' } }));
  await new JobRunner({ db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config, secret: t.services.secret }) }).runUntilIdle();

  // The newest bookmark deleted: the restored site must not hand its id out again.
  const last = await ok<{ id: number }>(t.api('POST', '/api/v1/bookmarks', { token: other, json: { work_id: newWork.id } }));
  await ok(t.api('DELETE', `/api/v1/bookmarks/${last.id}`, { token: other }));
  expect(reader.id).toBeGreaterThan(0);
  return { workId, deletedBookmarkId: last.id, synonymTag, canonicalTag };
}

describe('site backup and restore', () => {
  forEachDatabase((t) => {
    let site: Awaited<ReturnType<typeof populate>>;
    let backupFile: string;
    /** Every backed-up table as it was when the backup was taken (the page checks below count hits on the source). */
    const content = new Map<string, Record<string, SqlValue>[]>();
    beforeAll(async () => {
      site = await populate(t());
      backupFile = file('site');
      await backupTo(t().db, backupFile);
      for (const table of BACKUP_TABLES) content.set(table.name, await tableContent(t().db, table.name, table.key));
    }, 120_000);

    it('knows every table of the database: each is backed up or skipped for a stated reason, in foreign-key order, by its primary key', async () => {
      const db = t().db;
      const tables = await listDatabaseTables(db);
      expect(unknownTables(tables)).toEqual([]);
      for (const skipped of Object.keys(SKIPPED_TABLES)) expect(BACKUP_TABLES.map((b) => b.name)).not.toContain(skipped);
      const seen = new Set<string>();
      for (const table of BACKUP_TABLES) {
        expect(tables).toContain(table.name);
        expect(await listPrimaryKey(db, table.name)).toEqual(table.key);
        for (const referenced of await listReferencedTables(db, table.name)) {
          if (referenced !== table.name) expect([table.name, seen.has(referenced)]).toEqual([table.name, true]);
        }
        seen.add(table.name);
      }
    });

    describe('restored into an empty database of each engine', () => {
      const targets = new Map<string, { db: Db; drop: () => Promise<void>; result: Awaited<ReturnType<typeof restoreBackup>> }>();
      beforeAll(async () => {
        for (const target of DIALECTS) {
          const opened = await openTestDatabase(target);
          targets.set(target, { ...opened, result: await restoreBackup(opened.db, fs.createReadStream(backupFile)) });
        }
      }, 120_000);
      afterAll(async () => {
        for (const target of targets.values()) await target.drop();
      });

      it('has every table identical to the source, row by row', async () => {
        for (const [name, target] of targets) {
          expect(target.result.indexedWorks).toBeGreaterThanOrEqual(18);
          for (const table of BACKUP_TABLES) {
            const expected = content.get(table.name)!;
            // The listing versions are cache generations, not content: the restore's own index rebuilds move them on.
            const comparable = (rows: Record<string, SqlValue>[]) => (table.name === 'counters' ? rows.filter((r) => !String(r.name).startsWith('listing_version')) : rows);
            expect([name, table.name, comparable(await tableContent(target.db, table.name, table.key))]).toEqual([name, table.name, comparable(expected)]);
            expect(target.result.rows[table.name]).toBe(expected.length);
          }
          expect(await countTableRows(target.db, 'users')).toBeGreaterThanOrEqual(8);
          expect(await countTableRows(target.db, 'notifications')).toBeGreaterThan(0);
          expect(await countTableRows(target.db, 'tag_wrangling_log')).toBeGreaterThan(0);
        }
      });

      it('serves the same work, tag, listing and search pages, and signs in a demo account with its password', async () => {
        const config = testConfig();
        const secret = await loadSecret(t().db, config);
        const appFor = (db: Db) => createApp({ db, config, logger: pino({ level: 'silent' }), secret });
        const source = appFor(t().db);
        const restored = [...targets].map(([name, target]) => ({ name, db: target.db, app: appFor(target.db) }));
        for (const { db } of restored) expect(await loadSecret(db, config)).toBe(secret);

        // Each page is requested once from every site, so counted hits stay in step.
        const tagPath = `/tags/${encodeURIComponent(site.canonicalTag)}/works`;
        for (const page of [`/works/${site.workId}`, tagPath, `/tags/${encodeURIComponent(site.synonymTag)}`, '/search?q=harbour', '/works', '/', '/api/v1/search?q=harbour']) {
          const expected = await source.request(page);
          const text = await expected.text();
          for (const { name, app } of restored) {
            const response = await app.request(page);
            expect([name, page, response.status]).toEqual([name, page, expected.status]);
            expect([name, page, pageText(await response.text())]).toEqual([name, page, pageText(text)]);
          }
        }
        expect(((await (await source.request('/api/v1/search?q=harbour')).json()) as { total: number }).total).toBeGreaterThan(0);

        for (const { name, db, app } of restored) {
          const browser = new TestBrowser({ app, services: { db, config, logger: pino({ level: 'silent' }), secret } });
          await browser.get('/login');
          const login = await browser.post('/login', { login: 'wren_harbor', password: DEMO_PASSWORD });
          expect([name, login.status]).toEqual([name, 303]);
          expect(pageText(await (await browser.get('/settings')).text())).toContain('wren_harbor');
        }
      });

      it('hands out new ids after the highest the source ever used, even a deleted one', async () => {
        for (const [name, target] of targets) {
          const app = createApp({ db: target.db, config: testConfig(), logger: pino({ level: 'silent' }), secret: 'x'.repeat(32) });
          const reader = await registerUser(target.db, testConfig(), { username: unique(), email: `${unique()}@example.org`, password: 'a long password' }, { force: true });
          const { token } = await ok<{ token: string }>(app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: reader.username, password: 'a long password', name: 't' }) }));
          const bookmark = await ok<{ id: number }>(app.request('/api/v1/bookmarks', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ work_id: site.workId }) }));
          expect([name, bookmark.id > site.deletedBookmarkId]).toEqual([name, true]);
          expect([name, reader.id > Math.max(...content.get('users')!.map((u) => u.id as number))]).toEqual([name, true]);
        }
      });
    });

    it('refuses a damaged file, altered content, a newer schema and a non-empty target, and restores nothing', async () => {
      const bytes = fs.readFileSync(backupFile);
      const flipped = file('flipped');
      const copy = Buffer.from(bytes);
      copy[Math.floor(copy.length / 2)]! ^= 0x40;
      fs.writeFileSync(flipped, copy);
      const altered = alterBackup(backupFile, (text) => text.replace('Read again in winter.', 'Read again in summer.'));
      const newer = alterBackup(backupFile, (text) => text.replace('"migrations":[', '"migrations":["0000-from-the-future",'));
      const truncated = file('truncated');
      fs.writeFileSync(truncated, zlib.gzipSync(zlib.gunzipSync(bytes).subarray(0, Math.floor(zlib.gunzipSync(bytes).length * 0.9))));

      for (const [name, damaged, message] of [
        ['flipped byte', flipped, /damaged|stopped/],
        ['altered row', altered, /checksum does not match/],
        ['newer schema', newer, /newer version of Chapterhouse/],
        ['truncated', truncated, /incomplete/],
      ] as const) {
        const opened = await openTestDatabase(t().dialect);
        try {
          const error = await restoreBackup(opened.db, fs.createReadStream(damaged)).catch((e: unknown) => e);
          expect([name, error instanceof BackupError]).toEqual([name, true]);
          expect((error as Error).message).toMatch(message);
          for (const table of ['users', 'works', 'chapters', 'bookmarks']) {
            if ((await listDatabaseTables(opened.db)).includes(table)) expect([name, table, await countTableRows(opened.db, table)]).toEqual([name, table, 0]);
          }
        } finally {
          await opened.drop();
        }
      }

      const works = await countTableRows(t().db, 'works');
      await expect(restoreBackup(t().db, fs.createReadStream(backupFile))).rejects.toThrow(/not empty \(the \w+ table has rows\)/);
      expect(await countTableRows(t().db, 'works')).toBe(works);
    }, 120_000);
  });
});

describe('a backup taken while the site keeps writing', () => {
  for (const dialect of DIALECTS) {
    describe(`on ${dialect}`, () => {
      let opened: Awaited<ReturnType<typeof openTestDatabase>>;
      let writer: Db;
      beforeAll(async () => {
        const sqliteFile = path.join(tmp, `live-${crypto.randomBytes(4).toString('hex')}.db`);
        opened = await openTestDatabase(dialect, sqliteFile);
        await migrateToLatest(opened.db);
        // SQLite: a second connection to the same file, as a serving process would have. PostgreSQL: the pool's other connections.
        writer = dialect === 'sqlite' ? openDatabase({ sqliteFile }) : opened.db;
      });
      afterAll(async () => {
        if (writer !== opened.db) await writer.destroy();
        await opened.drop();
      });

      it('is one consistent snapshot: counts, checksum and every work with exactly its chapters', async () => {
        const config = testConfig();
        const author = await registerUser(writer, config, { username: unique(), email: `${unique()}@example.org`, password: 'a long password' }, { force: true });
        const chapters = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Part ${i + 1}`, body: `<p>${'The tide came in. '.repeat(40)}</p>` }));
        for (let i = 0; i < 30; i += 1) await createWork(writer, author, workInput({ chapters: chapters(1 + (i % 3)) }));

        let backingUp = true;
        let writesDuringBackup = 0;
        const writing = (async () => {
          for (let i = 0; backingUp; i += 1) {
            await createWork(writer, author, workInput({ chapters: chapters(1 + (i % 4)) }));
            writesDuringBackup += 1;
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const target = file('live');
        const result = await backupTo(opened.db, target).finally(() => (backingUp = false));
        await writing;
        expect(writesDuringBackup).toBeGreaterThan(0);

        const lines = backupLines(target);
        const header = lines[0] as { tables: { name: string; rows: number }[] };
        const footer = lines[lines.length - 1] as { rows: Record<string, number>; sha256: string };
        expect(footer.sha256).toBe(result.sha256);
        const counted: Record<string, number> = {};
        const works = new Map<number, number>();
        const chapterWorks: number[] = [];
        let current = '';
        let columns: string[] = [];
        for (const line of lines.slice(1, -1)) {
          if (!Array.isArray(line)) {
            ({ table: current, columns } = line as { table: string; columns: string[] });
            counted[current] = 0;
            continue;
          }
          counted[current]! += 1;
          if (current === 'works') works.set(line[columns.indexOf('id')] as number, line[columns.indexOf('chapter_count')] as number);
          if (current === 'chapters') chapterWorks.push(line[columns.indexOf('work_id')] as number);
        }
        expect(counted).toEqual(footer.rows);
        expect(Object.fromEntries(header.tables.map((t) => [t.name, t.rows]))).toEqual(footer.rows);
        const perWork = new Map<number, number>();
        for (const workId of chapterWorks) perWork.set(workId, (perWork.get(workId) ?? 0) + 1);
        expect([...perWork.keys()].every((id) => works.has(id))).toBe(true);
        expect([...works].filter(([id, count]) => perWork.get(id) !== count)).toEqual([]);
        expect(works.size).toBeGreaterThanOrEqual(30);
        expect(await countTableRows(writer, 'works')).toBeGreaterThan(works.size);

        const restored = await openTestDatabase(dialect);
        try {
          const outcome = await restoreBackup(restored.db, fs.createReadStream(target));
          expect(outcome.rows.works).toBe(works.size);
          expect(outcome.indexedWorks).toBe(works.size);
        } finally {
          await restored.drop();
        }
      }, 120_000);
    });
  }
});
