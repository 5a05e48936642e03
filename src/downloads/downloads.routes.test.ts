import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { forEachDatabase, pageText, postWork, unique, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { downloadCacheDir } from './download-cache.js';
import { asciiFileName, contentDisposition } from './file-names.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-downloads-'));

/** The text of every XHTML document in an EPUB, joined. */
async function epubText(response: Response): Promise<string> {
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return Object.entries(files)
    .filter(([name]) => name.endsWith('.xhtml') || name.endsWith('.opf'))
    .map(([, bytes]) => strFromU8(bytes))
    .join('\n');
}

describe('file names', () => {
  it('keeps an ASCII fallback and the real title in filename*', () => {
    expect(asciiFileName('Émile & Zoë: "Night" 🐉', 'work-1')).toBe('Emile Zoe Night');
    expect(asciiFileName('灯台守の夜', 'work-7')).toBe('work-7');
    expect(contentDisposition('灯台/守 "夜"', 'work-7', 'epub')).toBe(`attachment; filename="work-7.epub"; filename*=UTF-8''${encodeURIComponent('灯台 守 夜.epub')}`);
    expect(contentDisposition("It's (fine)", 'work-1', 'html')).toBe(`attachment; filename="It s fine.html"; filename*=UTF-8''It%27s%20%28fine%29.html`);
  });
});

describe('downloads', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      it('serves a posted work as EPUB and HTML to anyone, with file name, type and ETag', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { title: 'Émile & the Lamp 🐉', chapters: [{ title: 'Dusk', body: '<p>The lamp & the <em>tide</em>.</p>' }] });
        const epub = await t().app.request(`/works/${work.id}/download.epub`);
        expect(epub.status).toBe(200);
        expect(epub.headers.get('content-type')).toBe('application/epub+zip');
        expect(epub.headers.get('content-disposition')).toBe(`attachment; filename="Emile the Lamp.epub"; filename*=UTF-8''${encodeURIComponent('Émile & the Lamp 🐉.epub')}`);
        expect(epub.headers.get('etag')).toMatch(/^"epub-[0-9a-f]{24}"$/);
        expect(epub.headers.get('cache-control')).toBe('private, no-cache');
        expect(await epubText(epub)).toContain('The lamp &amp; the <em>tide</em>.');

        const html = await t().app.request(`/works/${work.id}/download.html`);
        expect(html.status).toBe(200);
        expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="Emile the Lamp\.html"/);
        expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(html.headers.get('content-security-policy')).toContain('sandbox');
        expect(html.headers.get('etag')).toMatch(/^"html-/);
        const text = await html.text();
        expect(text).toMatch(/^<!DOCTYPE html>/);
        expect(text).toContain('<style>');
        expect(text).not.toMatch(/<script|<link /);
        expect(pageText(text)).toContain('Chapter 1: Dusk The lamp & the tide');
        expect(pageText(text)).toContain(`http://archive.test/works/${work.id}`);
      });

      it('answers 304 to a matching If-None-Match, and the full file to a stale one', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const first = await t().app.request(`/works/${work.id}/download.epub`);
        const etag = first.headers.get('etag')!;
        const again = await t().app.request(`/works/${work.id}/download.epub`, { headers: { 'if-none-match': etag } });
        expect(again.status).toBe(304);
        expect(again.headers.get('etag')).toBe(etag);
        expect(await again.text()).toBe('');
        const stale = await t().app.request(`/works/${work.id}/download.epub`, { headers: { 'if-none-match': '"epub-000000000000000000000000"' } });
        expect(stale.status).toBe(200);
      });

      it('never serves a stale file: editing a chapter, renaming a tag or changing series makes a new file and ETag', async () => {
        const { token } = await t().apiUser();
        const admin = await t().apiUser({ admin: true });
        const tag = unique('Harbour Lights ');
        const work = await postWork(t(), token, { freeforms: [tag], chapters: [{ body: '<p>First version of the text.</p>' }] });
        const url = `/works/${work.id}/download.epub`;
        const v1 = await t().app.request(url);
        const etag1 = v1.headers.get('etag')!;
        expect(await epubText(v1)).toContain('First version of the text.');

        expect((await t().api('PATCH', `/api/v1/works/${work.id}/chapters/1`, { token, json: { body: '<p>Second version of the text.</p>' } })).status).toBe(200);
        const v2 = await t().app.request(url, { headers: { 'if-none-match': etag1 } });
        expect(v2.status).toBe(200);
        const etag2 = v2.headers.get('etag')!;
        expect(etag2).not.toBe(etag1);
        const text2 = await epubText(v2);
        expect(text2).toContain('Second version of the text.');
        expect(text2).not.toContain('First version');

        // A wrangler renames the tag (canonical tags may change case): the title page shows the new name.
        expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(tag)}`, { token: admin.token, json: { canonical: true } })).status).toBe(200);
        expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(tag)}`, { token: admin.token, json: { name: tag.toUpperCase() } })).status).toBe(200);
        const v3 = await t().app.request(url);
        expect(v3.headers.get('etag')).not.toBe(etag2);
        expect(await epubText(v3)).toContain(tag.toUpperCase());

        const series = unique('Tideline ');
        expect((await t().api('PATCH', `/api/v1/works/${work.id}`, { token, json: { series: { title: series } } })).status).toBe(200);
        const v4 = await t().app.request(url);
        expect(v4.headers.get('etag')).not.toBe(v3.headers.get('etag'));
        const text4 = await epubText(v4);
        expect(text4).toContain(`Part 1 of ${series}`);
        expect(text4).toContain('<meta property="belongs-to-collection"');
      });

      it('keeps built files on disk across a restart, one version per download', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const first = await t().app.request(`/works/${work.id}/download.epub`);
        const bytes = new Uint8Array(await first.arrayBuffer());
        const dir = downloadCacheDir(dataDir);
        const cached = fs.readdirSync(dir).filter((name) => name.startsWith(`work-${work.id}-`) && name.endsWith('.epub'));
        expect(cached).toHaveLength(1);
        const before = fs.statSync(path.join(dir, cached[0]!)).mtimeMs;
        // A new app over the same services is a restarted server: it serves the file from disk as it is.
        const restarted = createApp(t().services);
        const second = await restarted.request(`/works/${work.id}/download.epub`);
        expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
        expect(new Uint8Array(await second.arrayBuffer())).toEqual(bytes);
        expect(fs.statSync(path.join(dir, cached[0]!)).mtimeMs).toBe(before);
        // After an edit, the new version replaces the old file.
        await t().api('PATCH', `/api/v1/works/${work.id}`, { token, json: { summary: 'A changed summary.' } });
        await restarted.request(`/works/${work.id}/download.epub`);
        const after = fs.readdirSync(dir).filter((name) => name.startsWith(`work-${work.id}-`) && name.endsWith('.epub'));
        expect(after).toHaveLength(1);
        expect(after[0]).not.toBe(cached[0]);
      });

      it('gives drafts only to their authors, 404 to others, and 410 for deleted works', async () => {
        const owner = await t().apiUser();
        const other = await t().apiUser();
        const draft = await postWork(t(), owner.token, { draft: true, chapters: [{ body: '<p>Draft words.</p>' }] });
        expect((await t().app.request(`/works/${draft.id}/download.epub`)).status).toBe(404);
        expect((await t().api('GET', `/works/${draft.id}/download.html`, { token: other.token })).status).toBe(404);
        const own = await t().api('GET', `/works/${draft.id}/download.epub`, { token: owner.token });
        expect(own.status).toBe(200);
        expect(await epubText(own)).toContain('Draft words.');

        const gone = await postWork(t(), owner.token);
        expect((await t().api('DELETE', `/api/v1/works/${gone.id}`, { token: owner.token })).status).toBe(204);
        const response = await t().api('GET', `/works/${gone.id}/download.epub`, { headers: { accept: 'application/json' } });
        expect(response.status).toBe(410);
        expect(((await response.json()) as ApiErrorJson).error.code).toBe('gone');
        expect((await t().app.request('/works/999999/download.epub')).status).toBe(404);
      });

      it('puts adult works behind the same gate as the work page', async () => {
        const owner = await t().apiUser();
        const reader = await t().apiUser();
        const work = await postWork(t(), owner.token, { rating: 'Explicit', title: 'Night Harbour' });
        const url = `/works/${work.id}/download.epub`;

        const browser = t().browser();
        const gate = await browser.get(url);
        expect(gate.status).toBe(200);
        expect(gate.headers.get('content-type')).toMatch(/^text\/html/);
        const gateText = await gate.text();
        expect(pageText(gateText)).toContain('This work could have adult content');
        expect(gateText).toContain(`href="/works/${work.id}/download.epub?view_adult=true"`);
        const agreed = await browser.get(`${url}?view_adult=true`);
        expect(agreed.status).toBe(200);
        expect(agreed.headers.get('content-type')).toBe('application/epub+zip');
        // The agreement is remembered, as on the reading pages.
        expect((await browser.get(`/works/${work.id}/download.html`)).headers.get('content-type')).toBe('text/html; charset=utf-8');

        const api = await t().api('GET', url, { token: reader.token, headers: { accept: 'application/json' } });
        expect(api.status).toBe(403);
        expect(((await api.json()) as ApiErrorJson).error.code).toBe('adult_content');
        expect((await t().api('GET', url, { token: owner.token })).status).toBe(200);
        await t().api('PATCH', '/api/v1/me', { token: reader.token, json: { view_adult: true } });
        expect((await t().api('GET', url, { token: reader.token })).status).toBe(200);
      });

      it('downloads a series: posted parts in order, muted authors’ parts left out, deleted series 410', async () => {
        const owner = await t().apiUser();
        const guest = await t().apiUser();
        const reader = await t().apiUser();
        const title = unique('Lantern Cycle ');
        const one = await postWork(t(), owner.token, { title: 'Part One Title', series: { title }, chapters: [{ body: '<p>First part text.</p>' }] });
        const seriesId = one.series[0]!.id;
        await postWork(t(), owner.token, { title: 'Draft Part Title', draft: true, series: { id: seriesId } });
        const three = await postWork(t(), owner.token, { title: 'Part Three Title', series: { id: seriesId }, chapters: [{ body: '<p>Third part text.</p>' }] });
        expect(three.series[0]!.position).toBe(3);

        const page = await t().app.request(`/series/${seriesId}`);
        expect(await page.text()).toContain(`href="/series/${seriesId}/download.epub"`);
        const response = await t().app.request(`/series/${seriesId}/download.epub`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toContain(`filename="${title}.epub"`);
        const text = await epubText(response);
        expect(text.indexOf('First part text.')).toBeGreaterThan(-1);
        expect(text.indexOf('Third part text.')).toBeGreaterThan(text.indexOf('First part text.'));
        expect(text).toContain('Part 3: Part Three Title');
        expect(text).not.toContain('Draft Part Title');

        // A part co-credited to an author the reader muted is left out for that reader, as on the series page.
        await t().api('POST', '/api/v1/mutes', { token: reader.token, json: { username: owner.user.username } });
        const muted = await t().api('GET', `/series/${seriesId}/download.epub`, { token: reader.token });
        expect(await epubText(muted)).not.toContain('First part text.');
        expect((await t().api('GET', `/series/${seriesId}/download.epub`, { token: guest.token })).headers.get('etag')).toBe(response.headers.get('etag'));

        expect((await t().api('DELETE', `/api/v1/series/${seriesId}`, { token: owner.token })).status).toBe(204);
        expect((await t().app.request(`/series/${seriesId}/download.epub`)).status).toBe(410);
        expect((await t().app.request('/series/999999/download.epub')).status).toBe(404);
      });

      it('shows download links on the work page', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const html = await (await t().app.request(`/works/${work.id}`)).text();
        expect(html).toContain(`href="/works/${work.id}/download.epub"`);
        expect(html).toContain(`href="/works/${work.id}/download.html"`);
      });
    },
    { dataDir },
  );
});
