import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildJobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/jobs.js';
import { forEachDatabase, postWork, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { EXPORT_JSON_NAME, exportDocumentSchema } from './export-format.js';
import { exportsDir } from './exports.js';

// Personal exports: the job builds a zip whose JSON matches the documented schema, the link is the owner's only and
// expires, one export may be pending at a time, and the owner hears of it in the inbox and by email.

interface ExportStatus {
  id: number;
  status: string;
  download_url: string | null;
  expires_at: string | null;
  status_url: string;
}

async function runJobs(t: TestContext): Promise<void> {
  const runner = new JobRunner({ db: t.db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config: t.config, secret: t.services.secret }) });
  await runner.runUntilIdle();
}

/** An author with a posted work of two chapters (one a draft), a draft work, a series, and some reader activity. */
async function seedAuthor(t: TestContext) {
  const author = await t.apiUser();
  const other = await t.apiUser();
  const otherWork = await postWork(t, other.token, { title: 'Someone Else’s Lighthouse' });
  const posted = await postWork(t, author.token, {
    title: 'Tidewater & Salt <1>',
    series: { title: 'The Coast Cycle' },
    chapters: [
      { title: 'Low tide', body: '# Ebb\n\nThe water went out *slowly*.', format: 'markdown', notes: 'A note before.' },
      { title: 'Unfinished', body: '<p>Not yet ready.</p>', draft: true },
    ],
  });
  const seriesId = (posted as unknown as { series: { id: number }[] }).series[0]!.id;
  const draft = await postWork(t, author.token, { title: 'A Draft of Gulls', draft: true });
  await postWork(t, author.token, { title: 'High Water', series: { id: seriesId } });
  expect((await t.api('POST', `/api/v1/works/${otherWork.id}/chapters/1/comments`, { token: author.token, json: { body: 'What a lovely lamp.' } })).status).toBe(201);
  expect((await t.api('POST', '/api/v1/bookmarks', { token: author.token, json: { work_id: otherWork.id, notes: 'Read again in winter.' } })).status).toBe(201);
  expect((await t.api('POST', `/api/v1/works/${otherWork.id}/kudos`, { token: author.token })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/subscriptions', { token: author.token, json: { username: other.user.username } })).status).toBeLessThan(300);
  expect((await t.api('POST', `/api/v1/works/${otherWork.id}/later`, { token: author.token })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/me/exclusions', { token: author.token, json: { tag: 'Slow burn' } })).status).toBeLessThan(300);
  const third = await t.apiUser();
  expect((await t.api('POST', '/api/v1/mutes', { token: author.token, json: { username: third.user.username } })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/blocks', { token: author.token, json: { username: third.user.username } })).status).toBeLessThan(300);
  return { author, other, otherWork, posted, draft, seriesId };
}

async function readyExport(t: TestContext, token: string): Promise<ExportStatus> {
  const requested = await t.api('POST', '/api/v1/me/export', { token });
  expect(requested.status).toBe(202);
  await runJobs(t);
  const status = (await (await t.api('GET', '/api/v1/me/export', { token })).json()) as ExportStatus;
  expect(status.status).toBe('ready');
  return status;
}

forEachDatabase((t) => {
  describe('personal export', () => {
    it('builds a zip whose JSON follows the documented format, with the works, chapters, drafts and reader data', async () => {
      const { author, other, otherWork, posted, draft } = await seedAuthor(t());
      // A visit just before the export: the server holds it back for a second (hit-buffer.ts); the export has it.
      const visited = await postWork(t(), other.token, { title: 'Read Just Now' });
      expect((await t().api('GET', `/works/${visited.id}`, { token: author.token, headers: { accept: 'text/html' } })).status).toBe(200);
      const requested = await t().api('POST', '/api/v1/me/export', { token: author.token });
      expect(requested.status).toBe(202);
      expect(requested.headers.get('location')).toBe('http://archive.test/api/v1/me/export');
      expect(await requested.json()).toMatchObject({ status: 'pending', download_url: null });

      // One pending export at a time.
      const again = await t().api('POST', '/api/v1/me/export', { token: author.token });
      expect(again.status).toBe(429);
      expect(again.headers.get('retry-after')).toBe('60');
      expect(((await again.json()) as ApiErrorJson).error.code).toBe('export_pending');

      await runJobs(t());
      const status = (await (await t().api('GET', '/api/v1/me/export', { token: author.token })).json()) as ExportStatus;
      expect(status).toMatchObject({ status: 'ready', download_url: expect.stringMatching(/^http:\/\/archive\.test\/settings\/export\/\d+-[\w-]+$/) });

      const download = await t().api('GET', new URL(status.download_url!).pathname, { token: author.token });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/zip');
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="chapterhouse-export-/);
      const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
      const text = strFromU8(files[EXPORT_JSON_NAME]!);
      const doc = exportDocumentSchema.parse(JSON.parse(text));

      expect(text).not.toContain('password');
      expect(text).not.toMatch(/\$argon2/);
      expect(doc.format).toBe(1);
      expect(doc.account).toMatchObject({ username: author.user.username, email: author.user.email });
      expect(doc.works.map((w) => w.title)).toEqual(['Tidewater & Salt <1>', 'A Draft of Gulls', 'High Water']);
      const first = doc.works.find((w) => w.id === posted.id)!;
      expect(first.chapters.map((c) => [c.position, c.title, c.posted])).toEqual([
        [1, 'Low tide', true],
        [2, 'Unfinished', false],
      ]);
      expect(first.chapters[0]).toMatchObject({ body_format: 'markdown', body_source: '# Ebb\n\nThe water went out *slowly*.', notes: 'A note before.' });
      expect(first.chapters[0]!.body_html).toContain('<em>slowly</em>');
      expect(doc.works.find((w) => w.id === draft.id)).toMatchObject({ posted: false, epub: null });
      expect(doc.series).toHaveLength(1);
      expect(doc.series[0]!.parts.map((p) => p.title)).toEqual(['Tidewater & Salt <1>', 'High Water']);
      expect(doc.comments).toEqual([expect.objectContaining({ work_id: otherWork.id, chapter_position: 1, parent_id: null, body_source: 'What a lovely lamp.' })]);
      expect(doc.bookmarks).toEqual([expect.objectContaining({ work_id: otherWork.id, notes_source: 'Read again in winter.', title: 'Someone Else’s Lighthouse' })]);
      expect(doc.kudos).toEqual([expect.objectContaining({ work_id: otherWork.id })]);
      expect(doc.subscriptions).toEqual([expect.objectContaining({ target_type: 'user', target_id: other.user.id, name: other.user.username })]);
      expect(doc.reading_history).toEqual(
        expect.arrayContaining([expect.objectContaining({ work_id: otherWork.id, marked_for_later: true }), expect.objectContaining({ work_id: visited.id, marked_for_later: false })]),
      );
      expect(doc.reading_history).toHaveLength(2);
      expect(doc.tag_exclusions.map((e) => e.tag)).toEqual(['Slow burn']);
      expect(doc.blocks).toHaveLength(1);
      expect(doc.mutes).toHaveLength(1);

      // An EPUB of each posted work (drafts have none).
      const epubs = doc.works.filter((w) => w.epub !== null);
      expect(epubs.map((w) => w.title)).toEqual(['Tidewater & Salt <1>', 'High Water']);
      for (const w of epubs) {
        const epub = unzipSync(files[w.epub!]!);
        expect(strFromU8(epub.mimetype!)).toBe('application/epub+zip');
        expect(Object.keys(epub).some((name) => name.endsWith('.opf'))).toBe(true);
      }

      // The owner hears of it: an inbox notification, and an email (notification email is on by default).
      const inbox = (await (await t().api('GET', '/api/v1/notifications', { token: author.token })).json()) as { items: { kind: string; text: string; url: string }[] };
      expect(inbox.items[0]).toMatchObject({ kind: 'export', text: 'Your data export is ready to download' });
      const mail = await t().db.selectFrom('outbox').selectAll().where('user_id', '=', author.user.id).where('subject', '=', 'Your Chapterhouse data export is ready').execute();
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text_body).toContain(status.download_url!);
    });

    it('serves the link to its owner only', async () => {
      const owner = await t().apiUser();
      await postWork(t(), owner.token);
      const status = await readyExport(t(), owner.token);
      const link = new URL(status.download_url!).pathname;
      const stranger = await t().apiUser();
      expect((await t().api('GET', link, { token: stranger.token })).status).toBe(404);
      expect((await t().api('GET', link)).status).toBe(401);
      expect((await t().api('GET', `${link.slice(0, -3)}abc`, { token: owner.token })).status).toBe(404);
      expect((await t().api('GET', '/settings/export/1-not-a-real-token-at-all-here', { token: owner.token })).status).toBe(404);
      expect((await t().api('GET', link, { token: owner.token })).status).toBe(200);
    });

    it('expires: 410 and the file removed, on access or by the expiry job', async () => {
      const owner = await t().apiUser();
      const status = await readyExport(t(), owner.token);
      const row = (await t().db.selectFrom('exports').selectAll().where('id', '=', status.id).executeTakeFirstOrThrow())!;
      const file = path.join(exportsDir(t().config), row.file_name!);
      expect(fs.existsSync(file)).toBe(true);
      await t().db.updateTable('exports').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', status.id).execute();
      const expired = await t().api('GET', new URL(status.download_url!).pathname, { token: owner.token });
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('That download link has expired.');
      expect(fs.existsSync(file)).toBe(false);
      expect(await (await t().api('GET', '/api/v1/me/export', { token: owner.token })).json()).toMatchObject({ status: 'expired', download_url: null });

      // The job removes a file nobody came back for.
      const second = await readyExport(t(), owner.token);
      const secondRow = (await t().db.selectFrom('exports').selectAll().where('id', '=', second.id).executeTakeFirstOrThrow())!;
      await t().db.updateTable('exports').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', second.id).execute();
      await t().db.updateTable('jobs').set({ run_at: '2000-01-01T00:00:00.000Z' }).where('kind', '=', 'export.expire').where('done_at', 'is', null).execute();
      await runJobs(t());
      expect(fs.existsSync(path.join(exportsDir(t().config), secondRow.file_name!))).toBe(false);
      expect((await t().db.selectFrom('exports').select('status').where('id', '=', second.id).executeTakeFirstOrThrow()).status).toBe('expired');
    });

    it('has a settings page that requests an export and shows its link when ready', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const page = await browser.get('/settings/export');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Prepare my export');
      const posted = await browser.post('/settings/export');
      expect(posted.status).toBe(303);
      expect(await (await browser.get('/settings/export')).text()).toContain('is being prepared');
      await runJobs(t());
      const ready = await (await browser.get('/settings/export')).text();
      const href = /href="(\/settings\/export\/\d+-[\w-]+)"/.exec(ready)?.[1];
      expect(href).toBeDefined();
      expect((await browser.get(href!)).status).toBe(200);
      expect((await t().api('GET', '/api/v1/me/export')).status).toBe(401);
    });
  });
});
