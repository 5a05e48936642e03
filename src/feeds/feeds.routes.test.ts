import { Readable } from 'node:stream';
import FeedParser, { type Item, type Meta, type RawElement } from 'feedparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, type TestContext, type WorkJson } from '../../test/helpers.js';
import { xmlText } from './atom.js';
import { tagFeedPath } from './feeds.js';

interface ParsedFeed {
  readonly meta: Meta;
  readonly items: Item[];
}

/** Parses an Atom document with feedparser in strict mode, failing on any XML error. */
async function parseFeed(xml: string): Promise<ParsedFeed> {
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

const asList = <T,>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const text = (element: unknown): string | undefined => (element as RawElement | undefined)?.['#'];

/** Any character XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks every element Atom requires of a feed and of each entry, and returns the parsed feed. */
async function expectValidFeed(response: Response, selfUrl: string): Promise<ParsedFeed> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  // A shared cache keeps this response: it must not hand one visitor's CSRF cookie to everyone.
  expect(response.headers.get('set-cookie')).toBeNull();
  const xml = await response.text();
  expect(xml).not.toMatch(NOT_XML_CHAR);
  const feed = await parseFeed(xml);
  expect(feed.meta['#type']).toBe('atom');
  expect(text(feed.meta['atom:id'])).toMatch(/^tag:archive\.test,2026:feeds\//);
  expect(feed.meta.title).toBeTruthy();
  expect(feed.meta.date).toBeInstanceOf(Date);
  expect(feed.meta.xmlurl).toBe(selfUrl);
  expect(feed.meta.link).toMatch(/^http:\/\/archive\.test\//);
  for (const item of feed.items) {
    expect(item.guid).toMatch(/^tag:archive\.test,2026:(works|chapters)\/\d+$/);
    expect(item.title).toBeTruthy();
    expect(item.date).toBeInstanceOf(Date);
    expect(item.pubdate).toBeInstanceOf(Date);
    expect(item.link).toMatch(/^http:\/\/archive\.test\/works\/\d+/);
    const author = item['atom:author'] as RawElement;
    expect(text(author['name'])).toBeTruthy();
    expect(text(author['uri'])).toMatch(/^http:\/\/archive\.test\/users\//);
    expect(item.categories.length).toBeGreaterThan(0);
    expect(asList(item['atom:category'] as RawElement | RawElement[]).every((c) => c['@']['scheme'] && c['@']['label'])).toBe(true);
    expect((item['atom:summary'] as RawElement)['@']['type']).toBe('text');
    expect(item.summary).toBeTruthy();
  }
  return feed;
}

describe('xmlText', () => {
  it('escapes the XML specials and drops characters XML 1.0 forbids, keeping astral characters', () => {
    expect(xmlText(`Tom & Jerry <3 "q" 'a' \u0001\u0008\u000B\uFFFE\uD800 x\uDC00 🐉\tend`)).toBe('Tom &amp; Jerry &lt;3 &quot;q&quot; &apos;a&apos;  x 🐉\tend');
  });
});

describe('Atom feeds', () => {
  forEachDatabase((t: () => TestContext) => {
    const base = 'http://archive.test';
    let token: string;
    let username: string;
    let tagName: string;
    let special: WorkJson;
    let plain: WorkJson;
    let draft: WorkJson;
    let seriesId: number;

    beforeAll(async () => {
      const author = await t().apiUser();
      token = author.token;
      username = author.user.username;
      tagName = `${unique('Feed/Tag ')} & <co>`;
      special = await postWork(t(), token, {
        title: 'Tom & Jerry <3 "quotes" \u0001 ctrl',
        summary: 'A summary with <b>markup</b> & "quotes" \u0002 and \u001F controls.',
        rating: 'Mature',
        warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
        freeforms: [tagName],
        series: { title: unique('Series & <Saga> ') },
      });
      seriesId = special.series[0]!.id;
      plain = await postWork(t(), token, {
        series: { id: seriesId },
        freeforms: [tagName],
        chapters: [{ title: 'One', body: 'First.' }, { title: '', body: 'Second.' }, { title: 'Hidden', body: 'Draft.', draft: true }],
      });
      draft = await postWork(t(), token, { draft: true, title: unique('Draft '), freeforms: [tagName], series: { id: seriesId } });
    });

    it('lists an author’s posted works, newest first, with categories for rating, warnings and tags', async () => {
      const selfUrl = `${base}/users/${username}/feed.atom`;
      const feed = await expectValidFeed(await t().browser().get(`/users/${username}/feed.atom`), selfUrl);
      expect(feed.items.map((i) => i.guid)).toEqual([`tag:archive.test,2026:works/${plain.id}`, `tag:archive.test,2026:works/${special.id}`]);
      expect(feed.meta.link).toBe(`${base}/users/${username}`);
      const item = feed.items[1]!;
      expect(item.title).toBe('Tom & Jerry <3 "quotes"  ctrl');
      expect(item.summary).toContain('A summary with <b>markup</b> & "quotes"  and  controls.');
      expect(item.link).toBe(`${base}/works/${special.id}`);
      expect(item.author).toBe(username);
      const categories = asList(item['atom:category'] as RawElement | RawElement[]).map((c) => c['@']);
      expect(categories).toContainEqual({ term: 'Mature', scheme: `${base}/ratings`, label: 'Rating: Mature' });
      expect(categories).toContainEqual({ term: 'Major Character Death', scheme: `${base}/warnings`, label: 'Warning: Major Character Death' });
      expect(categories).toContainEqual({ term: tagName, scheme: `${base}/tags?kind=freeform`, label: `Additional Tag: ${tagName}` });
      expect(categories).toContainEqual({ term: 'Original Work', scheme: `${base}/tags?kind=fandom`, label: 'Fandom: Original Work' });
      expect((await t().browser().get(`/users/${unique('nobody')}/feed.atom`)).status).toBe(404);
    });

    it('keeps entry and feed ids stable across requests and edits, and answers 304 to a matching validator', async () => {
      const path = `/users/${username}/feed.atom`;
      const first = await t().browser().get(path);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(first.headers.get('last-modified')).toBeTruthy();
      const before = await parseFeed(await first.text());
      const again = await t().browser().request(path, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      // Only the ETag decides: a date cannot see every change (a renamed tag alters categories, not `updated`).
      const sinceHeader = { 'if-modified-since': first.headers.get('last-modified')! };
      expect((await t().browser().request(path, { headers: sinceHeader })).status).toBe(200);
      expect((await t().browser().request(path, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);

      const patched = await t().api('PATCH', `/api/v1/works/${special.id}`, { token, json: { title: 'Renamed & <again>' } });
      expect(patched.status).toBe(200);
      const changed = await t().browser().request(path, { headers: { 'if-none-match': etag! } });
      expect(changed.status).toBe(200);
      const after = await parseFeed(await changed.text());
      expect(text(after.meta['atom:id'])).toBe(text(before.meta['atom:id']));
      expect(after.items.map((i) => i.guid).sort()).toEqual(before.items.map((i) => i.guid).sort());
      const renamed = after.items.find((i) => i.guid === `tag:archive.test,2026:works/${special.id}`);
      expect(renamed?.title).toBe('Renamed & <again>');
      // The edit is news to a feed reader: the entry's updated time moves, and with it the feed's.
      expect(renamed!.date!.getTime()).toBeGreaterThan(before.items.find((i) => i.guid === renamed!.guid)!.date!.getTime());
      expect(after.meta.date!.getTime()).toBeGreaterThan(before.meta.date!.getTime());
    });

    it('lists a series’ posted parts without drafts, and answers 404 for a missing series and 410 for a deleted one', async () => {
      const feed = await expectValidFeed(await t().browser().get(`/series/${seriesId}/feed.atom`), `${base}/series/${seriesId}/feed.atom`);
      expect(feed.items.map((i) => i.link).sort()).toEqual([`${base}/works/${plain.id}`, `${base}/works/${special.id}`].sort());
      expect(feed.items.some((i) => i.link === `${base}/works/${draft.id}`)).toBe(false);
      expect(feed.meta.title).toContain('Series & <Saga>');
      expect((await t().browser().get('/series/999999/feed.atom')).status).toBe(404);
      const doomed = await postWork(t(), token, { series: { title: unique('Doomed ') } });
      expect((await t().browser().get(`/series/${doomed.series[0]!.id}/feed.atom`)).status).toBe(200);
      expect((await t().api('DELETE', `/api/v1/series/${doomed.series[0]!.id}`, { token })).status).toBe(204);
      expect((await t().browser().get(`/series/${doomed.series[0]!.id}/feed.atom`)).status).toBe(410);
    });

    it('lists a work’s posted chapters newest first, and answers 404 for drafts and missing works and 410 once deleted', async () => {
      const feed = await expectValidFeed(await t().browser().get(`/works/${plain.id}/feed.atom`), `${base}/works/${plain.id}/feed.atom`);
      expect(feed.items.map((i) => i.link)).toEqual([`${base}/works/${plain.id}/chapters/2`, `${base}/works/${plain.id}/chapters/1`]);
      expect(feed.items.map((i) => i.guid)).toEqual(expect.arrayContaining([expect.stringMatching(/^tag:archive\.test,2026:chapters\/\d+$/)]));
      expect(feed.items[1]!.title).toBe(`${plain.title}, Chapter 1: One`);
      expect(feed.items.some((i) => i.title?.includes('Hidden'))).toBe(false);
      expect((await t().browser().get(`/works/${draft.id}/feed.atom`)).status).toBe(404);
      expect((await t().browser().get('/works/999999/feed.atom')).status).toBe(404);
      const doomed = await postWork(t(), token);
      expect((await t().api('DELETE', `/api/v1/works/${doomed.id}`, { token })).status).toBe(204);
      expect((await t().browser().get(`/works/${doomed.id}/feed.atom`)).status).toBe(410);
      expect((await t().browser().get(`/users/${username}/feed.atom`).then((r) => r.text()))).not.toContain(`works/${doomed.id}<`);
    });

    it('keeps to the newest 25 entries', async () => {
      const chapters = Array.from({ length: 27 }, (_, i) => ({ title: `Part ${i + 1}`, body: `Text ${i + 1}.` }));
      const long = await postWork(t(), token, { chapters });
      const feed = await expectValidFeed(await t().browser().get(`/works/${long.id}/feed.atom`), `${base}/works/${long.id}/feed.atom`);
      expect(feed.items).toHaveLength(25);
      expect(feed.items[0]!.link).toBe(`${base}/works/${long.id}/chapters/27`);
      expect(feed.items[24]!.link).toBe(`${base}/works/${long.id}/chapters/3`);
    });

    it('lists the posted works carrying a tag, found case-insensitively even with a slash in its name', async () => {
      const selfUrl = `${base}${tagFeedPath(tagName)}`;
      const feed = await expectValidFeed(await t().browser().get(tagFeedPath(tagName.toUpperCase())), selfUrl);
      expect(feed.items.map((i) => i.link)).toEqual([`${base}/works/${plain.id}`, `${base}/works/${special.id}`]);
      expect(feed.meta.title).toBe(`Works tagged ${tagName}`);
      expect(feed.meta.link).toBe(`${base}/tags/${encodeURIComponent(tagName)}/works`);
      expect((await t().browser().get(tagFeedPath(unique('No such tag')))).status).toBe(404);
    });

    it('follows a canonical tag’s synonyms and sub tags, and lists the canonical tag’s works in a synonym’s feed', async () => {
      const admin = await t().apiUser({ admin: true });
      const canonical = unique('Canon ');
      const alias = unique('Alias ');
      const sub = unique('Sub ');
      const aliasWork = await postWork(t(), token, { freeforms: [alias] });
      const subWork = await postWork(t(), token, { freeforms: [sub] });
      const canonWork = await postWork(t(), token, { freeforms: [canonical] });
      const wrangle = async (name: string, json: unknown) => {
        const response = await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token: admin.token, json });
        expect(response.status).toBe(200);
      };
      const links = async (name: string) => (await parseFeed(await (await t().browser().get(tagFeedPath(name))).text())).items.map((i) => i.link);
      expect(await links(canonical)).toEqual([`${base}/works/${canonWork.id}`]);
      await wrangle(canonical, { canonical: true });
      await wrangle(sub, { canonical: true, add_parents: [canonical] });
      await wrangle(alias, { synonym_of: canonical });
      const expected = [canonWork.id, subWork.id, aliasWork.id].map((id) => `${base}/works/${id}`);
      expect(await links(canonical)).toEqual(expected);
      expect(await links(alias)).toEqual(expected);
      expect(await links(sub)).toEqual([`${base}/works/${subWork.id}`]);
    });

    it('links each feed from the author, series and work pages', async () => {
      const pages = [
        [`/users/${username}`, `/users/${username}/feed.atom`],
        [`/series/${seriesId}`, `/series/${seriesId}/feed.atom`],
        [`/works/${plain.id}`, `/works/${plain.id}/feed.atom`],
      ] as const;
      for (const [page, feedPath] of pages) {
        const html = await (await t().browser().get(page)).text();
        expect(html).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="${feedPath.replace(/[.?+]/g, '\\$&')}"/?>`));
        expect(html).toMatch(new RegExp(`<a [^>]*href="${feedPath.replace(/[.?+]/g, '\\$&')}"[^>]*>[^<]*Feed`));
      }
    });
  });
});
