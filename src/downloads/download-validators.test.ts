import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, type TestContext } from '../../test/helpers.js';
import { downloadCacheDir } from './download-cache.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-download-validators-'));

/** Dates the cached files of a download back by an hour, as if built long ago; returns that time. */
function ageCachedFiles(stem: string): Date {
  const dir = downloadCacheDir(dataDir);
  const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
  const files = fs.readdirSync(dir).filter((name) => name.startsWith(`${stem}-`));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) fs.utimesSync(path.join(dir, name), past, past);
  return past;
}

describe('download validators', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      for (const format of ['epub', 'html'] as const) {
        it(`answers the ${format.toUpperCase()} download with ETag and Last-Modified, and 304 to If-None-Match or If-Modified-Since`, async () => {
          const { token } = await t().apiUser();
          const work = await postWork(t(), token, { chapters: [{ body: '<p>The keeper counted the steps again.</p>' }] });
          const url = `/works/${work.id}/download.${format}`;
          const get = (headers: Record<string, string> = {}) => t().app.request(url, { headers });
          const built = await get();
          expect(built.status).toBe(200);
          const etag = built.headers.get('etag')!;
          expect(etag).toMatch(new RegExp(`^"${format}-[0-9a-f]{24}"$`));

          const past = ageCachedFiles(`work-${work.id}`);
          const full = await get();
          expect(full.status).toBe(200);
          expect(full.headers.get('etag')).toBe(etag);
          const lastModified = full.headers.get('last-modified')!;
          expect(lastModified).toBe(past.toUTCString());
          const bytes = new Uint8Array(await full.arrayBuffer());
          expect(bytes.byteLength).toBeGreaterThan(0);

          const byEtag = await get({ 'if-none-match': etag });
          expect(byEtag.status).toBe(304);
          expect(byEtag.headers.get('etag')).toBe(etag);
          expect(await byEtag.text()).toBe('');
          expect((await get({ 'if-none-match': `"other", W/${etag}` })).status).toBe(304);

          const byDate = await get({ 'if-modified-since': lastModified });
          expect(byDate.status).toBe(304);
          expect(byDate.headers.get('etag')).toBe(etag);
          expect(byDate.headers.get('last-modified')).toBe(lastModified);
          expect(await byDate.text()).toBe('');
          expect((await get({ 'if-modified-since': new Date(past.getTime() + 60_000).toUTCString() })).status).toBe(304);

          // An older date, a date in the future, a date that is not one, and a stale ETag (which decides alone).
          const unmet: Record<string, string>[] = [
            { 'if-modified-since': new Date(past.getTime() - 1000).toUTCString() },
            { 'if-modified-since': new Date(Date.now() + 86_400_000).toUTCString() },
            { 'if-modified-since': 'yesterday' },
            { 'if-none-match': `"${format}-000000000000000000000000"`, 'if-modified-since': lastModified },
          ];
          for (const headers of unmet) {
            const res = await get(headers);
            expect(res.status, JSON.stringify(headers)).toBe(200);
            expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
          }

          const head = await t().app.request(url, { method: 'HEAD' });
          expect(head.status).toBe(200);
          expect(head.headers.get('etag')).toBe(etag);
          expect(head.headers.get('last-modified')).toBe(lastModified);
          expect(await head.text()).toBe('');
        });
      }

      it('gives a new version a new ETag and a later date: a copy validated by date alone is replaced', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { chapters: [{ body: '<p>The first telling.</p>' }] });
        const url = `/works/${work.id}/download.html`;
        await t().app.request(url);
        const past = ageCachedFiles(`work-${work.id}`);
        const old = await t().app.request(url);
        expect(old.headers.get('last-modified')).toBe(past.toUTCString());

        expect((await t().api('PATCH', `/api/v1/works/${work.id}/chapters/1`, { token, json: { body: '<p>The second telling.</p>' } })).status).toBe(200);
        const fresh = await t().app.request(url, { headers: { 'if-modified-since': past.toUTCString() } });
        expect(fresh.status).toBe(200);
        expect(fresh.headers.get('etag')).not.toBe(old.headers.get('etag'));
        // Built just now: no date until its second is over (another version built in the same second would share it).
        const date = fresh.headers.get('last-modified');
        if (date !== null) expect(Date.parse(date)).toBeGreaterThan(past.getTime());
        expect(await fresh.text()).toContain('The second telling.');
      });

      it('validates a series download by date too', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { series: { title: 'Tide Tables' } });
        const url = `/series/${work.series[0]!.id}/download.epub`;
        expect((await t().app.request(url)).status).toBe(200);
        const past = ageCachedFiles(`series-${work.series[0]!.id}`);
        const full = await t().app.request(url);
        expect(full.headers.get('last-modified')).toBe(past.toUTCString());
        expect((await t().app.request(url, { headers: { 'if-modified-since': past.toUTCString() } })).status).toBe(304);
      });
    },
    { dataDir },
  );
});
