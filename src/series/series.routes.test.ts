import { beforeAll, describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWorkForm, unique, workFormFields, type TestBrowser, type TestContext } from '../../test/helpers.js';

/** Creates a series through the form and returns its id. */
async function createSeriesForm(browser: TestBrowser, fields: Record<string, string> = {}): Promise<number> {
  const response = await browser.post('/series', { title: unique('Series '), summary: '', notes: '', ...fields });
  const match = /^\/series\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (response.status !== 303 || !match) throw new Error(`creating a series failed with ${response.status}`);
  return Number(match[1]);
}

/** The links of the navigation under the chapter text. */
function bottomNav(html: string): string {
  return /<nav [^>]*aria-label="Chapter navigation"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
}

/** The titles of the works a series page lists, in the order shown. */
function listedOrder(html: string, titles: readonly string[]): string[] {
  return titles.filter((t) => html.includes(t)).sort((a, b) => html.indexOf(a) - html.indexOf(b));
}

describe('series pages', () => {
  forEachDatabase((t: () => TestContext) => {
    let author: TestBrowser;
    let username: string;

    beforeAll(async () => {
      await t().apiUser({ admin: true });
      author = t().browser();
      username = (await t().signUp(author)).username;
    });

    it('creates a series through the form, and re-renders it with 422 when the title is missing', async () => {
      expect((await t().browser().get('/series/new')).status).toBe(401);
      expect((await author.get('/series/new')).status).toBe(200);
      const bad = await author.post('/series', { title: '  ', summary: 'Kept summary.', notes: '' });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(fieldError(badHtml, 'title')).toBe('Give the series a title.');
      expect(badHtml).toContain('>Kept summary.</textarea>');

      const title = unique('The Lighthouse Cycle ');
      const id = await createSeriesForm(author, { title, summary: 'Three winters on the point.', notes: 'Read in order.' });
      const text = pageText(await (await t().browser().get(`/series/${id}`)).text());
      expect(text).toContain(title);
      expect(text).toContain(`by ${username}`);
      expect(text).toContain('Three winters on the point.');
      expect(text).toContain('Read in order.');
      expect(text).toContain('No works in this series yet.');
    });

    it('posts works as the next parts and links them: Part N of, previous and next parts, Next part after the last chapter', async () => {
      const seriesTitle = unique('Saga ');
      const seriesId = await createSeriesForm(author, { title: seriesTitle });
      const one = unique('Part one ');
      const two = unique('Part two ');
      const first = await postWorkForm(author, { title: one, summary: 'Where it starts.', series_id: String(seriesId), body: '<p>Opening.</p>' });
      await author.post(`/works/${first}/chapters`, { body: '<p>Closing of part one.</p>', action: 'post' });
      const second = await postWorkForm(author, { title: two, summary: 'Where it goes on.', series_id: String(seriesId) });
      const reader = t().browser();

      const page1 = await (await reader.get(`/works/${first}`)).text();
      expect(pageText(page1)).toContain(`Part 1 of ${seriesTitle}`);
      expect(page1).toContain(`href="/series/${seriesId}"`);
      expect(page1).toMatch(new RegExp(`<a href="/works/${second}" rel="next">Next part: ${two} →</a>`));
      expect(page1).not.toMatch(/Previous part/);
      expect(bottomNav(page1)).not.toContain(`/works/${second}"`); // chapter 1 of 2 leads on to chapter 2

      const lastChapter = await (await reader.get(`/works/${first}/chapters/2`)).text();
      expect(bottomNav(lastChapter)).toMatch(new RegExp(`href="/works/${second}"[^>]*>\\s*Next part: ${two}`));
      expect(bottomNav(await (await reader.get(`/works/${first}?view_full_work=true`)).text())).toContain(`href="/works/${second}"`);

      const page2 = await (await reader.get(`/works/${second}`)).text();
      expect(pageText(page2)).toContain(`Part 2 of ${seriesTitle}`);
      expect(page2).toMatch(new RegExp(`<a href="/works/${first}" rel="prev">← Previous part: ${one}</a>`));
      expect(page2).not.toMatch(/Next part/);

      const series = await (await reader.get(`/series/${seriesId}`)).text();
      expect(listedOrder(series, [two, one])).toEqual([one, two]);
      const text = pageText(series);
      expect(text).toMatch(new RegExp(`Part 1 .*${one}.*Where it starts\\..*Part 2 .*${two}.*Where it goes on\\.`));
      expect(text).toContain('Works 2');
    });

    it('puts a work at the position given, moving the later parts down', async () => {
      const seriesId = await createSeriesForm(author);
      const [a, b, c] = [unique('A '), unique('B '), unique('C ')];
      await postWorkForm(author, { title: a, series_id: String(seriesId) });
      await postWorkForm(author, { title: b, series_id: String(seriesId) });
      const inserted = await postWorkForm(author, { title: c, series_id: String(seriesId), series_position: '1' });
      expect(listedOrder(await (await author.get(`/series/${seriesId}`)).text(), [a, b, c])).toEqual([c, a, b]);
      expect(pageText(await (await author.get(`/works/${inserted}`)).text())).toContain('Part 1 of');
    });

    it('starts a new series from the work form', async () => {
      const seriesTitle = unique('Fresh ');
      const id = await postWorkForm(author, { new_series_title: seriesTitle });
      expect(pageText(await (await t().browser().get(`/works/${id}`)).text())).toContain(`Part 1 of ${seriesTitle}`);
    });

    it('reorders parts and saves the series fields from the edit form', async () => {
      const seriesId = await createSeriesForm(author);
      const [a, b, c] = [unique('A '), unique('B '), unique('C ')];
      const ids = [];
      for (const title of [a, b, c]) ids.push(await postWorkForm(author, { title, series_id: String(seriesId) }));
      const form = await (await author.get(`/series/${seriesId}/edit`)).text();
      for (const id of ids) expect(form).toContain(`name="part_${id}"`);

      const title = unique('Renamed ');
      const response = await author.post(`/series/${seriesId}/edit`, {
        title,
        summary: 'New description.',
        notes: '',
        complete: '1',
        [`part_${ids[0]}`]: '3',
        [`part_${ids[1]}`]: '1',
        [`part_${ids[2]}`]: '2',
      });
      expect(response.status).toBe(303);
      const html = await (await t().browser().get(`/series/${seriesId}`)).text();
      expect(listedOrder(html, [a, b, c])).toEqual([b, c, a]);
      const text = pageText(html);
      expect(text).toContain(title);
      expect(text).toContain('New description.');
      expect(text).toContain('Complete Yes');
      expect(pageText(await (await t().browser().get(`/works/${ids[0]}`)).text())).toContain(`Part 3 of ${title}`);
      expect(pageText(await (await t().browser().get(`/works/${ids[1]}`)).text())).toContain(`Part 1 of ${title}`);

      const bad = await author.post(`/series/${seriesId}/edit`, { title: '', summary: 'Kept.', notes: '' });
      expect(bad.status).toBe(422);
      expect(fieldError(await bad.text(), 'title')).toBe('Give the series a title.');
    });

    it('deletes a series but keeps its works, and answers 410 afterwards', async () => {
      const seriesTitle = unique('Short-lived ');
      const seriesId = await createSeriesForm(author, { title: seriesTitle });
      const first = await postWorkForm(author, { series_id: String(seriesId), body: '<p>Survivor one.</p>' });
      const second = await postWorkForm(author, { series_id: String(seriesId), body: '<p>Survivor two.</p>' });
      expect((await author.get(`/series/${seriesId}/delete`)).status).toBe(200);
      const response = await author.post(`/series/${seriesId}/delete`);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/users/${username}/series`);
      expect((await t().browser().get(`/series/${seriesId}`)).status).toBe(410);
      expect((await author.get(`/series/${seriesId}/edit`)).status).toBe(410);
      for (const [id, body] of [[first, 'Survivor one.'], [second, 'Survivor two.']] as const) {
        const page = await t().browser().get(`/works/${id}`);
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(pageText(html)).toContain(body);
        expect(html).not.toContain(seriesTitle);
        expect(html).not.toMatch(/Next part|Previous part/);
      }
      expect(await (await t().browser().get(`/users/${username}`)).text()).not.toContain(seriesTitle);
    });

    it('renumbers the later parts when a part is deleted', async () => {
      const seriesTitle = unique('Renumbered ');
      const seriesId = await createSeriesForm(author, { title: seriesTitle });
      const first = await postWorkForm(author, { series_id: String(seriesId) });
      const second = await postWorkForm(author, { series_id: String(seriesId) });
      expect((await author.post(`/works/${first}/delete`)).status).toBe(303);
      const html = await (await t().browser().get(`/works/${second}`)).text();
      expect(pageText(html)).toContain(`Part 1 of ${seriesTitle}`);
      expect(html).not.toMatch(/Previous part/);
      expect(pageText(await (await t().browser().get(`/series/${seriesId}`)).text())).toContain('Works 1');
    });

    it('refuses someone else’s series edit and delete with 403, and their works cannot join it', async () => {
      const title = unique('Private ');
      const seriesId = await createSeriesForm(author, { title });
      const part = unique('Only part ');
      await postWorkForm(author, { title: part, series_id: String(seriesId) });
      const other = t().browser();
      await t().signUp(other);
      expect((await other.get(`/series/${seriesId}/edit`)).status).toBe(403);
      expect((await other.post(`/series/${seriesId}/edit`, { title: 'Taken over', summary: '', notes: '' })).status).toBe(403);
      expect((await other.get(`/series/${seriesId}/delete`)).status).toBe(403);
      expect((await other.post(`/series/${seriesId}/delete`)).status).toBe(403);
      expect((await t().browser().get(`/series/${seriesId}/edit`)).status).toBe(401);

      const intruder = unique('Intruder ');
      const joined = await other.post('/works', workFormFields({ title: intruder, series_id: String(seriesId) }));
      expect(joined.status).toBe(422);
      expect(fieldError(await joined.text(), 'series_id')).toBe('You can only add works to your own series.');
      const html = await (await t().browser().get(`/series/${seriesId}`)).text();
      expect(pageText(html)).toContain(title);
      expect(html).toContain(part);
      expect(html).not.toContain(intruder);
      expect((await t().browser().get('/series/99999999')).status).toBe(404);
    });

    it('leaves draft parts out for readers and out of the series navigation', async () => {
      const seriesId = await createSeriesForm(author);
      const [a, draft, c] = [unique('Posted A '), unique('Draft B '), unique('Posted C ')];
      const first = await postWorkForm(author, { title: a, series_id: String(seriesId) });
      await postWorkForm(author, { title: draft, series_id: String(seriesId), action: 'draft' });
      const third = await postWorkForm(author, { title: c, series_id: String(seriesId) });
      const reader = t().browser();
      const series = await (await reader.get(`/series/${seriesId}`)).text();
      expect(series).not.toContain(draft);
      expect(await (await author.get(`/series/${seriesId}`)).text()).toContain(draft);
      expect(await (await reader.get(`/works/${first}`)).text()).toMatch(new RegExp(`href="/works/${third}" rel="next"`));
    });
  });
});
