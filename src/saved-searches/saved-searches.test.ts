import { Readable } from 'node:stream';
import FeedParser, { type Item, type Meta } from 'feedparser';
import { expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, unique, type TestContext } from '../../test/helpers.js';
import { SAVED_SEARCH_LIMIT } from './saved-searches.js';

interface SavedJson {
  id: number;
  name: string;
  query: string;
  subscribed: boolean;
  url: string;
  feed_url: string;
}

async function parseFeed(xml: string): Promise<{ meta: Meta; items: Item[] }> {
  const parser = new FeedParser({ strict: true, resume_saxerror: false });
  const items: Item[] = [];
  return new Promise((resolve, reject) => {
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    Readable.from([xml]).pipe(parser);
  });
}

async function save(t: TestContext, token: string, json: unknown): Promise<Response> {
  return t.api('POST', '/api/v1/me/saved-searches', { token, json });
}

async function list(t: TestContext, token: string): Promise<SavedJson[]> {
  const response = await t.api('GET', '/api/v1/me/saved-searches', { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: SavedJson[] }).items;
}

forEachDatabase((getT) => {
  it('saves, lists and deletes through the API, canonicalising the query; invalid filters and names are 422', async () => {
    const t = getT();
    const reader = await t.apiUser();
    const tag = unique('Harbour ');
    await postWork(t, reader.token, { freeforms: [tag] });

    const created = await save(t, reader.token, { name: '  Harbour stories  ', query: `?ratings=General Audiences&page=3&tags=${encodeURIComponent(tag)}&junk=1` });
    expect(created.status).toBe(201);
    const saved = (await created.json()) as SavedJson;
    expect(saved.name).toBe('Harbour stories');
    expect(saved.query).toBe(new URLSearchParams({ tags: tag, ratings: 'General Audiences' }).toString());
    expect(saved.url).toBe(`http://archive.test/works?${saved.query}`);
    expect(saved.feed_url).toMatch(new RegExp(`^http://archive\\.test/saved-searches/${saved.id}/feed\\.atom\\?token=[A-Za-z0-9_-]{20,}$`));
    expect(saved.subscribed).toBe(false);

    // An object of parameters works too, and search words go to the search page.
    const withWords = await save(t, reader.token, { name: 'Lamps', query: { q: 'lamp', ratings: ['General Audiences'] } });
    expect(withWords.status).toBe(201);
    expect(((await withWords.json()) as SavedJson).url).toBe('http://archive.test/search?ratings=General+Audiences&q=lamp');

    const badFilter = await save(t, reader.token, { name: 'Bad', query: 'ratings=Nope&tags=No Such Tag Anywhere' });
    expect(badFilter.status).toBe(422);
    const badBody = (await badFilter.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(badBody.error.code).toBe('validation_failed');
    expect(Object.keys(badBody.error.fields).sort()).toEqual(['ratings', 'tags']);
    expect((await save(t, reader.token, { name: '', query: '' })).status).toBe(422);
    expect((await save(t, reader.token, { name: 'x'.repeat(101) })).status).toBe(422);
    expect((await save(t, reader.token, { name: 'Fine', query: 42 })).status).toBe(422);
    expect((await t.api('POST', '/api/v1/me/saved-searches', { json: { name: 'Guest' } })).status).toBe(401);

    expect((await list(t, reader.token)).map((s) => s.name)).toEqual(['Harbour stories', 'Lamps']);

    // Someone else's saved search does not exist for you.
    const other = await t.apiUser();
    expect((await t.api('DELETE', `/api/v1/me/saved-searches/${saved.id}`, { token: other.token })).status).toBe(404);
    expect(await list(t, other.token)).toEqual([]);
    expect((await t.api('POST', '/api/v1/subscriptions', { token: other.token, json: { saved_search_id: saved.id } })).status).toBe(404);

    // Subscribing shows on the list; deleting takes the subscription with it.
    expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { saved_search_id: saved.id } })).status).toBe(200);
    expect((await list(t, reader.token)).find((s) => s.id === saved.id)!.subscribed).toBe(true);
    const subs = (await (await t.api('GET', '/api/v1/subscriptions', { token: reader.token })).json()) as { items: { target_type: string; label: string }[] };
    expect(subs.items).toContainEqual(expect.objectContaining({ target_type: 'saved_search', label: 'Harbour stories' }));
    expect((await t.api('DELETE', `/api/v1/me/saved-searches/${saved.id}`, { token: reader.token })).status).toBe(204);
    expect((await t.api('DELETE', `/api/v1/me/saved-searches/${saved.id}`, { token: reader.token })).status).toBe(404);
    expect((await list(t, reader.token)).map((s) => s.name)).toEqual(['Lamps']);
    const after = await t.db.selectFrom('subscriptions').select('id').where('target_type', '=', 'saved_search').where('target_id', '=', saved.id).execute();
    expect(after).toEqual([]);
  });

  it(`stops at ${SAVED_SEARCH_LIMIT} saved searches per reader`, async () => {
    const t = getT();
    const reader = await t.apiUser();
    const at = new Date().toISOString();
    await t.db
      .insertInto('saved_searches')
      .values(Array.from({ length: SAVED_SEARCH_LIMIT - 1 }, (_, i) => ({ user_id: reader.user.id, name: `S${i}`, query: '', feed_token: `tok-${reader.user.id}-${i}`, created_at: at })))
      .execute();
    expect((await save(t, reader.token, { name: 'The last one' })).status).toBe(201);
    const over = await save(t, reader.token, { name: 'One too many' });
    expect(over.status).toBe(422);
    expect(((await over.json()) as { error: { fields: Record<string, string> } }).error.fields.name).toContain(`up to ${SAVED_SEARCH_LIMIT}`);
  });

  it('saves from a listing page with a CSRF form, re-renders a bad name with the text kept, and manages the list', async () => {
    const t = getT();
    const browser = t.browser();
    await t.signUp(browser);
    const tag = unique('Tidepool ');
    const author = await t.apiUser();
    await postWork(t, author.token, { freeforms: [tag] });

    // Guests get a hint; readers get the form with the listing's query.
    const guestPage = await t.browser().get(`/works?tags=${encodeURIComponent(tag)}`);
    expect(pageText(await guestPage.text())).toContain('Log in to save this search');
    const listing = await browser.get(`/works?tags=${encodeURIComponent(tag)}&page=1`);
    const html = await listing.text();
    expect(html).toContain('action="/saved-searches"');
    expect(html).toContain(`name="query" value="${new URLSearchParams({ tags: tag }).toString()}"`);

    // Without the CSRF token nothing is saved.
    expect((await browser.post('/saved-searches', { _csrf: null, name: 'No token', query: `tags=${tag}` })).status).toBe(403);

    const tooLong = await browser.post('/saved-searches', { name: 'y'.repeat(101), query: `tags=${tag}`, return_to: '/works' });
    expect(tooLong.status).toBe(422);
    const again = await tooLong.text();
    expect(fieldError(again, 'name')).toContain('at most 100');
    expect(again).toContain('y'.repeat(101));

    const bad = await browser.post('/saved-searches', { name: 'Broken', query: 'words_from=lots' });
    expect(bad.status).toBe(422);
    expect(pageText(await bad.text())).toContain('Word counts are whole numbers');

    // A tag's works page saves the tag itself as a filter.
    const tagPage = await browser.get(`/tags/${encodeURIComponent(tag)}/works?complete=false`);
    expect(await tagPage.text()).toContain(`name="query" value="${new URLSearchParams({ tags: tag, complete: 'false' }).toString().replace('&', '&amp;')}"`);

    const saved = await browser.post('/saved-searches', { name: 'Tidepools', query: `tags=${encodeURIComponent(tag)}`, return_to: `/works?tags=${encodeURIComponent(tag)}` });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/works?tags=${encodeURIComponent(tag)}`);
    const page = await browser.get('/saved-searches');
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageText(pageHtml)).toContain('Tidepools');
    expect(pageHtml).toContain(`href="/works?${new URLSearchParams({ tags: tag }).toString()}"`);
    const id = Number(/\/saved-searches\/(\d+)\/delete/.exec(pageHtml)![1]);
    expect(pageHtml).toContain('name="saved_search_id"');

    // Subscribe from the page, then regenerate the feed link: the old one stops working.
    expect((await browser.post('/subscriptions', { saved_search_id: String(id), return_to: '/saved-searches' })).status).toBe(303);
    expect(pageText(await (await browser.get('/saved-searches')).text())).toContain('Unsubscribe from “Tidepools”');
    const oldFeed = /href="(\/saved-searches\/\d+\/feed\.atom\?token=[^"]+)"/.exec(pageHtml)![1]!.replace(/&amp;/g, '&');
    expect((await t.app.request(oldFeed)).status).toBe(200);
    expect((await browser.post(`/saved-searches/${id}/feed-token`)).status).toBe(303);
    expect((await t.app.request(oldFeed)).status).toBe(404);

    // Another reader cannot delete it or rotate its token.
    const stranger = t.browser();
    await t.signUp(stranger);
    expect((await stranger.post(`/saved-searches/${id}/delete`)).status).toBe(404);
    expect((await stranger.post(`/saved-searches/${id}/feed-token`)).status).toBe(404);
    expect((await t.browser().get('/saved-searches')).status).toBe(401);

    expect((await browser.post(`/saved-searches/${id}/delete`)).status).toBe(303);
    expect(pageText(await (await browser.get('/saved-searches')).text())).not.toContain('Tidepools');
  });

  it('serves a private Atom feed of the current results as the owner sees them; a wrong or missing token is a 404', async () => {
    const t = getT();
    const owner = await t.apiUser();
    const author = await t.apiUser();
    const muted = await t.apiUser();
    const tag = unique('Lantern ');
    const hidden = unique('Hidden ');
    const visible = await postWork(t, author.token, { title: 'Lamps & <Ladders> \u0001', freeforms: [tag] });
    await postWork(t, muted.token, { title: 'By someone muted', freeforms: [tag] });
    await postWork(t, author.token, { title: 'Excluded by tag', freeforms: [tag, hidden] });
    expect((await t.api('POST', '/api/v1/mutes', { token: owner.token, json: { username: muted.user.username } })).status).toBeLessThan(300);
    expect((await t.api('POST', '/api/v1/me/exclusions', { token: owner.token, json: { tag: hidden } })).status).toBe(201);
    const saved = (await (await save(t, owner.token, { name: 'Lanterns <&>', query: `tags=${tag}` })).json()) as SavedJson;

    const path = saved.feed_url.replace('http://archive.test', '');
    const response = await t.app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const feed = await parseFeed(await response.text());
    expect(feed.meta.title).toBe('Saved search: Lanterns <&>');
    expect(feed.items.map((i) => i.title)).toEqual(['Lamps & <Ladders>']);
    expect(feed.items[0]!.link).toBe(`http://archive.test/works/${visible.id}`);
    expect(feed.items[0]!.guid).toBe(`tag:archive.test,2026:works/${visible.id}`);
    expect(feed.items[0]!.categories).toContain(tag);

    expect((await t.app.request(path.replace(/token=.*/, 'token=wrong'))).status).toBe(404);
    expect((await t.app.request(path.replace(/\?token=.*/, ''))).status).toBe(404);
    expect((await t.app.request(`/saved-searches/999999/feed.atom?token=x`)).status).toBe(404);
  });
});
