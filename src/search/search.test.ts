import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, type TestContext, type WorkJson } from '../../test/helpers.js';
import { clearSearchIndex } from './search.queries.js';
import { rebuildSearchIndex } from './search.js';

// Search on both engines: what is found, what is not, ranking, hostile input, muting and the rebuild.

interface WorkList {
  items: WorkJson[];
  total: number;
  next: string | null;
}

/** A word no other test uses, letters only so that every tokenizer keeps it whole. */
function word(): string {
  return 'q' + crypto.randomBytes(6).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
}

const HOSTILE = [
  '',
  '-',
  '"',
  '""',
  '-"',
  '"unbalanced phrase',
  '*',
  'lamp*',
  'NEAR(lamp keeper)',
  'lamp NEAR keeper',
  '^lamp',
  ':',
  'title:',
  'title:"',
  'a:b:c',
  '()',
  '(lamp',
  'lamp OR keeper',
  'AND',
  'NOT lamp',
  'lamp & keeper | !dusk',
  'lamp <-> keeper',
  "'; drop table works; --",
  '\\',
  '{title}: lamp',
  '\u0000lamp',
  '🦉 lighthouse',
  'x'.repeat(5000),
  'lamp '.repeat(200),
];

describe('search', () => {
  forEachDatabase((t: () => TestContext) => {
    async function search(q: string, extra = '', token?: string): Promise<WorkList> {
      const response = await t().api('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, token ? { token } : {});
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as WorkList;
    }
    const ids = (list: WorkList) => list.items.map((w) => w.id);

    it('finds works by a title word, a phrase, an author, a tag and a series title', async () => {
      const [w1, w2, tagWord, seriesWord] = [word(), word(), word(), word()];
      const username = word();
      const { token } = await t().apiUser({ username });
      const work = await postWork(t(), token, { title: `The ${w1} harbour ${w2}`, freeforms: [`Found ${tagWord}`], series: { title: `Saga of ${seriesWord}` } });
      expect(ids(await search(w1))).toEqual([work.id]);
      expect(ids(await search(`"${w1} harbour"`))).toEqual([work.id]);
      expect(ids(await search(`"harbour ${w1}"`))).toEqual([]);
      expect(ids(await search(username))).toEqual([work.id]);
      expect(ids(await search(`author:${username}`))).toEqual([work.id]);
      expect(ids(await search(`tag:${tagWord}`))).toEqual([work.id]);
      expect(ids(await search(seriesWord))).toEqual([work.id]);
      expect(ids(await search(`series:${seriesWord}`))).toEqual([work.id]);
      // Every word must match.
      expect(ids(await search(`${w1} ${word()}`))).toEqual([]);
    });

    it('leaves out excluded terms and honours field restrictions', async () => {
      const [shared, extra] = [word(), word()];
      const { token } = await t().apiUser();
      const inTitle = await postWork(t(), token, { title: `${shared} ${extra}` });
      const inSummary = await postWork(t(), token, { title: 'Plain', summary: `About ${shared}.` });
      expect(new Set(ids(await search(shared)))).toEqual(new Set([inTitle.id, inSummary.id]));
      expect(ids(await search(`${shared} -${extra}`))).toEqual([inSummary.id]);
      expect(ids(await search(`${shared} -title:${extra}`))).toEqual([inSummary.id]);
      expect(ids(await search(`title:${shared}`))).toEqual([inTitle.id]);
      expect(ids(await search(`tag:${shared}`))).toEqual([]);
    });

    it('ranks a title match above a summary match, and sort=updated puts the newest update first', async () => {
      const w = word();
      const { token } = await t().apiUser();
      const titled = await postWork(t(), token, { title: `Tale of ${w}` });
      const summarised = await postWork(t(), token, { title: 'Elsewhere', summary: `Nothing here but ${w}, once.` });
      expect(ids(await search(w))).toEqual([titled.id, summarised.id]);
      expect(ids(await search(w, '&sort=updated'))).toEqual([summarised.id, titled.id]);
    });

    it('indexes only posted, undeleted works: a draft appears when posted, a deleted work disappears', async () => {
      const [d, g] = [word(), word()];
      const { token } = await t().apiUser();
      const draft = await postWork(t(), token, { title: `Draft ${d}`, draft: true });
      expect((await search(d)).total).toBe(0);
      expect((await t().api('PATCH', `/api/v1/works/${draft.id}`, { token, json: { draft: false } })).status).toBe(200);
      expect(ids(await search(d))).toEqual([draft.id]);
      const gone = await postWork(t(), token, { title: `Gone ${g}` });
      expect(ids(await search(g))).toEqual([gone.id]);
      expect((await t().api('DELETE', `/api/v1/works/${gone.id}`, { token })).status).toBe(204);
      expect(await search(g)).toMatchObject({ items: [], total: 0, next: null });
    });

    it('re-indexes on edits: a new title is found by its new word, not the old; tags and series too', async () => {
      const [before, after, tagWord, seriesOld, seriesNew] = [word(), word(), word(), word(), word()];
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: `Called ${before}`, series: { title: `Cycle ${seriesOld}` } });
      const seriesId = work.series[0]!.id;
      await t().api('PATCH', `/api/v1/works/${work.id}`, { token, json: { title: `Called ${after}`, freeforms: [`Now ${tagWord}`] } });
      expect((await search(before)).total).toBe(0);
      expect(ids(await search(after))).toEqual([work.id]);
      expect(ids(await search(`tag:${tagWord}`))).toEqual([work.id]);
      expect((await t().api('PATCH', `/api/v1/series/${seriesId}`, { token, json: { title: `Cycle ${seriesNew}` } })).status).toBe(200);
      expect((await search(seriesOld)).total).toBe(0);
      expect(ids(await search(seriesNew))).toEqual([work.id]);
      await t().api('PATCH', `/api/v1/works/${work.id}`, { token, json: { leave_series: [seriesId] } });
      expect((await search(seriesNew)).total).toBe(0);
    });

    it('answers every hostile query with 200 or a 422 that explains, never a 500', async () => {
      const { token } = await t().apiUser();
      await postWork(t(), token, { title: 'The lamp keeper', summary: 'A lighthouse at dusk.' });
      for (const q of HOSTILE) {
        for (const path of [`/api/v1/search?q=${encodeURIComponent(q)}`, `/search?q=${encodeURIComponent(q)}`]) {
          const response = await t().api('GET', path);
          expect([200, 422], `${path.slice(0, 60)} → ${response.status}`).toContain(response.status);
          if (response.status === 422 && path.startsWith('/api')) {
            const body = (await response.json()) as { error: { fields?: { q?: string } } };
            expect(body.error.fields?.q).toMatch(/\w{3,}/);
          }
        }
      }
      expect((await t().api('GET', `/api/v1/search?q=${'x'.repeat(5000)}`)).status).toBe(422);
      expect((await t().api('GET', '/api/v1/search?q=')).status).toBe(422);
      expect((await t().api('GET', '/api/v1/search')).status).toBe(422);
      // Syntax characters are dropped, not obeyed: these still find the work by its plain words.
      const lampKeeper = await postWork(t(), token, { title: `Lamp keeper ${word()}`, summary: 'At dusk.' });
      for (const q of ['lamp* keeper^', '"lamp keeper', '(lamp) keeper:']) expect(ids(await search(q)), q).toContain(lampKeeper.id);
    });

    it('pages by cursor in the API, with the total, and refuses a bad cursor', async () => {
      const w = word();
      const { token } = await t().apiUser();
      const posted: number[] = [];
      for (let i = 0; i < 3; i++) posted.push((await postWork(t(), token, { title: `Part ${w}` })).id);
      const first = await search(w, '&limit=2&sort=updated');
      expect(first.total).toBe(3);
      expect(ids(first)).toEqual([posted[2], posted[1]]);
      const second = await search(w, `&limit=2&sort=updated&cursor=${encodeURIComponent(first.next!)}`);
      expect(second).toMatchObject({ total: 3, next: null });
      expect(ids(second)).toEqual([posted[0]]);
      expect((await t().api('GET', `/api/v1/search?q=${w}&cursor=bogus`)).status).toBe(400);
    });

    it('leaves muted authors out of the results and the total', async () => {
      const w = word();
      const muted = await t().apiUser();
      const other = await t().apiUser();
      const reader = await t().apiUser();
      const hidden = await postWork(t(), muted.token, { title: `Muted ${w}` });
      const shown = await postWork(t(), other.token, { title: `Shown ${w}` });
      expect((await search(w, '', reader.token)).total).toBe(2);
      expect((await t().api('POST', '/api/v1/mutes', { token: reader.token, json: { username: muted.user.username } })).status).toBe(201);
      const list = await search(w, '', reader.token);
      expect(list).toMatchObject({ total: 1 });
      expect(ids(list)).toEqual([shown.id]);
      expect(ids(await search(w))).toContain(hidden.id);
    });

    it('shows results as blurbs on /search, and keeps a bad query in the form with a 422', async () => {
      const w = word();
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: `Blurb ${w}` });
      const browser = t().browser();
      const page = await browser.get(`/search?q=${w}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`href="/works/${work.id}"`);
      expect(pageText(html)).toContain('1–1 of 1 works, best match first');
      expect(html).toContain('action="/search"');
      const empty = await browser.get('/search');
      expect(empty.status).toBe(200);
      expect(pageText(await empty.text())).not.toContain('No works match');
      const bad = await browser.get('/search?q=%22');
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(badHtml).toContain('id="error-q"');
      expect(badHtml).toContain('value="&quot;"');
      const none = await browser.get(`/search?q=${word()}`);
      expect(pageText(await none.text())).toContain('No works match that search.');
    });

    it('rebuilds the whole index from scratch in batches', async () => {
      const [kept, deletedWord, draftWord] = [word(), word(), word()];
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: `Kept ${kept}` });
      const deleted = await postWork(t(), token, { title: `Deleted ${deletedWord}` });
      await t().api('DELETE', `/api/v1/works/${deleted.id}`, { token });
      await postWork(t(), token, { title: `Draft ${draftWord}`, draft: true });
      await clearSearchIndex(t().db);
      expect((await search(kept)).total).toBe(0);
      const batches: number[] = [];
      const indexed = await rebuildSearchIndex(t().db, { batchSize: 2, onBatch: (n) => batches.push(n) });
      const { n } = await t().db.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).where('posted', '=', 1).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
      expect(indexed).toBe(Number(n));
      expect(batches.length).toBe(Math.ceil(Number(n) / 2));
      expect(ids(await search(kept))).toEqual([work.id]);
      expect((await search(deletedWord)).total).toBe(0);
      expect((await search(draftWord)).total).toBe(0);
    });
  });
});
