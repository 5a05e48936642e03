import { Hono } from 'hono';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { stylesheet } from '../ui/assets.js';
import { forEachDatabase, postWork } from '../../test/helpers.js';
import { generatedParagraphs } from '../../test/long-text.js';
import { chooseEncoding, compressResponses, isCompressibleType } from './compression.js';
import type { AppEnv } from './env.js';

const gzip = { 'accept-encoding': 'gzip, deflate, br' };

/** The body of a gzipped answer, decompressed. */
async function gunzipped(response: Response): Promise<string> {
  expect(response.headers.get('content-encoding')).toBe('gzip');
  return gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
}

function varies(response: Response): boolean {
  return /(^|,)\s*Accept-Encoding\s*(,|$)/i.test(response.headers.get('vary') ?? '');
}

describe('choosing an encoding', () => {
  it('takes gzip when named or covered by *, and never when refused with q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('gzip');
    expect(chooseEncoding('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('gzip;q=0, *')).toBeUndefined();
    expect(chooseEncoding('*;q=0')).toBeUndefined();
    expect(chooseEncoding('')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it('compresses text types and leaves EPUB, zip, images and event streams alone', () => {
    for (const type of ['text/html; charset=utf-8', 'application/json', 'application/atom+xml;profile=opds-catalog;kind=navigation', 'application/xml', 'text/css; charset=utf-8', 'text/javascript; charset=utf-8', 'application/opensearchdescription+xml', 'application/problem+json']) {
      expect(isCompressibleType(type), type).toBe(true);
    }
    for (const type of ['application/epub+zip', 'application/zip', 'image/png', 'text/event-stream', 'application/octet-stream', null]) {
      expect(isCompressibleType(type), String(type)).toBe(false);
    }
  });
});

describe('compressing answers the render cache does not hold', () => {
  forEachDatabase((t) => {
    it('gzips a signed-in page to the same bytes as the plain answer, with Vary and the same ETag, and 304s either way', async () => {
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'The Long Pier', chapters: [{ title: 'Out', body: generatedParagraphs(4000) }] });
      const reader = t().browser();
      await t().signUp(reader);
      const path = `/works/${work.id}/chapters/1`;
      // The first visit shows the sign-up's flash message once.
      await reader.get(path);
      const plain = await reader.get(path);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(varies(plain)).toBe(true);
      const text = await plain.text();
      expect(text.length).toBeGreaterThan(20_000);

      const zipped = await reader.get(path, gzip);
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('cache-control')).toBe('private, no-cache');
      expect(varies(zipped)).toBe(true);
      expect(zipped.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const length = Number(zipped.headers.get('content-length'));
      const body = await gunzipped(zipped.clone());
      expect(body).toBe(text);
      expect(length).toBe((await zipped.arrayBuffer()).byteLength);
      expect(length).toBeLessThan(text.length / 2);

      const etag = zipped.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"/);
      expect(plain.headers.get('etag')).toBe(etag);
      const revalidated = await reader.get(path, { ...gzip, 'if-none-match': etag });
      expect(revalidated.status).toBe(304);
      expect(varies(revalidated)).toBe(true);
      expect(await revalidated.text()).toBe('');
    });

    it('gzips an API answer and a feed, and sends the plain bytes to a client that does not ask', async () => {
      const { user, token } = await t().apiUser();
      for (let i = 0; i < 4; i++) await postWork(t(), token, { title: `Tide Table ${i}` });
      const listing = await t().api('GET', '/api/v1/works?per_page=20', { token });
      expect(listing.status).toBe(200);
      expect(listing.headers.get('content-encoding')).toBeNull();
      expect(varies(listing)).toBe(true);
      const json = await listing.text();
      expect(json.length).toBeGreaterThan(1024);
      const zipped = await t().api('GET', '/api/v1/works?per_page=20', { token, headers: gzip });
      expect(zipped.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(await gunzipped(zipped))).toEqual(JSON.parse(json));

      // A feed's strong ETag becomes weak when it is sent compressed; a client holding it still gets its 304.
      const feedPath = `/users/${user.username}/feed.atom`;
      const feed = await t().app.request(feedPath);
      const strong = feed.headers.get('etag')!;
      expect(strong).toMatch(/^"/);
      const feedText = await feed.text();
      expect(feedText.length).toBeGreaterThan(1024);
      const zippedFeed = await t().app.request(feedPath, { headers: gzip });
      expect(zippedFeed.headers.get('etag')).toBe(`W/${strong}`);
      expect(await gunzipped(zippedFeed)).toBe(feedText);
      expect((await t().app.request(feedPath, { headers: { ...gzip, 'if-none-match': `W/${strong}` } })).status).toBe(304);

      // The OpenAPI document, the largest JSON answer.
      const spec = await t().app.request('/api/v1/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
      expect(JSON.parse(await gunzipped(spec))).toHaveProperty('openapi');
    });

    it('answers HEAD with the headers a GET gets and no body', async () => {
      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { chapters: [{ body: generatedParagraphs(2000) }] });
      const reader = t().browser();
      await t().signUp(reader);
      const head = await reader.request(`/works/${work.id}`, { method: 'HEAD', headers: gzip });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-encoding')).toBe('gzip');
      expect(varies(head)).toBe(true);
      expect(await head.text()).toBe('');
      const plainHead = await reader.request(`/works/${work.id}`, { method: 'HEAD' });
      expect(plainHead.status).toBe(200);
      expect(plainHead.headers.get('content-encoding')).toBeNull();
      expect(await plainHead.text()).toBe('');
    });

    it('leaves small answers, guests’ cached pages and EPUBs as they are, and gzips HTML downloads', async () => {
      const health = await t().app.request('/healthz', { headers: gzip });
      expect(health.headers.get('content-encoding')).toBeNull();
      expect(await health.json()).toEqual({ status: 'ok' });

      const { token } = await t().apiUser();
      const work = await postWork(t(), token, { title: 'A Grey Morning', chapters: [{ body: generatedParagraphs(3000) }] });
      // A guest's page comes from the render cache already gzipped: compressed once, not twice.
      const first = await t().app.request(`/works/${work.id}`, { headers: gzip });
      const cached = await t().app.request(`/works/${work.id}`, { headers: gzip });
      expect(cached.headers.get('x-cache')).toBe('hit');
      const page = await gunzipped(cached);
      expect(page).toMatch(/^<!DOCTYPE html>/i);
      expect(page).toContain('A Grey Morning');
      expect(await gunzipped(first)).toBe(page);

      const epub = await t().app.request(`/works/${work.id}/download.epub`, { headers: gzip });
      expect(epub.headers.get('content-type')).toBe('application/epub+zip');
      expect(epub.headers.get('content-encoding')).toBeNull();
      expect(epub.headers.get('etag')).toMatch(/^"epub-/);
      expect(Buffer.from(await epub.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');

      const plainHtml = await t().app.request(`/works/${work.id}/download.html`);
      const strong = plainHtml.headers.get('etag')!;
      expect(strong).toMatch(/^"html-/);
      const html = await t().app.request(`/works/${work.id}/download.html`, { headers: gzip });
      expect(html.headers.get('etag')).toBe(`W/${strong}`);
      expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(await gunzipped(html)).toBe(await plainHtml.text());
      // The kept copy serves the next request the same bytes.
      const again = await t().app.request(`/works/${work.id}/download.html`, { headers: gzip });
      expect(await gunzipped(again)).toBe(await (await t().app.request(`/works/${work.id}/download.html`)).text());
      const revalidated = await t().app.request(`/works/${work.id}/download.html`, { headers: { ...gzip, 'if-none-match': `W/${strong}` } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(`W/${strong}`);
      expect(varies(revalidated)).toBe(true);
    });

    it('gzips the stylesheet once and serves the same copy after', async () => {
      const first = await t().app.request(stylesheet.url, { headers: gzip });
      expect(first.headers.get('cache-control')).toContain('immutable');
      const firstBytes = Buffer.from(await first.clone().arrayBuffer());
      expect(await gunzipped(first)).toBe(stylesheet.body);
      const second = await t().app.request(stylesheet.url, { headers: gzip });
      expect(Buffer.from(await second.arrayBuffer())).toEqual(firstBytes);
      expect(varies(second)).toBe(true);
    });
  });
});

describe('streamed answers', () => {
  const text = 'A line of the export, repeated to make a long body.\n'.repeat(500);
  const app = new Hono<AppEnv>();
  app.use(compressResponses);
  /** A body that arrives in pieces, as the zip export's does. */
  const streamOf = (chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
  app.get('/export.zip', (c) => c.body(streamOf([text, text]), 200, { 'Content-Type': 'application/zip' }));
  app.get('/log.txt', (c) => c.body(streamOf([text, text]), 200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-transform' }));
  app.get('/page', (c) => c.html(`<!DOCTYPE html><p>${text}</p>`));

  it('passes a binary or no-transform stream through untouched, and compresses an ordinary page', async () => {
    for (const path of ['/export.zip', '/log.txt']) {
      const res = await app.request(path, { headers: gzip });
      expect(res.headers.get('content-encoding'), path).toBeNull();
      expect(await res.text(), path).toBe(text + text);
    }
    const page = await app.request('/page', { headers: gzip });
    expect(await gunzipped(page)).toBe(`<!DOCTYPE html><p>${text}</p>`);
  });
});
