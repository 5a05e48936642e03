import { describe, expect, it } from 'vitest';
import { insertWorkAuthor } from '../works/works.queries.js';
import { forEachDatabase, pageText, postWork, type SeriesJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// Muting hides the muted author's works from the reader's listings (/works, GET /api/v1/works, the home page,
// series, the author's own pages), with totals that agree with what is shown; other readers see everything.

interface WorkList {
  items: WorkJson[];
  total: number;
  next: string | null;
}

describe('muting in listings', () => {
  forEachDatabase((t: () => TestContext) => {
    /** Every work of GET /api/v1/works as the owner of `token`, following the cursor, with the total each page gave. */
    async function allApiWorks(token: string | undefined): Promise<{ ids: number[]; totals: number[] }> {
      const ids: number[] = [];
      const totals: number[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const response = await t().api('GET', `/api/v1/works?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token ? { token } : {});
        expect(response.status).toBe(200);
        const page = (await response.json()) as WorkList;
        ids.push(...page.items.map((w) => w.id));
        totals.push(page.total);
        cursor = page.next;
        if (!cursor) break;
      }
      return { ids, totals };
    }

    /** Every work id linked from the /works pages as the browser's reader, and the total the first page states. */
    async function allPageWorks(browser: ReturnType<TestContext['browser']>): Promise<{ ids: number[]; total: number; pages: number }> {
      const ids: number[] = [];
      let total = -1;
      let page = 1;
      for (;;) {
        const response = await browser.get(`/works?page=${page}`);
        if (response.status === 404 && page > 1) break;
        expect(response.status).toBe(200);
        const html = await response.text();
        const count = /of ([\d,]+) works/.exec(pageText(html));
        const stated = count ? Number(count[1]!.replace(/,/g, '')) : 0;
        if (page === 1) total = stated;
        else expect(stated).toBe(total);
        ids.push(...[...html.matchAll(/<h[23][^>]*>\s*<a href="\/works\/(\d+)"/g)].map((m) => Number(m[1])));
        if (!html.includes(`href="/works?page=${page + 1}"`)) break;
        page++;
      }
      return { ids, total, pages: page };
    }

    async function setup() {
      const reader = t().browser();
      const readerUser = await t().signUp(reader);
      const { user: author, token: authorToken } = await t().apiUser();
      const { token: otherToken } = await t().apiUser();
      const muted: number[] = [];
      for (let i = 0; i < 4; i++) muted.push((await postWork(t(), authorToken)).id);
      const draft = await postWork(t(), authorToken, { draft: true });
      const kept: number[] = [];
      for (let i = 0; i < 25; i++) kept.push((await postWork(t(), otherToken)).id);
      return { reader, readerUser, author, authorToken, muted, draft, kept };
    }

    it('mute hides the author from /works and GET /api/v1/works with totals that match, and unmute restores them', async () => {
      const { reader, author, muted, kept } = await setup();
      const { token: readerToken } = await t().apiUser();
      const before = await allApiWorks(readerToken);
      expect(before.ids).toEqual(expect.arrayContaining([...muted, ...kept]));
      expect(before.totals.every((n) => n === before.ids.length)).toBe(true);

      await reader.get('/works');
      expect((await reader.post(`/users/${author.username}/mute`)).status).toBe(303);
      expect((await t().api('POST', '/api/v1/mutes', { token: readerToken, json: { username: author.username } })).status).toBe(201);

      const pages = await allPageWorks(reader);
      expect(pages.pages).toBeGreaterThan(1);
      for (const id of muted) expect(pages.ids).not.toContain(id);
      expect(pages.ids).toEqual(expect.arrayContaining(kept));
      expect(new Set(pages.ids).size).toBe(pages.ids.length);
      expect(pages.total).toBe(pages.ids.length);
      expect(pages.total).toBe(before.ids.length - muted.length);

      const api = await allApiWorks(readerToken);
      for (const id of muted) expect(api.ids).not.toContain(id);
      expect(api.ids).toEqual(expect.arrayContaining(kept));
      expect(api.totals.every((n) => n === api.ids.length)).toBe(true);

      // Another reader, and a guest, still see the author's works.
      const guest = await allApiWorks(undefined);
      expect(guest.ids).toEqual(expect.arrayContaining(muted));
      expect(guest.totals[0]).toBe(guest.ids.length);

      expect((await t().api('DELETE', `/api/v1/mutes/${author.username}`, { token: readerToken })).status).toBe(204);
      const restored = await allApiWorks(readerToken);
      expect(restored.ids).toEqual(expect.arrayContaining(muted));
      expect(restored.totals[0]).toBe(restored.ids.length);
    });

    it('counts a co-written work once and hides it when any of its authors is muted', async () => {
      const { user: a, token: aToken } = await t().apiUser();
      const { user: b } = await t().apiUser();
      const { user: c } = await t().apiUser();
      const both = await postWork(t(), aToken);
      const withC = await postWork(t(), aToken);
      await insertWorkAuthor(t().db, both.id, b.id, 2);
      await insertWorkAuthor(t().db, withC.id, c.id, 2);
      const { token: readerToken } = await t().apiUser();
      const before = await allApiWorks(readerToken);
      for (const username of [a.username, b.username]) await t().api('POST', '/api/v1/mutes', { token: readerToken, json: { username } });
      const after = await allApiWorks(readerToken);
      expect(after.ids).not.toContain(both.id);
      expect(after.ids).not.toContain(withC.id);
      expect(after.totals.every((n) => n === after.ids.length)).toBe(true);
      expect(after.ids.length).toBe(before.ids.length - 2);
    });

    it('the home page hides a muted author’s works; unmuting brings them back', async () => {
      const { reader, author, authorToken } = await setup();
      // Posted last, so it heads the latest updates.
      const latest = await postWork(t(), authorToken);
      await reader.get('/');
      expect(await (await reader.get('/')).text()).toContain(`href="/works/${latest.id}"`);
      expect((await reader.post(`/users/${author.username}/mute`)).status).toBe(303);
      const home = await (await reader.get('/')).text();
      expect(home).not.toContain(`href="/works/${latest.id}"`);
      expect(pageText(home)).toContain('Latest updates');
      expect((await reader.post(`/users/${author.username}/unmute`)).status).toBe(303);
      expect(await (await reader.get('/')).text()).toContain(`href="/works/${latest.id}"`);
    });

    it('the author’s pages show a notice instead of their works; the work page stays readable with a notice', async () => {
      const { reader, author, muted } = await setup();
      await reader.post(`/users/${author.username}/mute`);
      const profile = pageText(await (await reader.get(`/users/${author.username}`)).text());
      expect(profile).toContain('You muted this author');
      expect(profile).toContain(`Unmute ${author.username}`);
      const worksPage = await (await reader.get(`/users/${author.username}/works`)).text();
      expect(pageText(worksPage)).toContain('You muted this author');
      expect(worksPage).not.toContain(`href="/works/${muted[0]}"`);

      const work = await reader.get(`/works/${muted[0]}`);
      expect(work.status).toBe(200);
      const text = pageText(await work.text());
      expect(text).toMatch(new RegExp(`You muted ${author.username} ?; this work is hidden from your listings\\.`));
      expect(text).toContain('The lamp was lit at dusk');

      // Another reader sees neither notice.
      const other = t().browser();
      await t().signUp(other);
      expect(pageText(await (await other.get(`/works/${muted[0]}`)).text())).not.toContain('You muted');
      expect(await (await other.get(`/users/${author.username}/works`)).text()).toContain(`href="/works/${muted[0]}"`);
    });

    it('series pages and GET /api/v1/series/:id leave out a muted author’s parts', async () => {
      const { reader, author, authorToken } = await setup();
      const first = await postWork(t(), authorToken, { series: { title: 'Muted saga' } });
      const seriesId = first.series[0]!.id;
      const { token: readerToken } = await t().apiUser();
      await t().api('POST', '/api/v1/mutes', { token: readerToken, json: { username: author.username } });
      const seen = (await (await t().api('GET', `/api/v1/series/${seriesId}`, { token: readerToken })).json()) as SeriesJson;
      expect(seen.works).toEqual([]);
      const guestSeen = (await (await t().api('GET', `/api/v1/series/${seriesId}`)).json()) as SeriesJson;
      expect(guestSeen.works.map((w) => w.id)).toEqual([first.id]);

      await reader.post(`/users/${author.username}/mute`);
      expect(await (await reader.get(`/series/${seriesId}`)).text()).not.toContain(`href="/works/${first.id}"`);
      expect(await (await t().browser().get(`/series/${seriesId}`)).text()).toContain(`href="/works/${first.id}"`);
    });
  });
});
