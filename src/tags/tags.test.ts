import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities, forEachDatabase, pageText, postWork, unique, type TestContext } from '../../test/helpers.js';
import { findTagByKey, filterTagIdsFor, wranglingLogFor } from './tags.queries.js';

type TagJson = { name: string; kind: string; canonical: boolean; synonym_of: string | null; synonyms: string[]; parents: { name: string; kind: string }[]; children: { name: string; kind: string }[]; work_count: number };

const enc = encodeURIComponent;

forEachDatabase((t) => {
  let admin: { token: string };
  let wrangler: { token: string; username: string };
  let reader: { token: string; username: string };
  // Unique per database so names never meet a stale row.
  const n = (name: string) => `${name} ${unique('t')}`;

  async function patchTag(token: string, name: string, json: unknown): Promise<Response> {
    return t().api('PATCH', `/api/v1/tags/${enc(name)}`, { token, json });
  }
  async function wrangle(name: string, json: unknown): Promise<TagJson> {
    const response = await patchTag(wrangler.token, name, json);
    if (response.status !== 200) throw new Error(`wrangling ${name} failed with ${response.status}: ${await response.text()}`);
    return (await response.json()) as TagJson;
  }

  beforeAll(async () => {
    const a = await t().apiUser({ admin: true });
    admin = { token: a.token };
    const w = await t().apiUser();
    wrangler = { token: w.token, username: w.user.username };
    const r = await t().apiUser();
    reader = { token: r.token, username: r.user.username };
    const granted = await t().api('PATCH', `/api/v1/users/${wrangler.username}`, { token: admin.token, json: { wrangler: true } });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({ username: wrangler.username, wrangler: true });
  });

  describe('permissions', () => {
    it('refuses wrangling to readers (403) and guests (401), and appointing wranglers to non-administrators', async () => {
      const fandom = n('Permission Fandom');
      await postWork(t(), reader.token, { fandoms: [fandom] });
      expect((await patchTag(reader.token, fandom, { canonical: true })).status).toBe(403);
      expect((await t().api('PATCH', `/api/v1/tags/${enc(fandom)}`, { json: { canonical: true } })).status).toBe(401);
      expect((await t().api('PATCH', `/api/v1/users/${reader.username}`, { token: wrangler.token, json: { wrangler: true } })).status).toBe(403);
      expect((await findTagByKey(t().db, fandom.toLowerCase()))!.canonical).toBe(0);

      const browser = t().browser();
      await t().signUp(browser);
      const page = await browser.get(`/tags/${enc(fandom)}`);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('Wrangle this tag');
      expect((await browser.post(`/tags/${enc(fandom)}/wrangle`, { action: 'canonical', canonical: 'true' })).status).toBe(403);
      expect((await findTagByKey(t().db, fandom.toLowerCase()))!.canonical).toBe(0);
    });
  });

  describe('synonyms and meta tags', () => {
    const meta = n('Holmes & Related Fandoms');
    const sub = n('Sherlock (TV)');
    const synonym = n('BBC Sherlock');
    const character = n('Sherlock Holmes');
    const characterSynonym = n('Sherlock');
    const other = n('Unrelated Fandom');
    let viaSynonym: number;
    let viaCharacterSynonym: number;
    let unrelated: number;

    beforeAll(async () => {
      viaSynonym = (await postWork(t(), reader.token, { fandoms: [synonym] })).id;
      viaCharacterSynonym = (await postWork(t(), reader.token, { fandoms: [other], characters: [characterSynonym] })).id;
      unrelated = (await postWork(t(), reader.token, { fandoms: [other] })).id;
      // The canonical sub fandom must exist before it can be made canonical; a work introduces it.
      await postWork(t(), reader.token, { fandoms: [sub], characters: [character] });

      await wrangle(sub, { canonical: true, add_parents: [meta] });
      await wrangle(synonym, { synonym_of: sub });
      await wrangle(character, { canonical: true, add_parents: [sub] });
      await wrangle(characterSynonym, { synonym_of: character });
    });

    it('lists works tagged with the synonym of a sub tag (and of a sub tag’s sub tag) under the meta tag', async () => {
      const html = decodeEntities(await (await t().browser().get(`/tags/${enc(meta)}/works`)).text());
      expect(html).toContain(`/works/${viaSynonym}"`);
      expect(html).toContain(`/works/${viaCharacterSynonym}"`);
      expect(html).not.toContain(`/works/${unrelated}"`);
      expect(pageText(html)).toContain('1–3 of 3 works');

      // The fandom created as a parent is canonical and of kind fandom; the filters table says why.
      const metaTag = (await findTagByKey(t().db, meta.toLowerCase()))!;
      expect(metaTag).toMatchObject({ kind: 'fandom', canonical: 1 });
      const subTag = (await findTagByKey(t().db, sub.toLowerCase()))!;
      const synTag = (await findTagByKey(t().db, characterSynonym.toLowerCase()))!;
      const charTag = (await findTagByKey(t().db, character.toLowerCase()))!;
      expect(await filterTagIdsFor(t().db, synTag.id)).toEqual([metaTag.id, subTag.id, charTag.id].sort((a, b) => a - b));
    });

    it('takes a parent away again: the meta tag no longer lists those works', async () => {
      const extra = n('Extra Meta');
      await wrangle(sub, { add_parents: [extra] });
      expect(decodeEntities(await (await t().browser().get(`/tags/${enc(extra)}/works`)).text())).toContain(`/works/${viaSynonym}"`);
      await wrangle(sub, { remove_parents: [extra] });
      const html = decodeEntities(await (await t().browser().get(`/tags/${enc(extra)}/works`)).text());
      expect(html).not.toContain(`/works/${viaSynonym}"`);
      expect(pageText(html)).toContain('No works yet.');
    });

    it('leaves muted authors’ works out with the total agreeing', async () => {
      const muter = await t().apiUser();
      expect((await t().api('POST', '/api/v1/mutes', { token: muter.token, json: { username: reader.username } })).status).toBeLessThan(300);
      const other = await t().apiUser();
      const visible = (await postWork(t(), other.token, { fandoms: [sub] })).id;
      const tag = (await (await t().api('GET', `/api/v1/tags/${enc(meta)}`, { token: muter.token })).json()) as TagJson;
      expect(tag.work_count).toBe(1);
      const everyone = (await (await t().api('GET', `/api/v1/tags/${enc(meta)}`)).json()) as TagJson;
      expect(everyone.work_count).toBe(4);
      const browser = t().browser();
      await browser.get('/login');
      const login = await browser.post('/login', { login: muter.user.username, password: 'correct horse battery' });
      expect(login.status).toBe(303);
      const html = decodeEntities(await (await browser.get(`/tags/${enc(meta)}/works`)).text());
      expect(html).toContain(`/works/${visible}"`);
      expect(html).not.toContain(`/works/${viaSynonym}"`);
      expect(pageText(html)).toContain('1–1 of 1 works');
    });

    it('answers the API with the tag’s wrangling', async () => {
      const response = await t().api('GET', `/api/v1/tags/${enc(sub.toUpperCase())}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        name: sub,
        kind: 'fandom',
        canonical: true,
        synonym_of: null,
        synonyms: [synonym],
        parents: [{ name: meta, kind: 'fandom' }],
        children: [{ name: character, kind: 'character' }],
        work_count: 4,
      });
      const syn = (await (await t().api('GET', `/api/v1/tags/${enc(synonym)}`)).json()) as TagJson;
      expect(syn).toMatchObject({ canonical: false, synonym_of: sub, synonyms: [], parents: [], children: [], work_count: 1 });
      expect((await t().api('GET', `/api/v1/tags/${enc(n('No Such Tag'))}`)).status).toBe(404);
    });

    it('points a synonym’s page to the canonical tag, and its works listing there', async () => {
      const page = await t().browser().get(`/tags/${enc(synonym)}`);
      const html = decodeEntities(await page.text());
      expect(pageText(html)).toContain(`A synonym of ${sub}`);
      expect(html).toContain(`href="/tags/${enc(sub)}"`);
      const works = await t().browser().get(`/tags/${enc(synonym)}/works`);
      expect(works.status).toBe(302);
      expect(works.headers.get('location')).toBe(`/tags/${enc(sub)}/works`);
      // The author's own text stays on the work.
      const work = (await (await t().api('GET', `/api/v1/works/${viaSynonym}`)).json()) as { fandoms: string[] };
      expect(work.fandoms).toEqual([synonym]);
    });

    it('writes every action to the wrangling log', async () => {
      const subTag = (await findTagByKey(t().db, sub.toLowerCase()))!;
      const metaTag = (await findTagByKey(t().db, meta.toLowerCase()))!;
      const actions = (await wranglingLogFor(t().db, subTag.id, 50)).map((e) => [e.action, e.actor, JSON.parse(e.details)]).reverse();
      expect(actions.slice(0, 2)).toEqual([
        ['make_canonical', wrangler.username, {}],
        ['add_parent', wrangler.username, { parent: meta }],
      ]);
      expect(actions.map((a) => a[0])).toEqual(['make_canonical', 'add_parent', 'add_parent', 'remove_parent']);
      expect((await wranglingLogFor(t().db, metaTag.id)).map((e) => e.action)).toEqual(['create_canonical']);
      const synTag = (await findTagByKey(t().db, synonym.toLowerCase()))!;
      expect((await wranglingLogFor(t().db, synTag.id)).map((e) => [e.action, JSON.parse(e.details)])).toEqual([['make_synonym', { of: sub }]]);
    });
  });

  describe('refusals', () => {
    it('refuses a parent that would make a loop', async () => {
      const a = n('Loop A');
      const b = n('Loop B');
      const c = n('Loop C');
      await postWork(t(), reader.token, { fandoms: [a] });
      await wrangle(a, { canonical: true, add_parents: [b] });
      await wrangle(b, { add_parents: [c] });
      for (const [child, parent] of [[c, a], [a, a], [b, a]] as const) {
        const response = await patchTag(wrangler.token, child, { add_parents: [parent] });
        expect(response.status).toBe(422);
        expect(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields.add_parents).toMatch(/loop/);
      }
      const cTag = (await findTagByKey(t().db, c.toLowerCase()))!;
      expect(await filterTagIdsFor(t().db, cTag.id)).toEqual([cTag.id]);
    });

    it('renames a canonical tag only in case or accents', async () => {
      const name = n('pokemon');
      await postWork(t(), reader.token, { fandoms: [name] });
      await wrangle(name, { canonical: true });
      const renamed = await wrangle(name, { name: name.replace('pokemon', 'Pokémon') });
      expect(renamed.name).toBe(name.replace('pokemon', 'Pokémon'));
      const upper = await wrangle(renamed.name, { name: renamed.name.toUpperCase() });
      expect(upper.name).toBe(renamed.name.toUpperCase());
      const refused = await patchTag(wrangler.token, upper.name, { name: `${upper.name} Adventures` });
      expect(refused.status).toBe(422);
      expect((await (await t().api('GET', `/api/v1/tags/${enc(upper.name)}`)).json()) as TagJson).toMatchObject({ name: upper.name });
      expect((await wranglingLogFor(t().db, (await findTagByKey(t().db, upper.name.toLowerCase()))!.id)).map((e) => e.action)).toEqual(['rename', 'rename', 'make_canonical']);
    });

    it('refuses a synonym of a tag that is not canonical, and un-canonical with sub tags', async () => {
      const x = n('Plain X');
      const y = n('Plain Y');
      await postWork(t(), reader.token, { fandoms: [x, y] });
      const response = await patchTag(wrangler.token, x, { synonym_of: y });
      expect(response.status).toBe(422);
      await wrangle(y, { canonical: true, add_parents: [n('Parent Of Y')] });
      const uncanon = await patchTag(wrangler.token, y, { canonical: false });
      expect(uncanon.status).toBe(422);
      await wrangle(x, { synonym_of: y });
      const synonymCanonical = await patchTag(wrangler.token, x, { canonical: true });
      expect(synonymCanonical.status).toBe(422);
      expect((await findTagByKey(t().db, x.toLowerCase()))!.canonical).toBe(0);
    });
  });

  describe('the wrangling forms', () => {
    it('lets a wrangler make a tag canonical and keeps the text on a bad synonym (422)', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      expect((await t().api('PATCH', `/api/v1/users/${user.username}`, { token: admin.token, json: { wrangler: true } })).status).toBe(200);
      const tag = n('Form Fandom');
      const plain = n('Form Plain');
      await postWork(t(), reader.token, { fandoms: [tag, plain] });
      const page = await (await browser.get(`/tags/${enc(tag)}`)).text();
      expect(page).toContain('Wrangle this tag');
      const made = await browser.post(`/tags/${enc(tag)}/wrangle`, { action: 'canonical', canonical: 'true' });
      expect(made.status).toBe(303);
      expect((await findTagByKey(t().db, tag.toLowerCase()))!.canonical).toBe(1);

      const bad = await browser.post(`/tags/${enc(plain)}/wrangle`, { action: 'synonym', synonym_of: 'Nothing Like This Exists' });
      expect(bad.status).toBe(422);
      const html = decodeEntities(await bad.text());
      expect(html).toContain('value="Nothing Like This Exists"');
      expect(pageText(html)).toContain('There is no tag called “Nothing Like This Exists”.');

      const good = await browser.post(`/tags/${enc(plain)}/wrangle`, { action: 'synonym', synonym_of: tag });
      expect(good.status).toBe(303);
      expect((await findTagByKey(t().db, plain.toLowerCase()))!.synonym_of_id).toBe((await findTagByKey(t().db, tag.toLowerCase()))!.id);

      const parent = n('Form Parent');
      expect((await browser.post(`/tags/${enc(tag)}/wrangle`, { action: 'add_parents', add_parents: `${parent}, ` })).status).toBe(303);
      expect(await (await browser.get(`/tags/${enc(tag)}`)).text()).toContain(`Remove parent ${parent}`);
      expect((await browser.post(`/tags/${enc(tag)}/wrangle`, { action: 'remove_parent', parent })).status).toBe(303);
      expect(((await (await t().api('GET', `/api/v1/tags/${enc(tag)}`)).json()) as TagJson).parents).toEqual([]);
    });
  });
});

forEachDatabase((t) => {
  it('serves tags whose names hold slashes, ampersands and other characters', async () => {
    const { token } = await t().apiUser({ admin: true });
    const relationship = `Sherlock Holmes/John Watson ${unique('r')} & Co. #1 100%`;
    const work = await postWork(t(), token, { relationships: [relationship] });
    const api = await t().api('GET', `/api/v1/tags/${enc(relationship)}`);
    expect(api.status).toBe(200);
    expect(((await api.json()) as TagJson).name).toBe(relationship);
    const page = await t().browser().get(`/tags/${enc(relationship)}/works`);
    expect(page.status).toBe(200);
    expect(decodeEntities(await page.text())).toContain(`/works/${work.id}"`);
    // The link on the work's blurb leads here.
    expect(decodeEntities(await (await t().browser().get('/works')).text())).toContain(`href="/tags/${enc(relationship)}/works"`);
    const wrangled = await t().api('PATCH', `/api/v1/tags/${enc(relationship)}`, { token, json: { canonical: true } });
    expect(wrangled.status).toBe(200);
  });
});
