import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { getRequestListener } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { flushBufferedHits } from '../history/hit-buffer.js';
import { registerUser } from '../accounts/accounts.js';
import { createApp } from '../app.js';
import { migrateToLatest } from '../db/connection.js';
import { createWork } from '../works/works.js';
import { findWork } from '../works/works.queries.js';
import { TEST_PASSWORD, TestBrowser, forEachDatabase, openTestDatabase, pageText, postWork, testConfig, workInput, type TestContext } from '../../test/helpers.js';
import type { Services } from './env.js';
import { closeChapterReaders } from './personal-splice.queries.js';
import { fastPathListener } from './fast-path.js';
import { spliceStoreFor } from './personal-splice.js';

// The signed-in chapter page served from its stored parts (src/http/personal-splice.ts), through the same listener
// the server uses (fast-path.ts), held to the page the app renders in full for the same reader at the same moment.

const servers = new Map<object, Promise<string>>();
const opened: http.Server[] = [];

afterAll(async () => {
  await Promise.all(opened.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The base URL of a real HTTP server for this test app (started once per app). */
function serverFor(t: TestContext): Promise<string> {
  let url = servers.get(t.app);
  if (!url) {
    const server = http.createServer(fastPathListener(t.services, getRequestListener(t.app.fetch)));
    opened.push(server);
    url = new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    servers.set(t.app, url);
  }
  return url;
}

/** The browser's cookies as a Cookie header (the session, its CSRF seed, and the adult-notice answer). */
function cookieHeader(browser: TestBrowser): string {
  const pairs = ['ch_session', 'ch_csrf'].flatMap((name) => (browser.cookie(name) ? [`${name}=${browser.cookie(name)}`] : []));
  return [...pairs, 'view_adult=true'].join('; ');
}

/** The chapter page over HTTP, as this browser (answered from the parts when they are stored). */
async function fetchPage(t: TestContext, browser: TestBrowser, path: string): Promise<{ body: string; spliced: boolean; res: Response }> {
  const res = await fetch((await serverFor(t)) + path, { headers: { cookie: cookieHeader(browser) } });
  return { body: await res.text(), spliced: res.headers.get('x-cache') === 'hit', res };
}

/**
 * The same page rendered in full by the app, for the same reader. The hit count is left out of the comparison: hits
 * are written about once a second, and a stored page, like a guest's cached one, shows the count of its render.
 */
async function renderedPage(t: TestContext, browser: TestBrowser, path: string): Promise<string> {
  return withoutHits(await (await t.app.request(path, { headers: { cookie: cookieHeader(browser) } })).text());
}

function withoutHits(html: string): string {
  return html.replace(/<dt>Hits<\/dt><dd>[\d,]+<\/dd>/, '<dt>Hits</dt><dd>?</dd>');
}

describe('the signed-in chapter page from stored parts', () => {
  forEachDatabase((t) => {
    async function setUp() {
      // The archive's first account becomes its administrator (whose pages are always rendered in full).
      await t().apiUser({ admin: true });
      const { user: author, token } = await t().apiUser();
      const work = await postWork(t(), token, {
        title: 'The Salt Road',
        rating: 'Mature',
        chapters: [
          { title: 'Departure', body: 'The caravan left before dawn.' },
          { title: 'The Well', body: 'Water was scarce on the second day.' },
          { title: 'Arrival', body: 'The city walls rose out of the haze.' },
        ],
      });
      const reader = t().browser();
      const user = await t().signUp(reader);
      return { author, token, work, reader, user };
    }

    it('serves a plain reader the bytes the app renders for them, with their name, token and headers', async () => {
      const { work, reader, user } = await setUp();
      const path = `/works/${work.id}/chapters/2`;
      const first = await fetchPage(t(), reader, path);
      expect(first.res.status).toBe(200);
      expect(first.spliced).toBe(false);
      const second = await fetchPage(t(), reader, path);
      expect(second.spliced).toBe(true);
      expect(withoutHits(second.body)).toBe(withoutHits(first.body));
      expect(withoutHits(second.body)).toBe(await renderedPage(t(), reader, path));
      expect(second.body).toContain(`href="/users/${user.username}"`);
      expect(second.body).toContain(`name="_csrf" value="${reader.csrfToken()}"`);
      expect(pageText(second.body)).toContain('Water was scarce on the second day.');
      for (const name of ['content-type', 'cache-control', 'content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'etag']) {
        expect(second.res.headers.get(name), name).toBe(first.res.headers.get(name));
      }
      expect(second.res.headers.get('cache-control')).toBe('private, no-cache');
      const revalidated = await fetch((await serverFor(t())) + path, { headers: { cookie: cookieHeader(reader), 'if-none-match': second.res.headers.get('etag')! } });
      expect(revalidated.status).toBe(304);
    });

    it('gives two readers each their own kudos, subscription, bookmark and to-read state, name and CSRF token', async () => {
      const { work, reader: alice, user: aliceUser } = await setUp();
      const bob = t().browser();
      const bobUser = await t().signUp(bob);
      const path = `/works/${work.id}/chapters/1`;
      await alice.get(path);
      expect((await alice.post(`/works/${work.id}/kudos`)).status).toBeLessThan(400);
      expect((await alice.post('/subscriptions', { work_id: String(work.id), return_to: path })).status).toBe(303);
      expect((await alice.post(`/works/${work.id}/bookmark`, { notes: '' })).status).toBe(303);
      expect((await alice.post(`/works/${work.id}/later`, { marked: '1' })).status).toBe(303);
      // Warm both readers' parts, then read each page as served from them.
      for (const browser of [alice, bob, alice, bob]) await fetchPage(t(), browser, path);
      const forAlice = await fetchPage(t(), alice, path);
      const forBob = await fetchPage(t(), bob, path);
      expect(forAlice.spliced && forBob.spliced).toBe(true);
      expect(withoutHits(forAlice.body)).toBe(await renderedPage(t(), alice, path));
      expect(withoutHits(forBob.body)).toBe(await renderedPage(t(), bob, path));

      const a = pageText(forAlice.body);
      const b = pageText(forBob.body);
      expect(a).toContain('Unsubscribe');
      expect(a).toContain('Edit bookmark');
      expect(a).toContain('Remove from later');
      expect(b).toContain('Subscribe to this work');
      expect(b).not.toContain('Edit bookmark');
      expect(b).toContain('Mark for later');
      expect(forAlice.body).not.toBe(forBob.body.split(bob.csrfToken()).join(alice.csrfToken()).split(bobUser.username).join(aliceUser.username));
      expect(forAlice.body).toContain(`href="/users/${aliceUser.username}/bookmarks"`);
      expect(forAlice.body).not.toContain(`href="/users/${bobUser.username}/bookmarks"`);
      expect(forBob.body).toContain(`href="/users/${bobUser.username}/bookmarks"`);
      expect(forBob.body).not.toContain(`href="/users/${aliceUser.username}/bookmarks"`);
      expect(forAlice.body).toContain(alice.csrfToken());
      expect(forAlice.body).not.toContain(bob.csrfToken());
      expect(forBob.body).toContain(bob.csrfToken());
      expect(forBob.body).not.toContain(alice.csrfToken());
    });

    it('shows a write by the author to a signed-in reader at once', async () => {
      const { work, token, reader } = await setUp();
      const path = `/works/${work.id}/chapters/1`;
      await fetchPage(t(), reader, path);
      expect((await fetchPage(t(), reader, path)).spliced).toBe(true);
      const edit = await t().api('PATCH', `/api/v1/works/${work.id}/chapters/1`, { token, json: { body: 'The caravan waited for the storm to pass.' } });
      expect(edit.status).toBe(200);
      const after = await fetchPage(t(), reader, path);
      expect(pageText(after.body)).toContain('The caravan waited for the storm to pass.');
      expect(pageText(after.body)).not.toContain('The caravan left before dawn.');
      // An invalidation from another process (over NOTIFY or the cluster) drops the parts too.
      await fetchPage(t(), reader, path);
      expect(spliceStoreFor(t().db).size).toBeGreaterThan(0);
      const { pageCacheFor } = await import('./page-cache.js');
      pageCacheFor(t().db).invalidate([`work:${work.id}`]);
      expect((await fetchPage(t(), reader, path)).spliced).toBe(false);
    });

    it('keeps a mute and a block in force: the muted notice is shown, a blocked reader still cannot leave kudos', async () => {
      const { author, token, work, reader, user } = await setUp();
      const path = `/works/${work.id}/chapters/1`;
      await fetchPage(t(), reader, path);
      expect((await fetchPage(t(), reader, path)).spliced).toBe(true);
      expect((await reader.post(`/users/${author.username}/mute`)).status).toBe(303);
      for (let i = 0; i < 2; i++) {
        const muted = await fetchPage(t(), reader, path);
        expect(muted.spliced).toBe(false);
        expect(withoutHits(muted.body)).toBe(await renderedPage(t(), reader, path));
        expect(pageText(muted.body)).toMatch(/muted/i);
      }
      expect((await reader.post(`/users/${author.username}/unmute`)).status).toBe(303);

      expect((await t().api('POST', '/api/v1/blocks', { token, json: { username: user.username } })).status).toBe(201);
      await fetchPage(t(), reader, path);
      const blocked = await fetchPage(t(), reader, path);
      expect(blocked.spliced).toBe(true);
      expect(withoutHits(blocked.body)).toBe(await renderedPage(t(), reader, path));
      const kudos = await reader.post(`/works/${work.id}/kudos`);
      expect(kudos.status).toBe(403);
    });

    it('records history and hits in a batch that reads see at once, and "continue reading" follows', async () => {
      const { work, reader } = await setUp();
      for (const position of [1, 1, 2, 2, 3, 3]) await fetchPage(t(), reader, `/works/${work.id}/chapters/${position}`);
      // The history page flushes the queued visits before it reads.
      expect(pageText(await (await reader.get('/history')).text())).toContain('The Salt Road');
      await flushBufferedHits(t().db);
      expect((await findWork(t().db, work.id))!.hit_count).toBe(1);
      // Back on chapter 1 the reader is offered chapter 3, where they were (the first time rendered in full and stored).
      const chapter = (n: number) => `/works/${work.id}/chapters/${n}`;
      const back = await fetchPage(t(), reader, chapter(1));
      expect(pageText(back.body)).toContain('Continue reading: Chapter 3');
      await fetchPage(t(), reader, chapter(3));
      const again = await fetchPage(t(), reader, chapter(1));
      expect(again.spliced).toBe(true);
      expect(withoutHits(again.body)).toBe(withoutHits(back.body));
      // Chapter 2 read now (queued, not yet written) moves "continue reading" on at once, as the full render does.
      await fetchPage(t(), reader, chapter(2));
      expect(pageText(await renderedPage(t(), reader, chapter(1)))).toContain('Continue reading: Chapter 2');
      await fetchPage(t(), reader, chapter(2));
      const spliced = await fetchPage(t(), reader, chapter(1));
      expect(spliced.spliced).toBe(true);
      expect(pageText(spliced.body)).toContain('Continue reading: Chapter 2');
      // A visit to the page itself leaves nothing to continue.
      expect(pageText((await fetchPage(t(), reader, chapter(1))).body)).not.toContain('Continue reading');
    });

    it('stops serving a session the moment it ends', async () => {
      const { work, reader, user } = await setUp();
      const path = `/works/${work.id}/chapters/1`;
      await fetchPage(t(), reader, path);
      expect((await fetchPage(t(), reader, path)).spliced).toBe(true);
      const oldCookies = cookieHeader(reader);
      expect((await reader.post('/logout')).status).toBe(303);
      const res = await fetch((await serverFor(t())) + path, { headers: { cookie: oldCookies } });
      const body = await res.text();
      expect(res.headers.get('x-cache')).not.toBe('hit');
      expect(body).not.toContain(`href="/users/${user.username}/bookmarks"`);
      expect(pageText(body)).toContain('Log in');
    });
  });
});

describe('the signed-in chapter page on an SQLite file (its state read on a connection of its own)', () => {
  it('sees each committed write of the app at once, even one that drops no cached page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-splice-'));
    const { db, drop } = await openTestDatabase('sqlite', path.join(dir, 'chapterhouse.db'));
    try {
      await migrateToLatest(db);
      const config = testConfig({ dataDir: dir });
      const services: Services = { db, config, logger: pino({ level: 'silent' }), secret: 'test-secret-file' };
      const app = createApp(services);
      const t = { app, services } as unknown as TestContext;
      await registerUser(db, config, { username: 'fileadmin', email: 'fileadmin@example.org', password: TEST_PASSWORD }, { force: true, admin: true });
      const author = await registerUser(db, config, { username: 'fileauthor', email: 'fileauthor@example.org', password: TEST_PASSWORD }, { force: true, admin: false });
      const work = await createWork(db, author, { ...workInput({ title: 'The Lantern Ferry' }), chapters: [{ title: 'Crossing', body: 'The ferry crossed at dusk.', body_format: 'html' }] } as never);
      const reader = new TestBrowser({ app, services });
      await reader.get('/signup');
      expect((await reader.post('/signup', { username: 'filereader', email: 'filereader@example.org', password: TEST_PASSWORD })).status).toBe(303);
      const page = `/works/${work.id}/chapters/1`;
      await fetchPage(t, reader, page);
      const spliced = await fetchPage(t, reader, page);
      expect(spliced.spliced).toBe(true);
      expect(pageText(spliced.body)).toContain('Subscribe to this work');
      // Subscribing is a private write (no cached page is dropped): the state query must see it on the next request.
      expect((await reader.post('/subscriptions', { work_id: String(work.id), return_to: page })).status).toBe(303);
      const after = await fetchPage(t, reader, page);
      expect(pageText(after.body)).toContain('Unsubscribe');
      expect(withoutHits(after.body)).toBe(await renderedPage(t, reader, page));
      expect((await fetchPage(t, reader, page)).spliced).toBe(true);
    } finally {
      closeChapterReaders();
      await flushBufferedHits(db);
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
