import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, type WorkJson } from '../../test/helpers.js';

type Facets = {
  ratings: { value: string; count: number }[];
  warnings: { value: string; count: number }[];
  fandoms: { name: string; count: number }[];
  characters: { name: string; count: number }[];
  relationships: { name: string; count: number }[];
  freeforms: { name: string; count: number }[];
};
type ListJson = { items: WorkJson[]; total: number; facets: Facets | null; next: string | null };

// Facet counts, crossovers, search words combined with filters, author sort and page numbers: the API and the page
// answer the same works for the same query string.
forEachDatabase((t) => {
  let token: string;
  const n = (name: string) => `${name} ${unique('f')}`;
  const meta = n('Meta Saga');
  const subA = n('Saga Books');
  const subB = n('Saga Films');
  const lone = n('Lone Fandom');
  const synLone = n('Lone Synonym');
  const mark = n('Facet Marker');
  const word = unique('zq').replace(/[^a-z]/g, 'q');
  const sTitle = `${word} heading`;

  async function list(query: string, path = '/api/v1/works'): Promise<ListJson> {
    const response = await t().api('GET', `${path}?${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as ListJson;
  }
  const titles = (l: ListJson) => l.items.map((w) => w.title);
  const base = () => `tags=${encodeURIComponent(mark)}`;

  beforeAll(async () => {
    const wrangler = await t().apiUser({ admin: true });
    token = wrangler.token;
    const other = await t().apiUser({ username: `zz_${unique('a')}`.slice(0, 20) });
    const post = (key: string, overrides: Record<string, unknown>, as = token) => postWork(t(), as, { title: `${key} facet`, freeforms: [mark], ...overrides });
    // P: two sub fandoms of one meta fandom (not a crossover); Q: sub fandom + unrelated fandom (crossover);
    // R: a synonym of the lone fandom + the lone fandom itself (not a crossover); S: one fandom, with the search word.
    await post('P', { fandoms: [subA, subB], rating: 'Mature', summary: 'A quiet tale.' });
    await post('Q', { fandoms: [subA, lone], rating: 'General Audiences', summary: `Contains ${word} twice, ${word}.` });
    await post('R', { fandoms: [synLone, lone], rating: 'General Audiences', warnings: ['Major Character Death'] });
    await post('S', { title: sTitle, fandoms: [subB], rating: 'Teen And Up Audiences' }, other.token);
    const patch = async (name: string, json: unknown) => expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token, json })).status).toBe(200);
    await patch(subA, { canonical: true, add_parents: [meta] });
    await patch(subB, { canonical: true, add_parents: [meta] });
    await patch(lone, { canonical: true });
    await patch(synLone, { synonym_of: lone });
  });

  describe('facets', () => {
    it('counts the filtered works per rating, warning and tag, synonyms under their canonical tag', async () => {
      const l = await list(base());
      expect(l.total).toBe(4);
      const facets = l.facets!;
      const rating = (v: string) => facets.ratings.find((r) => r.value === v)?.count ?? 0;
      expect([rating('General Audiences'), rating('Mature'), rating('Teen And Up Audiences'), rating('Explicit')]).toEqual([2, 1, 1, 0]);
      expect(facets.warnings.find((w) => w.value === 'Major Character Death')?.count).toBe(1);
      const fandom = (name: string) => facets.fandoms.find((f) => f.name === name)?.count;
      expect(fandom(subA)).toBe(2);
      expect(fandom(subB)).toBe(2);
      // R carries both the synonym and the canonical tag: one work, counted once under the canonical name.
      expect(fandom(lone)).toBe(2);
      expect(fandom(synLone)).toBeUndefined();
      expect(facets.freeforms.find((f) => f.name === mark)?.count).toBe(4);
    });

    it('narrows with the filter, so counts are exact for what is listed', async () => {
      const l = await list(`${base()}&ratings=${encodeURIComponent('General Audiences')}`);
      expect(titles(l).sort()).toEqual(['Q facet', 'R facet']);
      expect(l.facets!.ratings).toEqual([{ value: 'General Audiences', count: 2 }]);
      expect(l.facets!.fandoms.find((f) => f.name === lone)?.count).toBe(2);
      expect(l.facets!.fandoms.find((f) => f.name === subB)).toBeUndefined();
    });

    it('shows the counts beside the filters on the page', async () => {
      const html = await (await t().browser().get(`/works?${base()}`)).text();
      expect(html).toMatch(/General Audiences<span class="facet-count"> \(2\)<\/span>/);
      expect(html).toContain(`${lone}<span class="facet-count"> (2)</span>`);
    });
  });

  describe('crossovers', () => {
    it('finds works with fandoms that share no meta tag, and leaves them out on request', async () => {
      expect(titles(await list(`${base()}&crossover=true`))).toEqual(['Q facet']);
      expect(titles(await list(`${base()}&crossover=false`)).sort()).toEqual(['P facet', 'R facet', sTitle]);
    });
  });

  describe('search words with filters', () => {
    it('combines q with tags and ratings, on /api/v1/works and /api/v1/search alike', async () => {
      expect(titles(await list(`${base()}&q=${word}`)).sort()).toEqual(['Q facet', sTitle]);
      const searched = await list(`q=${word}&ratings=${encodeURIComponent('Teen And Up Audiences')}`, '/api/v1/search');
      expect(titles(searched)).toEqual([sTitle]);
      expect(searched.facets!.ratings).toEqual([{ value: 'Teen And Up Audiences', count: 1 }]);
    });

    it('ranks a title match first by relevance, and sorts search results any listing way', async () => {
      expect(titles(await list(`q=${word}`, '/api/v1/search'))).toEqual([sTitle, 'Q facet']);
      expect(titles(await list(`q=${word}&sort=title&order=asc`, '/api/v1/search'))).toEqual(['Q facet', sTitle]);
    });

    it('answers 422 for a search without words, and for bad words inside filters', async () => {
      expect((await t().api('GET', '/api/v1/search?ratings=Mature')).status).toBe(422);
      expect((await t().api('GET', `/api/v1/works?${base()}&q=${'x'.repeat(600)}`)).status).toBe(422);
    });
  });

  describe('sorting and paging', () => {
    it('sorts by author name', async () => {
      const asc = titles(await list(`${base()}&sort=author&order=asc`));
      expect(asc.at(-1)).toBe(sTitle);
      expect(titles(await list(`${base()}&sort=author&order=desc`))[0]).toBe(sTitle);
    });

    it('pages by number and by cursor to the same works, and the page lists what the API lists', async () => {
      const all = titles(await list(`${base()}&sort=title&limit=4`));
      const second = await list(`${base()}&sort=title&limit=2&page=2`);
      expect(titles(second)).toEqual(all.slice(2));
      const first = await list(`${base()}&sort=title&limit=2`);
      expect(titles(await list(`${base()}&sort=title&limit=2&cursor=${first.next}`))).toEqual(all.slice(2));
      const html = await (await t().browser().get(`/works?${base()}&sort=title`)).text();
      const order = all.map((title) => html.indexOf(`>${title}<`));
      expect(order.every((i) => i > 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    });

    it('returns the shape {items, total, facets, next}', async () => {
      expect(Object.keys(await list(base())).sort()).toEqual(['facets', 'items', 'next', 'total']);
      expect(Object.keys(await list('')).sort()).toEqual(['facets', 'items', 'next', 'total']);
    });
  });
});
