import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AcquisitionFeed, NavigationFeed, OPDSAcquisitionLink, OPDSEntry, OPDSFeed, OPDSLink, SearchLink } from 'opds-feed-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, workInput, type TestContext, type WorkJson } from '../../test/helpers.js';

// The catalog as an e-reader app sees it: every document is parsed with opds-feed-parser (NYPL's OPDS 1.x parser),
// and the test moves through it by following the links the documents give, as an app would.

// opds-feed-parser is CommonJS with `exports.default`; required directly, its classes are the same under Node and vitest.
interface OpdsLibrary {
  readonly default: new () => { parse(xml: string): Promise<OPDSFeed | OPDSEntry> };
  readonly AcquisitionFeed: typeof AcquisitionFeed;
  readonly NavigationFeed: typeof NavigationFeed;
  readonly OPDSAcquisitionLink: typeof OPDSAcquisitionLink;
  readonly SearchLink: typeof SearchLink;
}
const opds = createRequire(import.meta.url)('opds-feed-parser') as OpdsLibrary;

const BASE = 'http://archive.test';
const NAVIGATION = 'application/atom+xml;profile=opds-catalog;kind=navigation';
const ACQUISITION = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
const ACQUISITION_REL = 'http://opds-spec.org/acquisition';

/** Headers that sign in the way e-reader apps do: HTTP Basic with a personal access token as the password. */
const basic = (username: string, token: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The path and query of an absolute catalog link (the app under test is reached in-process). */
function pathOf(href: string): string {
  const url = new URL(href);
  expect(url.origin).toBe(BASE);
  return url.pathname + url.search;
}

const workId = (id: number) => `tag:archive.test,2026:works/${id}`;

describe('OPDS catalog', () => {
  forEachDatabase((t: () => TestContext) => {
    async function fetchFeed(href: string, headers: Record<string, string> = {}): Promise<{ feed: OPDSFeed; type: string }> {
      const response = await t().app.request(href.startsWith('http') ? pathOf(href) : href, { headers });
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const parsed = await new opds.default().parse(xml);
      expect(parsed).toBeInstanceOf(Object);
      return { feed: parsed as OPDSFeed, type: response.headers.get('content-type') ?? '' };
    }

    async function acquisition(href: string, headers: Record<string, string> = {}): Promise<AcquisitionFeed> {
      const { feed, type } = await fetchFeed(href, headers);
      expect(type).toBe(`${ACQUISITION};charset=utf-8`);
      expect(feed).toBeInstanceOf(opds.AcquisitionFeed);
      return feed as AcquisitionFeed;
    }

    async function navigation(href: string, headers: Record<string, string> = {}): Promise<NavigationFeed> {
      const { feed, type } = await fetchFeed(href, headers);
      expect(type).toBe(`${NAVIGATION};charset=utf-8`);
      expect(feed).toBeInstanceOf(opds.NavigationFeed);
      return feed as NavigationFeed;
    }

    const link = (links: readonly OPDSLink[], rel: string): OPDSLink | undefined => links.find((l) => l.rel === rel);
    const entryLink = (feed: OPDSFeed, title: string): OPDSLink => {
      const entry = feed.entries.find((e) => e.title === title);
      expect(entry, `an entry titled ${title}`).toBeDefined();
      return entry!.links[0]!;
    };
    const ids = (feed: OPDSFeed) => feed.entries.map((e) => e.id);

    let author: { username: string; token: string };
    let fandom: string;
    let general: WorkJson;
    let mature: WorkJson;
    let explicit: WorkJson;
    let pageTag: string;
    let paged: WorkJson[];
    let plainReader: { username: string; token: string };
    let adultReader: { username: string; token: string };

    beforeAll(async () => {
      const admin = await t().apiUser({ admin: true });
      const a = await t().apiUser();
      author = { username: a.user.username, token: a.token };
      fandom = unique('Fandom & <Lights> ');
      general = await postWork(t(), a.token, {
        title: 'Harbour & <Lights> "one" \u0001',
        summary: 'Plain words, <b>not markup</b>.',
        fandoms: [fandom],
        language: 'en',
        series: { title: unique('Tides ') },
      });
      mature = await postWork(t(), a.token, { title: unique('Mature '), rating: 'Mature', fandoms: [fandom] });
      explicit = await postWork(t(), a.token, { title: unique('Explicit '), rating: 'Explicit', fandoms: [fandom] });
      await postWork(t(), a.token, { title: unique('Draft '), fandoms: [fandom], draft: true });
      // The fandom is wrangled canonical, so the catalog counts it through tag_filters.
      expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(fandom)}`, { token: admin.token, json: { canonical: true } })).status).toBe(200);

      pageTag = unique('Paged/Tag ');
      paged = [];
      for (let i = 0; i < 26; i += 1) paged.push(await postWork(t(), a.token, { title: `Paged ${i}`, freeforms: [pageTag], chapters: [{ title: 'One', body: `Text ${i}.` }] }));

      const p = await t().apiUser();
      plainReader = { username: p.user.username, token: p.token };
      const r = await t().apiUser();
      adultReader = { username: r.user.username, token: r.token };
      expect((await t().api('PATCH', '/api/v1/me', { token: r.token, json: { view_adult: true } })).status).toBe(200);
    });

    it('walks from the root through a navigation feed to an acquisition feed and downloads the EPUB', async () => {
      const root = await navigation('/opds');
      expect(root.title).toBe('Chapterhouse');
      expect(link(root.links, 'self')?.href).toBe(`${BASE}/opds`);
      expect(link(root.links, 'start')?.href).toBe(`${BASE}/opds`);
      expect(root.links.some((l) => l instanceof opds.SearchLink && l.type === 'application/opensearchdescription+xml')).toBe(true);
      expect(root.entries.map((e) => e.title)).toEqual(['Recent works', 'By fandom', 'By tag', 'Sign in']);
      expect((await navigation('/opds/')).id).toBe(root.id);
      // A guest's catalog is everyone's and may be cached; a signed-in reader's is private (see the Basic test).
      const headers = (await t().app.request('/opds')).headers;
      expect(headers.get('cache-control')).toBe('public, max-age=300');
      expect(headers.get('vary')).toMatch(/Authorization/);
      expect(headers.get('set-cookie')).toBeNull();

      const byFandom = entryLink(root, 'By fandom');
      expect(byFandom.type).toBe(NAVIGATION);
      const fandoms = await navigation(byFandom.href);
      expect(link(fandoms.links, 'up')?.href).toBe(`${BASE}/opds`);
      const fandomEntry = fandoms.entries.find((e) => e.title === fandom)!;
      // A guest sees the general work only: the adult ones are not counted, the draft never.
      expect(fandomEntry.summary.content).toBe('1 work');
      const fandomLink = fandomEntry.links[0]!;
      expect(fandomLink.type).toBe(ACQUISITION);

      const works = await acquisition(fandomLink.href);
      expect(works.title).toBe(`Works tagged ${fandom}`);
      expect(ids(works)).toEqual([workId(general.id)]);
      const entry = works.entries[0]!;
      expect(entry.title).toBe('Harbour & <Lights> "one" ');
      expect(entry.authors.map((p) => [p.name, p.uri])).toEqual([[author.username, `${BASE}/users/${author.username}`]]);
      expect(entry.language).toBe('en');
      expect(entry.summary.content).toContain('Plain words, <b>not markup</b>.');
      expect(entry.summary.content).toMatch(/Part 1 of Tides/);
      expect(Date.parse(entry.updated)).not.toBeNaN();
      expect(entry.categories.map((c) => c.label)).toEqual(expect.arrayContaining(['Rating: General Audiences', 'Warning: No Archive Warnings Apply', `Fandom: ${fandom}`]));
      expect(link(entry.links, 'alternate')).toMatchObject({ href: `${BASE}/works/${general.id}`, type: 'text/html' });
      const epub = entry.links.find((l) => l instanceof opds.OPDSAcquisitionLink && l.type === 'application/epub+zip')!;
      expect(epub).toMatchObject({ rel: ACQUISITION_REL, href: `${BASE}/works/${general.id}/download.epub` });

      const download = await t().app.request(pathOf(epub.href));
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toMatch(/^application\/epub\+zip\b/);
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      // The first entry of an EPUB is the uncompressed `mimetype` file: its name starts at byte 30 of the zip.
      expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
      expect(bytes.subarray(38, 58).toString('latin1')).toBe('application/epub+zip');
    });

    it('pages through an acquisition feed with next, previous, first and last links', async () => {
      const tags = await navigation('/opds/tags');
      const tagLink = entryLink(tags, pageTag);
      expect(tags.entries.find((e) => e.title === pageTag)?.summary.content).toBe('Additional tag · 26 works');
      const first = await acquisition(tagLink.href);
      expect(first.entries).toHaveLength(25);
      expect(first.search).toEqual({ totalResults: 26, itemsPerPage: 25, startIndex: 1 });
      expect(link(first.links, 'previous')).toBeUndefined();
      expect(link(first.links, 'up')?.href).toBe(`${BASE}/opds/tags`);
      const next = link(first.links, 'next')!;
      expect(next.type).toBe(ACQUISITION);
      const second = await acquisition(next.href);
      expect(second.entries).toHaveLength(1);
      expect(second.search.startIndex).toBe(26);
      expect(link(second.links, 'next')).toBeUndefined();
      expect(link(second.links, 'self')?.href).toBe(next.href);
      expect(pathOf(link(second.links, 'previous')!.href)).toBe(pathOf(link(first.links, 'self')!.href));
      expect(link(second.links, 'first')?.href).toBe(link(first.links, 'self')?.href);
      expect(link(second.links, 'last')?.href).toBe(next.href);
      // Newest update first, and together the pages hold every work exactly once.
      expect([...ids(first), ...ids(second)]).toEqual(paged.map((w) => workId(w.id)).reverse());
      // A page past the end is empty, and a nonsense page number means the first page.
      expect((await acquisition(`${pathOf(tagLink.href)}?page=9`)).entries).toHaveLength(0);
      expect(ids(await acquisition(`${pathOf(tagLink.href)}?page=-3`))).toEqual(ids(first));
    });

    it('lists adult works only to a reader who signed in with a token and set the adult-content preference', async () => {
      const fandomPath = `/opds/tags/${encodeURIComponent(fandom)}`;
      const adult = [workId(mature.id), workId(explicit.id)];
      const guest = await acquisition(fandomPath);
      const plain = await acquisition(fandomPath, bearer(plainReader.token));
      const withPreference = await acquisition(fandomPath, bearer(adultReader.token));
      expect(ids(guest)).toEqual([workId(general.id)]);
      expect(ids(plain)).toEqual([workId(general.id)]);
      expect(ids(withPreference)).toEqual(expect.arrayContaining([...adult, workId(general.id)]));
      // Not Rated is behind the gate too; newest, so it heads the recent works when listed.
      const unrated = await postWork(t(), author.token, { title: unique('Unrated '), rating: 'Not Rated' });
      for (const path of ['/opds/recent', `/opds/search?q=${encodeURIComponent(unrated.title)}`]) {
        expect(ids(await acquisition(path))).not.toContain(workId(unrated.id));
        expect(ids(await acquisition(path, bearer(plainReader.token)))).not.toContain(workId(unrated.id));
        expect(ids(await acquisition(path, basic(adultReader.username, adultReader.token)))[0]).toBe(workId(unrated.id));
      }
      const counted = (await navigation('/opds/fandoms', basic(adultReader.username, adultReader.token))).entries.find((e) => e.title === fandom);
      expect(counted?.summary.content).toBe('3 works');
    });

    it('downloads through the entry’s link with the same Basic credentials, adult works included for the reader who allows them', async () => {
      const credentials = basic(adultReader.username, adultReader.token);
      const feed = await acquisition(`/opds/tags/${encodeURIComponent(fandom)}`, credentials);
      const entry = feed.entries.find((e) => e.id === workId(mature.id))!;
      const epub = entry.links.find((l) => l instanceof opds.OPDSAcquisitionLink && l.type === 'application/epub+zip')!;
      const download = await t().app.request(pathOf(epub.href), { headers: credentials });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toMatch(/^application\/epub\+zip\b/);
      expect(Buffer.from(await download.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
      // A reader who keeps the warning on is refused the adult work the catalog never offered them.
      expect((await t().app.request(pathOf(epub.href), { headers: basic(plainReader.username, plainReader.token) })).status).toBe(403);
    });

    it('signs in with HTTP Basic (a token as the password), shows the reader’s lists, and never lets Basic write', async () => {
      const root = await navigation('/opds', basic('any name', adultReader.token));
      expect(root.entries.map((e) => e.title)).toEqual(['Recent works', 'By fandom', 'By tag', 'My subscriptions', 'My bookmarks']);
      const signIn = await t().app.request('/opds/signin', { headers: basic(adultReader.username, adultReader.token) });
      expect(signIn.status).toBe(200);
      expect(signIn.headers.get('cache-control')).toBe('private, no-cache');

      // Basic credentials only read (browsers replay them cross-site): a write with them is refused, even with a valid token.
      const title = unique('Never posted ');
      const write = await t().api('POST', '/api/v1/works', { headers: { ...basic(author.username, author.token), 'content-type': 'application/json' }, body: JSON.stringify({ ...workInput(), title }) });
      expect(write.status).toBe(401);
      expect(((await write.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_token', message: expect.stringContaining('reading only') });
      expect(ids(await acquisition(`/opds/search?q=${encodeURIComponent(title)}`, bearer(author.token)))).toEqual([]);
      expect((await t().api('POST', '/api/v1/works', { token: author.token, json: workInput({ title }) })).status).toBe(201);
    });

    it('answers a bad token, and a guest asking for a private list, with 401 and a Basic challenge', async () => {
      for (const headers of [basic('reader', 'chp_not_a_token'), { authorization: 'Basic !!!' }]) {
        const response = await t().app.request('/opds', { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Chapterhouse"/);
      }
      expect((await t().app.request('/opds', { headers: bearer('chp_not_a_token') })).status).toBe(401);
      const root = await navigation('/opds');
      const signIn = await t().app.request(pathOf(entryLink(root, 'Sign in').href));
      expect(signIn.status).toBe(401);
      expect(signIn.headers.get('www-authenticate')).toMatch(/^Basic /);
      for (const path of ['/opds/subscriptions', '/opds/bookmarks']) {
        const response = await t().app.request(path);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
      const revoked = await t().apiUser();
      const tokens = (await (await t().api('GET', '/api/v1/tokens', { token: revoked.token })).json()) as { items: { id: number }[] };
      expect((await t().api('DELETE', `/api/v1/tokens/${tokens.items[0]!.id}`, { token: revoked.token })).status).toBe(204);
      expect((await t().app.request('/opds', { headers: basic(revoked.user.username, revoked.token) })).status).toBe(401);
    });

    it('lists a reader’s subscriptions and bookmarks, with the same adult and draft rules', async () => {
      const other = await t().apiUser();
      const followed = await postWork(t(), other.token, { title: unique('Followed ') });
      const followedAdult = await postWork(t(), other.token, { title: unique('Followed adult '), rating: 'Explicit' });
      for (const reader of [plainReader, adultReader]) {
        expect((await t().api('POST', '/api/v1/subscriptions', { token: reader.token, json: { username: other.user.username } })).status).toBeLessThan(300);
        expect((await t().api('POST', '/api/v1/bookmarks', { token: reader.token, json: { work_id: general.id, private: true } })).status).toBe(201);
        expect((await t().api('POST', '/api/v1/bookmarks', { token: reader.token, json: { work_id: mature.id } })).status).toBe(201);
      }
      const root = await navigation('/opds', bearer(plainReader.token));
      const subscriptions = await acquisition(entryLink(root, 'My subscriptions').href, bearer(plainReader.token));
      expect(ids(subscriptions)).toEqual([workId(followed.id)]);
      expect(ids(await acquisition('/opds/subscriptions', bearer(adultReader.token)))).toEqual([workId(followedAdult.id), workId(followed.id)]);
      const bookmarks = await acquisition(entryLink(root, 'My bookmarks').href, bearer(plainReader.token));
      expect(ids(bookmarks)).toEqual([workId(general.id)]);
      expect(ids(await acquisition('/opds/bookmarks', basic(adultReader.username, adultReader.token)))).toEqual([workId(mature.id), workId(general.id)]);
      // Someone else's lists are never shown: each reader sees their own.
      const stranger = await t().apiUser();
      expect((await acquisition('/opds/bookmarks', bearer(stranger.token))).entries).toHaveLength(0);
    });

    it('leaves out drafts, deleted works, muted authors and the reader’s excluded tags', async () => {
      const doomed = await postWork(t(), author.token, { title: unique('Doomed '), freeforms: [pageTag] });
      expect(ids(await acquisition('/opds/recent'))).toContain(workId(doomed.id));
      expect((await t().api('DELETE', `/api/v1/works/${doomed.id}`, { token: author.token })).status).toBe(204);
      const recent = await acquisition('/opds/recent');
      expect(ids(recent)).not.toContain(workId(doomed.id));
      expect(recent.entries.some((e) => e.title.startsWith('Draft'))).toBe(false);

      const muter = await t().apiUser();
      expect((await t().api('POST', '/api/v1/mutes', { token: muter.token, json: { username: author.username } })).status).toBeLessThan(300);
      const muted = await acquisition(`/opds/tags/${encodeURIComponent(pageTag)}`, bearer(muter.token));
      expect(muted.entries).toHaveLength(0);
      expect(muted.search.totalResults).toBe(0);

      const excluder = await t().apiUser();
      expect((await t().api('POST', '/api/v1/me/exclusions', { token: excluder.token, json: { tag: pageTag } })).status).toBeLessThan(300);
      const excluded = await acquisition('/opds/recent', bearer(excluder.token));
      expect(ids(excluded)).toContain(workId(general.id));
      expect(ids(excluded).filter((id) => paged.some((w) => workId(w.id) === id))).toEqual([]);
      const tags = await navigation('/opds/tags', bearer(excluder.token));
      expect(tags.entries.some((e) => e.title === pageTag)).toBe(false);
    });

    it('describes its search with OpenSearch and answers searches with an acquisition feed', async () => {
      const response = await t().app.request('/opds/opensearch.xml');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/opensearchdescription+xml;charset=utf-8');
      const xml = await response.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const description = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
        OpenSearchDescription: { xmlns: string; ShortName: string; Url: { type: string; template: string }[] };
      };
      expect(description.OpenSearchDescription.xmlns).toBe('http://a9.com/-/spec/opensearch/1.1/');
      expect(description.OpenSearchDescription.ShortName.length).toBeLessThanOrEqual(16);
      const template = description.OpenSearchDescription.Url.find((u) => u.type === ACQUISITION)!.template;
      expect(template).toBe(`${BASE}/opds/search?q={searchTerms}`);

      const results = await acquisition(pathOf(template.replace('{searchTerms}', encodeURIComponent('harbour one'))));
      expect(ids(results)).toEqual([workId(general.id)]);
      expect(link(results.links, 'self')?.href).toBe(`${BASE}/opds/search?q=harbour+one`);
      const none = await acquisition('/opds/search?q=');
      expect(none.entries).toHaveLength(0);
      const odd = await acquisition(`/opds/search?q=${encodeURIComponent('"unbalanced -( title: \u0000')}`);
      // Unbalanced quotes, lone operators and control characters still give a well-formed feed (checked by acquisition()).
      expect(Number.isInteger(odd.search.totalResults)).toBe(true);
    });
  });
});
