import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, unique, type ApiErrorJson, type WorkJson } from '../../test/helpers.js';

type ListJson = { items: WorkJson[]; total: number; next: string | null };

forEachDatabase((t) => {
  let token: string;
  const n = (name: string) => `${name} ${unique('l')}`;
  const meta = n('Meta Fandom');
  const sub = n('Sub Fandom');
  const canon = n('Canon Character');
  const syn = n('Synonym Character');
  const other = n('Other Tag');
  const mark = n('Marker');
  const ids: Record<string, number> = {};

  async function list(query: string): Promise<ListJson> {
    const response = await t().api('GET', `/api/v1/works?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as ListJson;
  }
  const titles = (l: ListJson) => l.items.map((w) => w.title);

  beforeAll(async () => {
    const admin = await t().apiUser({ admin: true });
    token = admin.token;
    const post = async (key: string, overrides: Record<string, unknown>) => {
      ids[key] = (await postWork(t(), token, { title: `${key} work`, ...overrides })).id;
    };
    const body = (words: number) => [{ title: 'One', body: `<p>${Array.from({ length: words }, () => 'word').join(' ')}</p>` }];
    await post('A', { fandoms: [sub], characters: [syn], freeforms: [mark], rating: 'Mature', chapters: body(10) });
    await post('B', { fandoms: [meta], characters: [canon], freeforms: [mark], rating: 'General Audiences', chapters: body(50) });
    await post('C', { fandoms: [sub], characters: ['Nobody'], freeforms: [mark, other], rating: 'Explicit', chapters: body(30) });
    await post('D', { fandoms: ['Unrelated'], characters: [canon], freeforms: [mark], rating: 'Mature', chapters: body(5) });
    const patch = async (name: string, json: unknown) => expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token, json })).status).toBe(200);
    await patch(meta, { canonical: true });
    await patch(sub, { canonical: true, add_parents: [meta] });
    await patch(canon, { canonical: true });
    await patch(syn, { synonym_of: canon });
  });

  describe('tag filters', () => {
    it('includes two tags, one reached through a meta tag and one through a synonym (all must match)', async () => {
      const l = await list(`tags=${encodeURIComponent(`${meta},${canon}`)}`);
      expect(titles(l).sort()).toEqual(['A work', 'B work']);
      expect(l.total).toBe(2);
      expect(titles(await list(`tags=${encodeURIComponent(syn)}`)).sort()).toEqual(['A work', 'B work', 'D work']);
    });
    it('excludes a tag and its sub tags', async () => {
      const l = await list(`tags=${encodeURIComponent(mark)}&exclude_tags=${encodeURIComponent(meta)}`);
      expect(titles(l)).toEqual(['D work']);
      expect(titles(await list(`tags=${encodeURIComponent(mark)}&exclude_tags=${encodeURIComponent(other)}`)).sort()).toEqual(['A work', 'B work', 'D work']);
    });
  });

  describe('other filters and sorting', () => {
    const base = () => `tags=${encodeURIComponent(mark)}`;
    it('filters by rating, word range and completion', async () => {
      expect(titles(await list(`${base()}&ratings=Mature`)).sort()).toEqual(['A work', 'D work']);
      expect(titles(await list(`${base()}&ratings=Mature,Explicit`)).sort()).toEqual(['A work', 'C work', 'D work']);
      expect(titles(await list(`${base()}&words_from=10&words_to=30`)).sort()).toEqual(['A work', 'C work']);
      const complete = await list(`${base()}&complete=true`);
      const incomplete = await list(`${base()}&complete=false`);
      expect(complete.total + incomplete.total).toBe(4);
      expect(complete.items.every((w) => (w as unknown as { complete: boolean }).complete === true)).toBe(true);
    });
    it('sorts by words, title and kudos both ways', async () => {
      expect(titles(await list(`${base()}&sort=words&order=asc`))).toEqual(['D work', 'A work', 'C work', 'B work']);
      expect(titles(await list(`${base()}&sort=words`))).toEqual(['B work', 'C work', 'A work', 'D work']);
      expect(titles(await list(`${base()}&sort=title`))).toEqual(['A work', 'B work', 'C work', 'D work']);
      expect(titles(await list(`${base()}&sort=title&order=desc`))).toEqual(['D work', 'C work', 'B work', 'A work']);
      const reader = await t().apiUser();
      expect((await t().api('POST', `/api/v1/works/${ids.C}/kudos`, { token: reader.token })).status).toBeLessThan(300);
      expect(titles(await list(`${base()}&sort=kudos`))[0]).toBe('C work');
      expect(titles(await list(`${base()}&sort=kudos&order=asc`))[3]).toBe('C work');
    });
    it('pages agree with the total', async () => {
      const first = await list(`${base()}&sort=title&limit=3`);
      expect(first.total).toBe(4);
      expect(first.items).toHaveLength(3);
      const second = await list(`${base()}&sort=title&limit=3&cursor=${first.next}`);
      expect(second.total).toBe(4);
      expect(second.next).toBeNull();
      expect([...titles(first), ...titles(second)]).toEqual(['A work', 'B work', 'C work', 'D work']);
    });
  });

  describe('bad input', () => {
    it('answers 422 with fields on the API', async () => {
      const response = await t().api('GET', '/api/v1/works?ratings=Awful&sort=zzz&words_from=x&date_from=2020-13-01');
      expect(response.status).toBe(422);
      const body = (await response.json()) as ApiErrorJson;
      expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['date_from', 'ratings', 'sort', 'words_from']);
    });
    it('shows a message on the page with the listing still rendered', async () => {
      const response = await t().browser().get(`/works?sort=zzz&tags=${encodeURIComponent(mark)}&ratings=Explicit`);
      expect(response.status).toBe(422);
      const text = pageText(await response.text());
      expect(text).toContain('Sort by one of');
      expect(text).toContain('C work');
      expect(text).not.toContain('A work');
    });
    it('filters the page and keeps the filters in the form', async () => {
      const response = await t().browser().get(`/works?tags=${encodeURIComponent(meta)}&sort=title`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(pageText(html)).toContain('1–3 of 3 works');
      expect(html).toContain('<form method="get" action="/works"');
    });
  });
  describe('tag pages, muting, warnings and dates', () => {
    it('filters the works under a tag, keeping filters through the synonym redirect', async () => {
      const browser = t().browser();
      const response = await browser.get(`/tags/${encodeURIComponent(meta)}/works?ratings=Explicit`);
      expect(response.status).toBe(200);
      const text = pageText(await response.text());
      expect(text).toContain('1–1 of 1 works');
      expect(text).toContain('C work');
      expect(text).not.toContain('A work');
      const redirect = await t().app.request(`/tags/${encodeURIComponent(syn)}/works?ratings=Mature`);
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toContain('?ratings=Mature');
      const bad = await browser.get(`/tags/${encodeURIComponent(meta)}/works?words_from=lots`);
      expect(bad.status).toBe(422);
      const badText = pageText(await bad.text());
      expect(badText).toContain('Word counts are whole numbers');
      expect(badText).toContain('C work');
    });
    it('leaves muted authors out of the page and the total alike', async () => {
      const reader = await t().apiUser();
      const other = await t().apiUser();
      await postWork(t(), other.token, { title: 'Muted work', freeforms: [mark] });
      expect((await list(`tags=${encodeURIComponent(mark)}`)).total).toBe(5);
      const muted = await t().api('POST', '/api/v1/mutes', { token: reader.token, json: { username: other.user.username } });
      expect(muted.status).toBeLessThan(300);
      const response = await t().api('GET', `/api/v1/works?tags=${encodeURIComponent(mark)}`, { token: reader.token });
      const body = (await response.json()) as ListJson;
      expect(body.total).toBe(4);
      expect(titles(body)).not.toContain('Muted work');
    });
    it('filters by warnings and update dates', async () => {
      const base = `tags=${encodeURIComponent(mark)}`;
      expect((await list(`${base}&warnings=${encodeURIComponent('No Archive Warnings Apply')}`)).total).toBeGreaterThan(0);
      expect((await list(`${base}&exclude_warnings=${encodeURIComponent('No Archive Warnings Apply')}`)).total).toBe(0);
      const today = new Date().toISOString().slice(0, 10);
      expect((await list(`${base}&date_from=${today}&date_to=${today}`)).total).toBeGreaterThan(0);
      expect((await list(`${base}&date_to=2001-01-01`)).total).toBe(0);
    });
    it('filters single-chapter works (runs last: it adds a work)', async () => {
      const base = `tags=${encodeURIComponent(mark)}`;
      await postWork(t(), token, { title: 'Two chapter work', freeforms: [mark], chapters: [{ title: 'One', body: '<p>a</p>' }, { title: 'Two', body: '<p>b</p>' }] });
      expect(titles(await list(base))).toContain('Two chapter work');
      const single = await list(`${base}&single_chapter=true`);
      expect(titles(single)).not.toContain('Two chapter work');
      expect(single.total).toBe((await list(base)).total - 1);
    });
  });
});
