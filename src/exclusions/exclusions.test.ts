import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities, fieldError, forEachDatabase, pageText, postWork, unique } from '../../test/helpers.js';

const enc = encodeURIComponent;
type ListJson = { items: { id: number }[]; total: number; next: string | null };
type ExclusionsJson = { tags: { tag: string; kind: string }[]; authors: { username: string }[] };

forEachDatabase((t) => {
  const n = (name: string) => `${name} ${unique('x')}`;
  const meta = n('Angst Meta');
  const sub = n('Hurt No Comfort');
  const synonym = n('HNC');
  const fandom = n('Shared Fandom');
  const other = n('Fluff');
  // A word only these works carry, for search.
  const word = `quillon${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
  let author: { token: string; username: string };
  let hidden: number[];
  let shown: number;

  async function worksList(token?: string): Promise<ListJson> {
    return (await (await t().api('GET', '/api/v1/works?limit=100', token ? { token } : {})).json()) as ListJson;
  }
  async function search(token?: string): Promise<ListJson> {
    return (await (await t().api('GET', `/api/v1/search?q=${word}&limit=100`, token ? { token } : {})).json()) as ListJson;
  }
  async function exclude(token: string, json: unknown): Promise<Response> {
    return t().api('POST', '/api/v1/me/exclusions', { token, json });
  }

  beforeAll(async () => {
    const admin = await t().apiUser({ admin: true });
    const wrangler = await t().apiUser();
    expect((await t().api('PATCH', `/api/v1/users/${wrangler.user.username}`, { token: admin.token, json: { wrangler: true } })).status).toBe(200);
    const a = await t().apiUser();
    author = { token: a.token, username: a.user.username };
    const post = async (freeform: string) => (await postWork(t(), author.token, { title: `${word} ${freeform}`, fandoms: [fandom], freeforms: [freeform] })).id;
    const viaSub = await post(sub);
    const viaSynonym = await post(synonym);
    const viaMeta = await post(meta);
    shown = await post(other);
    hidden = [viaSub, viaSynonym, viaMeta];
    const wrangle = async (name: string, json: unknown) => {
      const r = await t().api('PATCH', `/api/v1/tags/${enc(name)}`, { token: wrangler.token, json });
      expect(r.status, await r.clone().text()).toBe(200);
    };
    await wrangle(meta, { canonical: true });
    await wrangle(sub, { canonical: true, add_parents: [meta] });
    await wrangle(synonym, { synonym_of: sub });
  });

  describe('excluding a meta tag', () => {
    it('hides works under it, its sub tags and their synonyms from /works, the API, a tag listing and search, totals agreeing; removing it restores them', async () => {
      const reader = await t().apiUser();
      const bystander = await t().apiUser();
      const guestBefore = await worksList();
      expect(guestBefore.items.map((w) => w.id)).toEqual(expect.arrayContaining([...hidden, shown]));

      expect((await exclude(reader.token, { tag: meta.toUpperCase() })).status).toBe(201);
      expect((await exclude(reader.token, { tag: meta })).status).toBe(200);
      const mine = (await (await t().api('GET', '/api/v1/me/exclusions', { token: reader.token })).json()) as ExclusionsJson;
      expect(mine.tags.map((e) => e.tag)).toEqual([meta]);

      // The API listing.
      const list = await worksList(reader.token);
      const ids = list.items.map((w) => w.id);
      for (const id of hidden) expect(ids).not.toContain(id);
      expect(ids).toContain(shown);
      expect(list.total).toBe(list.items.length);
      expect(list.total).toBe(guestBefore.total - 3);

      // The filtered listing (src/listings) applies the same exclusions.
      const filtered = (await (await t().api('GET', '/api/v1/works?sort=title&limit=100', { token: reader.token })).json()) as ListJson;
      expect(filtered.items.map((w) => w.id).filter((id) => hidden.includes(id))).toEqual([]);
      expect(filtered.total).toBe(list.total);

      // Search.
      const found = await search(reader.token);
      expect(found.items.map((w) => w.id)).toEqual([shown]);
      expect(found.total).toBe(1);
      expect((await search()).total).toBe(4);

      // The /works page and a tag listing, through a signed-in browser holding the same exclusion.
      const browser = t().browser();
      await t().signUp(browser);
      await browser.get(`/tags/${enc(meta)}`);
      expect((await browser.post(`/tags/${enc(meta)}/exclude`)).status).toBe(303);
      const works = decodeEntities(await (await browser.get('/works')).text());
      for (const id of hidden) expect(works).not.toContain(`/works/${id}"`);
      expect(works).toContain(`/works/${shown}"`);
      expect(pageText(works)).toContain(`of ${guestBefore.total - 3} works`);
      const tagged = decodeEntities(await (await browser.get(`/tags/${enc(fandom)}/works`)).text());
      for (const id of hidden) expect(tagged).not.toContain(`/works/${id}"`);
      expect(pageText(tagged)).toContain('1–1 of 1 works');

      // Excluding a synonym excludes its canonical tag and that tag's synonyms, not the meta tag above it.
      expect((await browser.post('/settings/exclusions/remove', { tag: meta })).status).toBe(303);
      expect((await browser.post(`/tags/${enc(synonym)}/exclude`)).status).toBe(303);
      const bySynonym = decodeEntities(await (await browser.get(`/tags/${enc(fandom)}/works`)).text());
      for (const id of hidden.slice(0, 2)) expect(bySynonym).not.toContain(`/works/${id}"`);
      expect(bySynonym).toContain(`/works/${hidden[2]}"`);
      expect(pageText(bySynonym)).toContain('1–2 of 2 works');

      // Other readers and guests are unaffected.
      expect((await worksList(bystander.token)).total).toBe(guestBefore.total);
      expect((await search(bystander.token)).total).toBe(4);
      const guestTagged = pageText(decodeEntities(await (await t().browser().get(`/tags/${enc(fandom)}/works`)).text()));
      expect(guestTagged).toContain('1–4 of 4 works');

      // Removing the exclusion restores everything.
      expect((await t().api('DELETE', `/api/v1/me/exclusions/tags/${enc(meta)}`, { token: reader.token })).status).toBe(204);
      const after = await worksList(reader.token);
      expect(after.total).toBe(guestBefore.total);
      expect(after.items.map((w) => w.id)).toEqual(expect.arrayContaining([...hidden, shown]));
      expect((await search(reader.token)).total).toBe(4);
      expect(((await (await t().api('GET', '/api/v1/me/exclusions', { token: reader.token })).json()) as ExclusionsJson).tags).toEqual([]);
    });
  });

  describe('the API', () => {
    it('refuses an unknown tag (422), a body with neither or both, and guests (401)', async () => {
      const reader = await t().apiUser();
      const unknown = await exclude(reader.token, { tag: n('No Such Tag') });
      expect(unknown.status).toBe(422);
      expect(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields.tag).toBe('No tag has that name.');
      expect((await exclude(reader.token, {})).status).toBe(422);
      expect((await exclude(reader.token, { tag: meta, username: author.username })).status).toBe(422);
      expect((await t().api('GET', '/api/v1/me/exclusions')).status).toBe(401);
      expect((await t().api('POST', '/api/v1/me/exclusions', { json: { tag: meta } })).status).toBe(401);
      expect((await t().api('DELETE', `/api/v1/me/exclusions/tags/${enc(n('No Such Tag'))}`, { token: reader.token })).status).toBe(404);
    });

    it('excludes an author by muting them: the same list as /api/v1/mutes', async () => {
      const reader = await t().apiUser();
      expect((await exclude(reader.token, { username: author.username })).status).toBe(201);
      const mutes = (await (await t().api('GET', '/api/v1/mutes', { token: reader.token })).json()) as { items: { username: string }[] };
      expect(mutes.items.map((m) => m.username)).toEqual([author.username]);
      const mine = (await (await t().api('GET', '/api/v1/me/exclusions', { token: reader.token })).json()) as ExclusionsJson;
      expect(mine.authors.map((a) => a.username)).toEqual([author.username]);
      const found = await search(reader.token);
      expect(found).toMatchObject({ items: [], total: 0 });
      expect((await t().api('DELETE', `/api/v1/me/exclusions/authors/${author.username}`, { token: reader.token })).status).toBe(204);
      expect((await search(reader.token)).total).toBe(4);
    });
  });

  describe('the settings page', () => {
    it('adds by name, keeps the text on an unknown tag (422), lists, and removes', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const settings = await (await browser.get('/settings')).text();
      expect(settings).toContain('href="/settings/exclusions"');
      const empty = await browser.get('/settings/exclusions');
      expect(pageText(await empty.text())).toContain('You have not excluded any tags.');

      const typo = n('Angts Meta');
      const bad = await browser.post('/settings/exclusions', { tag: typo });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(fieldError(badHtml, 'tag')).toBe('No tag has that name.');
      expect(decodeEntities(badHtml)).toContain(`value="${typo}"`);

      expect((await browser.post('/settings/exclusions', { tag: sub })).status).toBe(303);
      const listed = pageText(await (await browser.get('/settings/exclusions')).text());
      expect(listed).toContain(`Excluded tags (1)`);
      expect(listed).toContain(sub);
      expect(pageText(await (await browser.get(`/search?q=${word}`)).text())).not.toContain(`${word} ${synonym}`);

      expect((await browser.post('/settings/exclusions/remove', { tag: sub })).status).toBe(303);
      expect(pageText(await (await browser.get('/settings/exclusions')).text())).toContain('You have not excluded any tags.');
      expect(pageText(await (await browser.get(`/search?q=${word}`)).text())).toContain(`${word} ${synonym}`);
    });

    it('shows the "Never show me this" button on tag pages to signed-in readers only', async () => {
      expect(await (await t().browser().get(`/tags/${enc(meta)}`)).text()).not.toContain('Never show me this');
      const browser = t().browser();
      await t().signUp(browser);
      const page = await (await browser.get(`/tags/${enc(meta)}`)).text();
      expect(page).toContain('Never show me this');
      expect(page).toContain(`action="/tags/${enc(meta)}/exclude"`);
      expect((await browser.post('/settings/exclusions', { tag: '' })).status).toBe(422);
    });
  });
});
