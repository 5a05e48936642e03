import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, unique, type TestBrowser } from '../../test/helpers.js';

// Issue 4, §3: a reader's excluded tags leave works out of tag work counts, author pages, series pages (marked
// hidden in place), other people's bookmark listings and feeds fetched with their session, with counts that agree.

const enc = encodeURIComponent;

forEachDatabase((t) => {
  const n = (name: string) => `${name} ${unique('e')}`;
  const fandom = n('Tidewater');
  const excluded = n('Shipwreck');
  let author: { token: string; username: string };
  let bookmarker: string;
  let hiddenTitle: string;
  let shownTitle: string;
  let seriesId: number;
  let reader: TestBrowser;

  beforeAll(async () => {
    const admin = await t().apiUser({ admin: true });
    const a = await t().apiUser();
    author = { token: a.token, username: a.user.username };
    hiddenTitle = n('The Wreck');
    shownTitle = n('The Calm');
    const hidden = await postWork(t(), author.token, { title: hiddenTitle, fandoms: [fandom], freeforms: [excluded], series: { title: n('Tides') } });
    const series = await t().db.selectFrom('series_works').select('series_id').where('work_id', '=', hidden.id).executeTakeFirstOrThrow();
    seriesId = series.series_id;
    const shown = await postWork(t(), author.token, { title: shownTitle, fandoms: [fandom], freeforms: [], series: { id: seriesId } });
    expect((await t().api('PATCH', `/api/v1/tags/${enc(fandom)}`, { token: admin.token, json: { canonical: true } })).status).toBe(200);
    const b = await t().apiUser();
    bookmarker = b.user.username;
    for (const id of [hidden.id, shown.id]) expect((await t().api('POST', '/api/v1/bookmarks', { token: b.token, json: { work_id: id } })).status).toBe(201);

    reader = t().browser();
    await t().signUp(reader);
    const excludedPage = await reader.post(`/tags/${enc(excluded)}/exclude`);
    expect(excludedPage.status).toBe(303);
  });

  async function text(browser: TestBrowser | undefined, path: string): Promise<string> {
    const response = browser ? await browser.get(path) : await t().app.request(path);
    expect(response.status, path).toBe(200);
    return pageText(await response.text());
  }

  describe('counts and pages', () => {
    it('counts a tag’s works without the excluded ones, on the page and in the API', async () => {
      expect(await text(undefined, `/tags/${enc(fandom)}`)).toContain('2 works under this tag');
      expect(await text(reader, `/tags/${enc(fandom)}`)).toContain('1 work under this tag');
      const json = (await (await reader.get(`/api/v1/tags/${enc(fandom)}`)).json()) as { work_count: number };
      expect(json.work_count).toBe(1);
      const listing = await text(reader, `/tags/${enc(fandom)}/works`);
      expect(listing).toContain('1–1 of 1 works');
      expect(listing).not.toContain(hiddenTitle);
    });

    it('leaves excluded works off an author’s page and works listing, counts agreeing', async () => {
      const guest = await text(undefined, `/users/${author.username}`);
      expect(guest).toContain('Recent works (2)');
      const profile = await text(reader, `/users/${author.username}`);
      expect(profile).toContain('Recent works (1)');
      expect(profile).toContain(shownTitle);
      expect(profile).not.toContain(hiddenTitle);
      const works = await text(reader, `/users/${author.username}/works`);
      expect(works).toContain('1 work');
      expect(works).not.toContain(hiddenTitle);
    });

    it('keeps an excluded part’s place in a series, marked hidden', async () => {
      const guest = await text(undefined, `/series/${seriesId}`);
      expect(guest).toContain(hiddenTitle);
      const page = await text(reader, `/series/${seriesId}`);
      expect(page).toContain('Part 1 (hidden by your exclusions) Part 2');
      expect(page).toContain('Works 1 (and 1 hidden by your exclusions)');
      expect(page).toContain(shownTitle);
      expect(page).not.toContain(hiddenTitle);
    });

    it('leaves excluded works out of someone else’s bookmarks, with the total', async () => {
      const page = await text(reader, `/users/${bookmarker}/bookmarks`);
      expect(page).toContain(shownTitle);
      expect(page).not.toContain(hiddenTitle);
      const json = (await (await reader.get(`/api/v1/bookmarks?username=${bookmarker}`)).json()) as { total: number; items: unknown[] };
      expect(json.total).toBe(1);
      expect(json.items).toHaveLength(1);
      const guest = (await (await t().app.request(`/api/v1/bookmarks?username=${bookmarker}`)).json()) as { total: number };
      expect(guest.total).toBe(2);
    });
  });

  describe('feeds', () => {
    for (const [kind, path] of [
      ['tag', () => `/tags/${enc(fandom)}/feed.atom`],
      ['author', () => `/users/${author.username}/feed.atom`],
      ['series', () => `/series/${seriesId}/feed.atom`],
    ] as const) {
      it(`leaves excluded works out of the ${kind} feed fetched with a session, cached privately`, async () => {
        const guest = await t().app.request(path());
        expect(guest.headers.get('cache-control')).toBe('public, max-age=300');
        const guestXml = await guest.text();
        expect(guestXml).toContain(hiddenTitle);
        expect(guestXml).toContain(shownTitle);
        const mine = await reader.get(path());
        expect(mine.status).toBe(200);
        expect(mine.headers.get('cache-control')).toBe('private, max-age=300');
        const xml = await mine.text();
        expect(xml).toContain(shownTitle);
        expect(xml).not.toContain(hiddenTitle);
      });
    }
  });
});
