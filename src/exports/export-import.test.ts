import crypto from 'node:crypto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../accounts/accounts.js';
import { createApp } from '../app.js';
import { migrateToLatest } from '../db/connection.js';
import type { Services } from '../http/env.js';
import { buildJobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/jobs.js';
import { forEachDatabase, openTestDatabase, postWork, TEST_PASSWORD, unique, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { buildExportDocument } from './export-document.js';
import { EXPORT_JSON_NAME, type ExportDocument } from './export-format.js';

// Import of an export into another archive: a round trip from one database to a fresh one recreates works,
// chapters (drafts too) and series exactly; hostile or damaged zips are refused with a message and write nothing.

async function exportZipOf(t: TestContext, token: string): Promise<Uint8Array> {
  expect((await t.api('POST', '/api/v1/me/export', { token })).status).toBe(202);
  await new JobRunner({ db: t.db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config: t.config, secret: t.services.secret }) }).runUntilIdle();
  const status = (await (await t.api('GET', '/api/v1/me/export', { token })).json()) as { download_url: string };
  const response = await t.api('GET', new URL(status.download_url).pathname, { token });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

function upload(bytes: Uint8Array, name = 'export.zip'): { body: FormData } {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name);
  return { body: form };
}

/** A work and its chapters as an export shows them, minus what belongs to one archive (ids, links, counters). */
function comparable(doc: ExportDocument) {
  return {
    works: doc.works.map((w) => {
      const { id, url, stats, epub, co_authors, ...rest } = w;
      void [id, url, epub, co_authors];
      return { ...rest, words: stats.words, chapters_posted: stats.chapters };
    }),
    series: doc.series.map((s) => ({ title: s.title, summary: s.summary, notes: s.notes, complete: s.complete, created_at: s.created_at, parts: s.parts.map((p) => [p.position, p.title]) })),
  };
}

forEachDatabase((t) => {
  describe('importing an export into another archive', () => {
    const second: { drop?: () => Promise<void> } = {};
    afterAll(async () => {
      await second.drop?.();
    });

    async function freshArchive() {
      const opened = await openTestDatabase(t().dialect);
      second.drop = opened.drop;
      await migrateToLatest(opened.db);
      const services: Services = { db: opened.db, config: t().config, logger: pino({ level: 'silent' }), secret: crypto.randomBytes(16).toString('hex') };
      return { db: opened.db, app: createApp(services) };
    }

    it('recreates works, chapters, drafts and series field by field on a fresh database', async () => {
      const author = await t().apiUser();
      const first = await postWork(t(), author.token, {
        title: 'The Salt Road “one” & <two>',
        summary: 'Caravans cross the flats.',
        notes: 'Begin here.',
        end_notes: 'Thanks for reading.',
        language: 'fr',
        rating: 'Teen And Up Audiences',
        warnings: ['Graphic Depictions Of Violence'],
        relationships: ['Ana/Bea'],
        expected_chapters: 3,
        comment_permissions: 'everyone',
        moderate_comments: true,
        series: { title: 'Salt Roads' },
        chapters: [
          { title: 'Dawn', body: 'First *light* over the pans.', format: 'markdown', summary: 'Morning.', notes: 'n1', end_notes: 'e1' },
          { title: 'Noon', body: '<p>Heat.</p><table><tr><td>cell</td></tr></table>' },
          { title: 'Dusk, unfinished', body: '<p>Later.</p>', draft: true },
        ],
      });
      const seriesId = (first as unknown as { series: { id: number }[] }).series[0]!.id;
      await postWork(t(), author.token, { title: 'Sketches', draft: true, chapters: [{ title: 'Only', body: 'Plain text\n\nin two paragraphs.' }] });
      await postWork(t(), author.token, { title: 'The Return', series: { id: seriesId }, chapters: [{ body: '<p>Home.</p>' }] });
      const zip = await exportZipOf(t(), author.token);
      const original = JSON.parse(new TextDecoder().decode(unzipSync(zip)[EXPORT_JSON_NAME]!)) as ExportDocument;

      const other = await freshArchive();
      const username = unique('mover');
      const newcomer = await registerUser(other.db, t().config, { username, email: `${username}@example.org`, password: TEST_PASSWORD }, { force: true });
      const tokenResponse = await other.app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: username, password: TEST_PASSWORD, name: 'import' }) });
      const { token } = (await tokenResponse.json()) as { token: string };
      const imported = await other.app.request('/api/v1/me/import-export', { method: 'POST', headers: { authorization: `Bearer ${token}` }, ...upload(zip) });
      expect(imported.status).toBe(201);
      expect(await imported.json()).toMatchObject({ works: 3, chapters: 5, series: 1 });

      const recreated = await buildExportDocument(other.db, newcomer, 'http://elsewhere.test', () => false);
      expect(comparable(recreated)).toEqual(comparable(original));
      // Posted works are posted and found by search; the draft is not.
      const search = async (q: string) => ((await (await other.app.request(`/api/v1/search?q=${q}`)).json()) as { items: { title: string }[] }).items.map((i) => i.title);
      expect(await search('Caravans')).toEqual(['The Salt Road “one” & <two>']);
      expect(await search('Sketches')).toEqual([]);
      const draftId = recreated.works.find((w) => w.title === 'Sketches')!.id;
      expect((await other.app.request(`/api/v1/works/${draftId}`)).status).toBe(404);
    });

    it('refuses hostile and damaged files with a message, writing nothing', async () => {
      const { token } = await t().apiUser();
      const valid = await exportZipOf(t(), token);
      const json = unzipSync(valid)[EXPORT_JSON_NAME]!;
      const doc = JSON.parse(new TextDecoder().decode(json)) as Record<string, unknown>;
      const work = { id: 1, url: '', title: 'T', summary: '', notes: '', end_notes: '', language: 'en', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['F'], relationships: [], characters: [], freeforms: [], expected_chapters: null, complete: true, posted: true, comment_permissions: 'registered', moderate_comments: false, co_authors: [], stats: { words: 1, chapters: 1, kudos: 0, comments: 0, bookmarks: 0, hits: 0 }, published_at: null, revised_at: null, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z', epub: null, chapters: [{ position: 1, title: '', summary: '', notes: '', end_notes: '', body_format: 'html', body_source: '<p>x</p>', body_html: '', word_count: 1, posted: true, published_at: null, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' }] };
      const withDoc = (value: unknown) => zipSync({ [EXPORT_JSON_NAME]: strToU8(JSON.stringify(value)) });
      const cases: [string, Uint8Array, RegExp][] = [
        ['not a zip', strToU8('just some text, not an archive at all'), /not a zip archive/],
        ['no document', zipSync({ 'notes.txt': strToU8('hello') }), /has no chapterhouse-export\.json/],
        ['path traversal', zipSync({ '../evil.txt': strToU8('x'), [EXPORT_JSON_NAME]: json }), /points outside it/],
        ['absolute name', zipSync({ '/etc/passwd': strToU8('x'), [EXPORT_JSON_NAME]: json }), /points outside it/],
        ['too many files', zipSync(Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`f${i}.txt`, strToU8('')]))), /more than 5,000 files/],
        ['damaged', valid.slice(0, Math.floor(valid.length * 0.6)), /damaged|no chapterhouse-export/],
        ['not JSON', zipSync({ [EXPORT_JSON_NAME]: strToU8('{"format": 1, ') }), /not valid JSON/],
        ['not UTF-8', zipSync({ [EXPORT_JSON_NAME]: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), /not UTF-8/],
        ['another format', withDoc({ ...doc, format: 99 }), /format 99/],
        ['wrong shape', withDoc({ ...doc, works: 'many' }), /expected shape \(works/],
        ['invalid rating', withDoc({ ...doc, works: [{ ...work, rating: 'Spicy' }] }), /Work “T” cannot be imported \(rating/],
        ['oversized chapter', withDoc({ ...doc, works: [{ ...work, chapters: [{ ...work.chapters[0], body_source: 'x'.repeat(510_001) }] }] }), /at most 510,000 characters/],
      ];
      const count = async () => Number((await t().db.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      for (const [name, bytes, message] of cases) {
        const response = await t().api('POST', '/api/v1/me/import-export', { token, ...upload(bytes) } as never);
        expect(response.status, name).toBe(422);
        const body = (await response.json()) as ApiErrorJson;
        expect(body.error.code, name).toBe('import_refused');
        expect(body.error.message, name).toMatch(message);
      }
      expect(await count()).toBe(before);

      // A valid document whose second work is bad: nothing of the first is written either.
      const half = withDoc({ ...doc, works: [work, { ...work, id: 2, chapters: [] }] });
      expect((await t().api('POST', '/api/v1/me/import-export', { token, ...upload(half) } as never)).status).toBe(422);
      expect(await count()).toBe(before);
      expect((await t().api('POST', '/api/v1/me/import-export', upload(valid) as never)).status).toBe(401);
    });

    it('imports from the settings page, and shows a refusal beside the file field', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      await browser.get('/settings/export');
      const form = new FormData();
      form.append('_csrf', browser.csrfToken());
      form.append('file', new Blob([strToU8('not a zip')]), 'x.zip');
      const refused = await browser.request('/settings/export/import', { method: 'POST', body: form });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toMatch(/<p class="error" id="error-file">That file is not a zip archive/);

      const source = await t().apiUser();
      await postWork(t(), source.token, { title: 'Carried Over' });
      const zip = await exportZipOf(t(), source.token);
      const good = new FormData();
      good.append('_csrf', browser.csrfToken());
      good.append('file', new Blob([zip as Uint8Array<ArrayBuffer>]), 'export.zip');
      const done = await browser.request('/settings/export/import', { method: 'POST', body: good });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`/users/${user.username}`);
      const works = await t().db.selectFrom('works').innerJoin('work_authors', 'work_authors.work_id', 'works.id').select('works.title').where('work_authors.user_id', '=', user.id).execute();
      expect(works.map((w) => w.title)).toEqual(['Carried Over']);
    });
  });
});
