import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { registerUser } from '../../src/accounts/accounts.js';
import { DIALECTS, TEST_PASSWORD, unique, workInput } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 4, §8: a reader excludes a tag for good from its tag page ("Never show me this"); its works vanish from
// /works, /search and the fandom's feed fetched in the same signed-in browser, with the counts agreeing. Axe checks
// the tag page, the search results and the exclusions settings page, light and dark.

const enc = encodeURIComponent;

for (const dialect of DIALECTS) {
  describe(`excluding a tag in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    let reader: Page;
    const author = unique('author');
    const fandom = unique('Saltmarsh ');
    const excluded = unique('Drowning ');
    // A word only these works carry, for search.
    const word = `brackish${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
    const hiddenTitles = [unique(`${word} Undertow `), unique(`${word} Deep Water `)];
    const shownTitle = unique(`${word} Shallows `);

    async function api(method: string, path: string, json: unknown, token?: string): Promise<Response> {
      return fetch(`${harness.baseUrl}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(json),
      });
    }

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect });
      await registerUser(harness.db, harness.config, { username: author, email: `${author}@example.org`, password: TEST_PASSWORD }, { force: true, admin: true });
      const { token } = (await (await api('POST', '/tokens', { login: author, password: TEST_PASSWORD, name: 'tests' })).json()) as { token: string };
      for (const title of hiddenTitles) expect((await api('POST', '/works', workInput({ title, fandoms: [fandom], freeforms: [excluded] }), token)).status).toBe(201);
      expect((await api('POST', '/works', workInput({ title: shownTitle, fandoms: [fandom], freeforms: ['Calm seas'] }), token)).status).toBe(201);
      expect((await api('PATCH', `/tags/${enc(fandom.trim())}`, { canonical: true }, token)).status).toBe(200);
      reader = await harness.newPage();
      await signUpThroughForm(reader);
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
    });

    const titlesOn = async (page: Page) => (await page.locator('ol.blurbs h2, ol.blurbs h3').allTextContents()).map((t) => t.trim());

    test('the tag vanishes from /works, /search and the tag feed, counts agreeing', async () => {
      await reader.goto('/works');
      expect(await reader.locator('.listing-count').textContent()).toContain('of 3 works');
      await reader.goto(`/tags/${enc(fandom.trim())}`);
      expect(await reader.locator('main').textContent()).toContain('3 works under this tag');

      await reader.goto(`/tags/${enc(excluded.trim())}`);
      await Promise.all([reader.waitForURL(`**/tags/**`), reader.getByRole('button', { name: 'Never show me this' }).click()]);
      expect(await reader.locator('.flash').textContent()).toContain('are now hidden from you');
      expect(await reader.locator('main').textContent()).toContain('0 works tagged with it');

      await reader.goto('/works');
      expect(await titlesOn(reader)).toEqual([shownTitle.trim()]);
      expect(await reader.locator('.listing-count').textContent()).toContain('1–1 of 1 works');

      await reader.goto(`/search?q=${word}`);
      expect(await titlesOn(reader)).toEqual([shownTitle.trim()]);
      expect(await reader.locator('.listing-count').textContent()).toContain('1–1 of 1 works');

      await reader.goto(`/tags/${enc(fandom.trim())}`);
      expect(await reader.locator('main').textContent()).toContain('1 work under this tag');
      await reader.goto(`/tags/${enc(fandom.trim())}/works`);
      expect(await titlesOn(reader)).toEqual([shownTitle.trim()]);

      // The feed, fetched with this browser's session, agrees; without a session it lists all three.
      const feed = await reader.request.get(`/tags/${enc(fandom.trim())}/feed.atom`);
      expect(feed.headers()['cache-control']).toBe('private, max-age=300');
      const xml = await feed.text();
      expect(xml).toContain(shownTitle.trim());
      for (const title of hiddenTitles) expect(xml).not.toContain(title.trim());
      const publicXml = await (await fetch(`${harness.baseUrl}/tags/${enc(fandom.trim())}/feed.atom`)).text();
      for (const title of hiddenTitles) expect(publicXml).toContain(title.trim());

      await reader.goto('/settings/exclusions');
      expect(await reader.locator('main').textContent()).toContain(excluded.trim());
    }, BROWSER_TEST_TIMEOUT);

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`tag, search and exclusions pages have no serious axe violations (${colorScheme})`, async () => {
        const page = await harness.newPage({ colorScheme });
        await signUpThroughForm(page);
        for (const [name, path] of [
          ['tag page', `/tags/${enc(fandom.trim())}`],
          ['search with results', `/search?q=${word}`],
          ['exclusions settings', '/settings/exclusions'],
        ] as const) {
          await page.goto(path);
          const violations = await axeCheck(page);
          expect(violations, formatViolations(name, violations)).toEqual([]);
        }
        await page.context().close();
      }, BROWSER_TEST_TIMEOUT);
    }
  });
}
