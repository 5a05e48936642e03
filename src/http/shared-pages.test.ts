import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flushBufferedHits } from '../history/hit-buffer.js';
import { findWork } from '../works/works.queries.js';
import { forEachDatabase, pageText, postWork } from '../../test/helpers.js';
import { listenForCacheInvalidations } from '../db/cache-listener.js';
import { publishCacheInvalidation } from './page-cache.queries.js';
import { pino } from 'pino';

describe('the render cache for guests and HTTP validators', () => {
  forEachDatabase((t) => {
    const guestGet = (path: string, headers: Record<string, string> = {}) => t().app.request(path, { headers });

    it('serves a guest the same bytes from memory, with an ETag, 304, gzip, public caching and no cookies', async () => {
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'A Quiet Harbour' });
      const first = await guestGet(`/works/${work.id}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('miss');
      const body = await first.text();
      expect(body).toContain('A Quiet Harbour');
      const second = await guestGet(`/works/${work.id}`);
      expect(second.headers.get('x-cache')).toBe('hit');
      expect(await second.text()).toBe(body);
      for (const res of [first, second]) {
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(res.headers.get('cache-control')).toMatch(/^public\b/);
        expect(res.headers.get('vary')).toMatch(/Cookie/);
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      }
      // A shared page carries nobody's CSRF token.
      expect(body).not.toMatch(/name="_csrf" value="[^"]+"/);

      const etag = second.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"/);
      const revalidated = await guestGet(`/works/${work.id}`, { 'if-none-match': etag });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');

      const zipped = await guestGet(`/works/${work.id}`, { 'accept-encoding': 'gzip, br' });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(body);
    });

    it('shows a guest every write at once: a comment, kudos, an edit, a new work and wrangling', async () => {
      const { user: author, token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'The Lamp Room', freeforms: ['Lighthouses'] });
      const page = `/works/${work.id}`;
      const chapter = `/works/${work.id}/chapters/1`;
      const listing = '/works';
      for (const path of [page, chapter, listing]) await guestGet(path);
      expect((await guestGet(page)).headers.get('x-cache')).toBe('hit');

      const reader = await t().apiUser();
      const comment = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'The stairs chapter was lovely.' } });
      expect(comment.status).toBe(201);
      expect(pageText(await (await guestGet(chapter)).text())).toContain('The stairs chapter was lovely.');

      expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: reader.token })).status).toBeLessThan(300);
      expect(pageText(await (await guestGet(page)).text())).toContain(reader.user.username);

      const edit = await t().api('PATCH', `/api/v1/works/${work.id}`, { token, json: { title: 'The Lamp Room, Revised' } });
      expect(edit.status).toBe(200);
      expect(await (await guestGet(page)).text()).toContain('The Lamp Room, Revised');
      expect(await (await guestGet(listing)).text()).toContain('The Lamp Room, Revised');

      await postWork(t(), token, { title: 'A Second Light' });
      expect(await (await guestGet(listing)).text()).toContain('A Second Light');

      // Wrangling: the freeform becomes a synonym of a new canonical tag; the work's page names the canonical tag's listing.
      const admin = await t().apiUser({ admin: true });
      await t().db.updateTable('users').set({ is_wrangler: 1 }).where('id', '=', admin.user.id).execute();
      const before = await (await guestGet('/tags/Lighthouses/works')).text();
      expect(before).toContain('The Lamp Room');
      await postWork(t(), token, { title: 'Keepers All', freeforms: ['Lighthouses & Keepers'] });
      const tagPath = (name: string) => `/api/v1/tags/${encodeURIComponent(name)}`;
      expect((await t().api('PATCH', tagPath('Lighthouses & Keepers'), { token: admin.token, json: { canonical: true } })).status).toBe(200);
      await guestGet('/tags/Lighthouses/works');
      const wrangle = await t().api('PATCH', tagPath('Lighthouses'), { token: admin.token, json: { synonym_of: 'Lighthouses & Keepers' } });
      expect(wrangle.status).toBe(200);
      // A synonym's listing now sends readers to the canonical tag's, which lists the work.
      const after = await guestGet('/tags/Lighthouses/works');
      expect(after.status).toBeGreaterThanOrEqual(300);
      const canonical = await guestGet(after.headers.get('location')!);
      expect(pageText(await canonical.text())).toMatch(/The Lamp Room[\s\S]*Keepers All|Keepers All[\s\S]*The Lamp Room/);
      void author;
    });

    it('never stores a personal page, and counts a guest hit served from the cache', async () => {
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'Counting Steps' });
      const reader = t().browser();
      const user = await t().signUp(reader);
      const mine = await reader.get(`/works/${work.id}`);
      expect(mine.headers.get('cache-control')).toBe('private, no-cache');
      expect(mine.headers.get('etag')).toBeTruthy();
      // Feeds and API answers are validated too.
      for (const path of [`/works/${work.id}/feed.atom`, `/api/v1/works/${work.id}`]) {
        const first = await guestGet(path);
        const etag = first.headers.get('etag');
        expect(etag, path).toBeTruthy();
        expect((await guestGet(path, { 'if-none-match': etag! })).status, path).toBe(304);
      }
      expect(await mine.text()).toContain(user.username);
      const guest = await guestGet(`/works/${work.id}`, { 'x-forwarded-for': '203.0.113.9' });
      expect(await guest.text()).not.toContain(user.username);
      const again = await guestGet(`/works/${work.id}`, { 'x-forwarded-for': '203.0.113.10' });
      expect(again.headers.get('x-cache')).toBe('hit');
      await flushBufferedHits(t().db);
      // The signed-in reader, the first guest and the second guest: three visitors.
      expect((await findWork(t().db, work.id))!.hit_count).toBe(3);
    });

    it('accepts a guest form post from this site without a token, and refuses one from elsewhere', async () => {
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'Open Door' });
      const post = (headers: Record<string, string>) =>
        t().app.request(`/works/${work.id}/kudos`, { method: 'POST', body: '_csrf=', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
      expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
      expect((await post({})).status).toBe(403);
      expect((await post({ origin: t().config.baseUrl })).status).toBe(303);
    });

    it('sends cache invalidations to the other processes (PostgreSQL NOTIFY)', async () => {
      if (t().dialect !== 'postgres') {
        expect(t().dialect).toBe('sqlite');
        return;
      }
      const received: string[][] = [];
      const listener = listenForCacheInvalidations(process.env.TEST_DATABASE_URL!, (tags) => received.push(tags), pino({ level: 'silent' }));
      try {
        for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
        await publishCacheInvalidation(t().db, ['work:42', 'listings']);
        for (let i = 0; i < 50 && !received.some((tags) => tags.includes('work:42')); i++) await new Promise((r) => setTimeout(r, 100));
        expect(received).toContainEqual(['work:42', 'listings']);
      } finally {
        await listener.close();
      }
    });
  }, { trustProxy: true });
});
