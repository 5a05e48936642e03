import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, decodeEntities, forEachDatabase, pageText, postWorkForm, unique, type TestBrowser, type TestContext } from '../../test/helpers.js';
import { updateUser } from '../accounts/users.queries.js';
import { ADULT_COOKIE } from '../http/cookies.js';
import { RATINGS, WARNINGS } from './ratings.js';

const FIRST = 'The first chapter begins in the rain.';
const SECOND = 'The second chapter ends at dawn.';

/** The gate's "Proceed" link, decoded, or undefined when the page is not the gate. */
function proceedLink(html: string): string | undefined {
  const href = /<a [^>]*href="([^"]*)"[^>]*>Proceed<\/a>/.exec(html)?.[1];
  return href === undefined ? undefined : decodeEntities(href);
}

/** Every work card of a listing page, as HTML. */
function cards(html: string): string[] {
  return html.split('<article class="blurb"').slice(1).map((chunk) => chunk.slice(0, chunk.indexOf('</article>')));
}

/** Logs `browser` in with the test password. */
async function logIn(browser: TestBrowser, username: string): Promise<void> {
  await browser.get('/login');
  const response = await browser.post('/login', { login: username, password: TEST_PASSWORD });
  if (response.status !== 303) throw new Error(`log-in failed with ${response.status}`);
}

describe('the adult-content gate', () => {
  forEachDatabase((t: () => TestContext) => {
    let author: TestBrowser;
    let authorName: string;
    let seriesId: number;
    const works = new Map<string, { id: number; title: string }>();

    // One two-chapter work per rating, all by one author and all parts of one series.
    beforeAll(async () => {
      await t().apiUser({ admin: true });
      author = t().browser();
      authorName = (await t().signUp(author)).username;
      const series = unique('Gate series ');
      for (const [i, rating] of RATINGS.entries()) {
        const title = unique(`${rating} work `);
        const id = await postWorkForm(author, {
          title,
          rating,
          warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
          body: `<p>${FIRST}</p>`,
          ...(i === 0 ? { new_series_title: series } : { series_id: String(seriesId) }),
        });
        if (i === 0) seriesId = (await t().db.selectFrom('series').select('id').where('title', '=', series).executeTakeFirstOrThrow()).id;
        const chapter = await author.post(`/works/${id}/chapters`, { body: `<p>${SECOND}</p>`, action: 'post' });
        expect(chapter.status).toBe(303);
        works.set(rating, { id, title });
      }
    });

    it.each(['Mature', 'Explicit', 'Not Rated'])('shows the interstitial on every page of a %s work', async (rating) => {
      const { id, title } = works.get(rating)!;
      const visitor = t().browser();
      const pages: [string, string][] = [
        [`/works/${id}`, `/works/${id}?view_adult=true`],
        [`/works/${id}/chapters/1`, `/works/${id}/chapters/1?view_adult=true`],
        [`/works/${id}/chapters/2`, `/works/${id}/chapters/2?view_adult=true`],
        [`/works/${id}?view_full_work=true`, `/works/${id}?view_full_work=true&view_adult=true`],
      ];
      for (const [path, proceed] of pages) {
        const response = await visitor.get(path);
        expect(response.status, path).toBe(200);
        const html = await response.text();
        const text = pageText(html);
        expect(text, path).toContain(`${title} is rated ${rating}`);
        expect(text, path).toContain('Graphic Depictions Of Violence');
        expect(text, path).toContain('Major Character Death');
        expect(proceedLink(html), path).toBe(proceed);
        expect(html, path).toMatch(/<a [^>]*href="[^"]*"[^>]*>Go back<\/a>/);
        expect(text, path).not.toContain(FIRST);
        expect(text, path).not.toContain(SECOND);
        expect(visitor.cookie(ADULT_COOKIE)).toBeUndefined();
      }
    });

    it.each(['General Audiences', 'Teen And Up Audiences'])('lets anyone read a %s work without it', async (rating) => {
      const { id } = works.get(rating)!;
      const visitor = t().browser();
      for (const [path, expected] of [[`/works/${id}`, FIRST], [`/works/${id}/chapters/2`, SECOND], [`/works/${id}?view_full_work=true`, SECOND]] as const) {
        const html = await (await visitor.get(path)).text();
        expect(proceedLink(html), path).toBeUndefined();
        expect(pageText(html), path).toContain(expected);
      }
    });

    it('answers ?view_adult=true with the page itself and remembers the agreement in a cookie', async () => {
      const explicit = works.get('Explicit')!;
      const visitor = t().browser();
      const response = await visitor.get(`/works/${explicit.id}/chapters/2?view_adult=true`);
      expect(response.status).toBe(200);
      expect(pageText(await response.text())).toContain(SECOND);
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${ADULT_COOKIE}=`));
      expect(cookie).toMatch(/^view_adult=true;/);
      expect(cookie).toMatch(/Path=\//i);

      for (const path of [`/works/${explicit.id}`, `/works/${explicit.id}?view_full_work=true`, `/works/${works.get('Mature')!.id}`, `/works/${works.get('Not Rated')!.id}/chapters/2`]) {
        const html = await (await visitor.get(path)).text();
        expect(proceedLink(html), path).toBeUndefined();
        expect(pageText(html), path).toContain(path.includes('chapters/2') ? SECOND : FIRST);
      }
      expect(proceedLink(await (await t().browser().get(`/works/${explicit.id}`)).text())).toBeDefined();
    });

    it('follows the Proceed link from the full-work gate to the full work', async () => {
      const visitor = t().browser();
      const gate = await (await visitor.get(`/works/${works.get('Mature')!.id}?view_full_work=true`)).text();
      const text = pageText(await (await visitor.get(proceedLink(gate)!)).text());
      expect(text).toContain(FIRST);
      expect(text).toContain(SECOND);
    });

    it('lets a signed-in reader who set the preference skip it', async () => {
      const { user, token } = await t().apiUser();
      const reader = t().browser();
      await logIn(reader, user.username);
      const path = `/works/${works.get('Explicit')!.id}`;
      expect(proceedLink(await (await reader.get(path)).text())).toBeDefined();

      const patched = await t().api('PATCH', '/api/v1/me', { token, json: { view_adult: true } });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ view_adult: true });
      const html = await (await reader.get(path)).text();
      expect(proceedLink(html)).toBeUndefined();
      expect(pageText(html)).toContain(FIRST);
      expect(reader.cookie(ADULT_COOKIE)).toBeUndefined();

      const { user: other } = await t().apiUser();
      const otherReader = t().browser();
      await logIn(otherReader, other.username);
      expect(proceedLink(await (await otherReader.get(`/works/${works.get('Not Rated')!.id}/chapters/2`)).text())).toBeDefined();
      await updateUser(t().db, other.id, { view_adult: 1 });
      expect(pageText(await (await otherReader.get(`/works/${works.get('Not Rated')!.id}/chapters/2`)).text())).toContain(SECOND);
    });

    it('never stops the author reading their own work', async () => {
      for (const rating of ['Mature', 'Explicit', 'Not Rated']) {
        const { id } = works.get(rating)!;
        for (const path of [`/works/${id}`, `/works/${id}/chapters/2`, `/works/${id}?view_full_work=true`]) {
          const html = await (await author.get(path)).text();
          expect(proceedLink(html), path).toBeUndefined();
          expect(pageText(html), path).toContain(path.includes('chapters/2') ? SECOND : FIRST);
        }
      }
      expect(author.cookie(ADULT_COOKIE)).toBeUndefined();
    });

    it('shows the rating and warnings on every card of every listing', async () => {
      const visitor = t().browser();
      for (const path of ['/works', '/', `/users/${authorName}`, `/users/${authorName}/works`, `/series/${seriesId}`]) {
        const html = await (await visitor.get(path)).text();
        const found = cards(html);
        expect(found.length, path).toBeGreaterThanOrEqual(RATINGS.length);
        for (const card of found) {
          const text = pageText(card);
          expect(RATINGS.some((r) => text.includes(`Rating: ${r}`)), `${path}: ${text}`).toBe(true);
          expect(WARNINGS.some((w) => text.includes(w)), `${path}: ${text}`).toBe(true);
        }
        for (const [rating, { title }] of works) {
          const card = found.find((c) => c.includes(title));
          expect(card, `${path} ${title}`).toBeDefined();
          expect(pageText(card!)).toContain(`Rating: ${rating}`);
          expect(pageText(card!)).toContain('Graphic Depictions Of Violence Major Character Death');
        }
      }
    });

    it('returns adult works through the API with their rating and no gate', async () => {
      const { id, title } = works.get('Explicit')!;
      const work = await t().api('GET', `/api/v1/works/${id}`);
      expect(work.status).toBe(200);
      expect(await work.json()).toMatchObject({ id, title, rating: 'Explicit', warnings: ['Graphic Depictions Of Violence', 'Major Character Death'] });
      const chapter = await t().api('GET', `/api/v1/works/${id}/chapters/2`);
      expect(chapter.status).toBe(200);
      expect(((await chapter.json()) as { body_html: string }).body_html).toContain(SECOND);
      const list = (await (await t().api('GET', '/api/v1/works')).json()) as { items: { id: number; rating: string }[] };
      expect(list.items.find((w) => w.id === id)?.rating).toBe('Explicit');
    });
  });
});
