import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities, forEachDatabase, pageText, postWork, unique } from '../../test/helpers.js';

type QueueJson = { fandom: string | null; fandoms: { name: string; unwrangled_count: number }[]; items: { name: string; kind: string; uses: number }[]; next: string | null };
type LogJson = { items: { wrangler: string | null; tag: { name: string }; action: string; details: Record<string, unknown>; description: string }[]; next: string | null };
type SuggestJson = { items: { name: string; kind: string; matched: string }[] };

const enc = encodeURIComponent;

forEachDatabase((t) => {
  const n = (name: string) => `${name} ${unique('w')}`;
  let admin: { token: string; username: string };
  let wrangler: { token: string; username: string };
  let reader: { token: string };
  const fandom = n('Quarry Town');
  const character = n('Mason Reed');
  const relationship = n('Mason Reed/Ida Quill');
  const freeform = n('Dust everywhere');
  const looseFandom = n('Quarry Towne');

  async function get<T>(path: string, token: string): Promise<T> {
    const response = await t().api('GET', path, { token });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    const a = await t().apiUser({ admin: true });
    admin = { token: a.token, username: a.user.username };
    const w = await t().apiUser();
    wrangler = { token: w.token, username: w.user.username };
    reader = { token: (await t().apiUser()).token };
    expect((await t().api('PATCH', `/api/v1/users/${wrangler.username}`, { token: admin.token, json: { wrangler: true } })).status).toBe(200);
    await postWork(t(), reader.token, { fandoms: [fandom], characters: [character], relationships: [relationship], freeforms: [freeform] });
    await postWork(t(), reader.token, { fandoms: [fandom, looseFandom], characters: [character], freeforms: [] });
    expect((await t().api('PATCH', `/api/v1/tags/${enc(fandom)}`, { token: wrangler.token, json: { canonical: true } })).status).toBe(200);
  });

  describe('the queue', () => {
    it('lists a canonical fandom with its unwrangled tags, counted, and the unwrangled fandoms', async () => {
      const top = await get<QueueJson>('/api/v1/wrangling/queue', wrangler.token);
      expect(top.fandom).toBeNull();
      expect(top.fandoms).toContainEqual({ name: fandom, unwrangled_count: 3 });
      expect(top.items.map((i) => i.name)).toContain(looseFandom);
      expect(top.items.map((i) => i.name)).not.toContain(fandom);

      const queue = await get<QueueJson>(`/api/v1/wrangling/queue?fandom=${enc(fandom.toUpperCase())}`, wrangler.token);
      expect(queue.fandom).toBe(fandom);
      expect(queue.items).toEqual([
        { name: character, kind: 'character', uses: 2, url: `http://archive.test/tags/${enc(character)}` },
        { name: freeform, kind: 'freeform', uses: 1, url: `http://archive.test/tags/${enc(freeform)}` },
        { name: relationship, kind: 'relationship', uses: 1, url: `http://archive.test/tags/${enc(relationship)}` },
      ]);
      const characters = await get<QueueJson>(`/api/v1/wrangling/queue?fandom=${enc(fandom)}&kind=character`, wrangler.token);
      expect(characters.items.map((i) => i.name)).toEqual([character]);
    });

    it('refuses readers (403) and guests (401), and answers 422 for a fandom that is not canonical or a bad kind', async () => {
      expect((await t().api('GET', '/api/v1/wrangling/queue', { token: reader.token })).status).toBe(403);
      expect((await t().api('GET', '/api/v1/wrangling/queue')).status).toBe(401);
      expect((await t().api('GET', '/api/v1/wrangling/log', { token: reader.token })).status).toBe(403);
      expect((await t().api('GET', `/api/v1/wrangling/queue?fandom=${enc(looseFandom)}`, { token: wrangler.token })).status).toBe(422);
      expect((await t().api('GET', `/api/v1/wrangling/queue?fandom=${enc(fandom)}&kind=fandom`, { token: wrangler.token })).status).toBe(422);
      expect((await t().api('GET', `/api/v1/wrangling/queue?cursor=nonsense`, { token: wrangler.token })).status).toBe(422);
      const browser = t().browser();
      await t().signUp(browser);
      expect((await browser.get('/wrangling')).status).toBe(403);
      expect((await browser.get('/wrangling/log')).status).toBe(403);
    });

    it('pages through fandom queues with a keyset cursor', async () => {
      const many = n('Paged Fandom');
      await postWork(t(), reader.token, { fandoms: [many], characters: Array.from({ length: 60 }, (_, i) => `${many} person ${String(i).padStart(2, '0')}`), freeforms: [] });
      expect((await t().api('PATCH', `/api/v1/tags/${enc(many)}`, { token: wrangler.token, json: { canonical: true } })).status).toBe(200);
      const first = await get<QueueJson>(`/api/v1/wrangling/queue?fandom=${enc(many)}`, wrangler.token);
      expect(first.items).toHaveLength(50);
      expect(first.next).not.toBeNull();
      const second = await get<QueueJson>(`/api/v1/wrangling/queue?fandom=${enc(many)}&cursor=${first.next}`, wrangler.token);
      expect(second.items).toHaveLength(10);
      expect(second.next).toBeNull();
      expect(new Set([...first.items, ...second.items].map((i) => i.name)).size).toBe(60);
    });

    it('wrangles from the queue page: canonical, synonym, add to fandom; errors stay in their row', async () => {
      // The page session of a second wrangler, appointed by the admin.
      const pageWrangler = t().browser();
      const signed = await t().signUp(pageWrangler);
      expect((await t().api('PATCH', `/api/v1/users/${signed.username}`, { token: admin.token, json: { wrangler: true } })).status).toBe(200);

      const page = await pageWrangler.get(`/wrangling?fandom=${enc(fandom)}`);
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).toContain(`Unwrangled tags in ${fandom}`);
      expect(text).toContain(`${character} character · 2 uses`);

      const back = `/wrangling?fandom=${enc(fandom)}`;
      const bad = await pageWrangler.post(`/wrangling/tags/${enc(relationship)}`, { action: 'synonym', synonym_of: 'No Such Tag Here', return_to: back });
      expect(bad.status).toBe(422);
      const badHtml = decodeEntities(await bad.text());
      expect(badHtml).toContain('There is no tag called “No Such Tag Here”.');
      expect(badHtml).toContain('value="No Such Tag Here"');

      const canonical = await pageWrangler.post(`/wrangling/tags/${enc(character)}`, { action: 'parent', parent: fandom, return_to: back });
      expect(canonical.status).toBe(303);
      expect(canonical.headers.get('location')).toBe(back);
      const synonym = await pageWrangler.post(`/wrangling/tags/${enc(freeform)}`, { action: 'canonical', return_to: 'https://elsewhere.example/' });
      expect(synonym.headers.get('location')).toBe('/wrangling');

      const queue = await get<QueueJson>(`/api/v1/wrangling/queue?fandom=${enc(fandom)}`, wrangler.token);
      expect(queue.items.map((i) => i.name)).toEqual([relationship]);
      const tag = (await (await t().api('GET', `/api/v1/tags/${enc(character)}`)).json()) as { canonical: boolean; parents: { name: string }[] };
      expect(tag).toMatchObject({ canonical: true, parents: [{ name: fandom, kind: 'fandom' }] });

      const log = await get<LogJson>(`/api/v1/wrangling/log?wrangler=${enc(signed.username)}`, wrangler.token);
      expect(log.items.map((e) => [e.tag.name, e.action, e.description])).toEqual([
        [freeform, 'make_canonical', 'Made canonical'],
        [character, 'add_parent', `Added parent “${fandom}”`],
        [character, 'make_canonical', 'Made canonical'],
      ]);
      expect(log.items.every((e) => e.wrangler === signed.username)).toBe(true);

      const logPage = pageText(await (await pageWrangler.get(`/wrangling/log?tag=${enc(character)}`)).text());
      expect(logPage).toContain(`${signed.username} ${character} Added parent “${fandom}”`);
      const unknown = await pageWrangler.get('/wrangling/log?wrangler=nobody_at_all_here');
      expect(unknown.status).toBe(422);
      expect(pageText(await unknown.text())).toContain('There is no account called “nobody_at_all_here”.');
    });
  });

  describe('autocomplete', () => {
    it('suggests canonical tags by prefix, any case, resolving synonyms, of one kind when asked', async () => {
      const base = n('Lanternlight');
      const synonymName = `${base} Alt`;
      await postWork(t(), reader.token, { fandoms: [base], characters: [`${base} Keeper`, synonymName], freeforms: [] });
      await t().api('PATCH', `/api/v1/tags/${enc(`${base} Keeper`)}`, { token: wrangler.token, json: { canonical: true } });
      await t().api('PATCH', `/api/v1/tags/${enc(synonymName)}`, { token: wrangler.token, json: { synonym_of: `${base} Keeper` } });
      await t().api('PATCH', `/api/v1/tags/${enc(base)}`, { token: wrangler.token, json: { canonical: true } });

      const all = (await (await t().api('GET', `/api/v1/tags?q=${enc(base.toUpperCase())}`)).json()) as SuggestJson;
      expect(all.items).toEqual([
        { name: base, kind: 'fandom', matched: base },
        { name: `${base} Keeper`, kind: 'character', matched: synonymName },
      ]);
      const fandoms = (await (await t().api('GET', `/api/v1/tags?q=${enc(base)}&kind=fandom`)).json()) as SuggestJson;
      expect(fandoms.items.map((i) => i.name)).toEqual([base]);
      expect(((await (await t().api('GET', '/api/v1/tags?q=')).json()) as SuggestJson).items).toEqual([]);
      expect((await t().api('GET', `/api/v1/tags?q=a&kind=rating`)).status).toBe(422);
      // Unwrangled tags are never suggested.
      expect(((await (await t().api('GET', `/api/v1/tags?q=${enc(relationship)}`)).json()) as SuggestJson).items).toEqual([]);
    });
  });
});
