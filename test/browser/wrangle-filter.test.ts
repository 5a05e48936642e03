import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { registerUser } from '../../src/accounts/accounts.js';
import { DIALECTS, TEST_PASSWORD, unique, workInput } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, logInThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 4, §8: a wrangler makes a freeform a synonym (picked with the tag combobox, by keyboard) and a fandom a sub tag
// of a meta fandom through the pages; the listing filtered by the meta tag and the canonical tag then includes works
// tagged with the sub fandom and the synonym; the sidebar narrows it by include, exclude, rating and word range, with
// the counts shown. Axe checks the wrangling pages and the filtered listing, light and dark.

const enc = encodeURIComponent;
const words = (n: number) => `<p>${Array.from({ length: n }, (_, i) => `word${i}`).join(' ')}</p>`;

for (const dialect of DIALECTS) {
  describe(`wrangling then filtering in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    let wrangler: Page;
    const admin = unique('admin');
    const wranglerName = unique('wrangler');
    const sub = unique('Cliffside Sagas ');
    const meta = unique('Coastal Stories ');
    const other = unique('Inland Tales ');
    const synonym = unique('gull talk ');
    const canonical = unique('Gulls Talking ');
    const dropped = unique('Seasickness ');
    const titles = { short: unique('Short General '), mature: unique('Mature One '), droppedTag: unique('Dropped Tag '), long: unique('Long General '), middle: unique('Middle General '), elsewhere: unique('Elsewhere ') };

    async function api(method: string, path: string, json: unknown, token?: string): Promise<Response> {
      return fetch(`${harness.baseUrl}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(json),
      });
    }

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect });
      await registerUser(harness.db, harness.config, { username: admin, email: `${admin}@example.org`, password: TEST_PASSWORD }, { force: true, admin: true });
      await registerUser(harness.db, harness.config, { username: wranglerName, email: `${wranglerName}@example.org`, password: TEST_PASSWORD }, { force: true });
      const { token } = (await (await api('POST', '/tokens', { login: admin, password: TEST_PASSWORD, name: 'tests' })).json()) as { token: string };
      expect((await api('PATCH', `/users/${wranglerName}`, { wrangler: true }, token)).status).toBe(200);
      const post = async (title: string, fandom: string, freeforms: string[], rating: string, n: number) =>
        expect((await api('POST', '/works', workInput({ title, fandoms: [fandom], freeforms, rating, characters: [], chapters: [{ title: 'One', body: words(n) }] }), token)).status).toBe(201);
      await post(titles.short, sub, [synonym], 'General Audiences', 30);
      await post(titles.mature, sub, [canonical], 'Mature', 200);
      await post(titles.droppedTag, sub, [synonym, dropped], 'General Audiences', 200);
      await post(titles.long, sub, [synonym], 'General Audiences', 400);
      await post(titles.middle, sub, [canonical], 'General Audiences', 150);
      await post(titles.elsewhere, other, [canonical], 'General Audiences', 100);
      expect((await api('PATCH', `/tags/${enc(canonical)}`, { canonical: true }, token)).status).toBe(200);
      wrangler = await harness.newPage();
      await logInThroughForm(wrangler, wranglerName);
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
    });

    test('a wrangler makes a sub fandom and a synonym through the pages', async () => {
      await wrangler.getByRole('link', { name: 'Wrangling', exact: true }).click();
      await wrangler.waitForURL('**/wrangling');
      // The unwrangled fandom is queued; make it canonical from the queue.
      const row = wrangler.locator('.queue-tag', { hasText: sub.trim() });
      await Promise.all([wrangler.waitForURL('**/wrangling'), row.getByRole('button', { name: /Make canonical/ }).click()]);
      expect(await wrangler.locator('.flash').textContent()).toContain('is now canonical');
      // Give it a meta fandom on its tag page (the parent is created as a canonical fandom).
      await wrangler.goto(`/tags/${enc(sub.trim())}`);
      await wrangler.getByLabel('Add parent tags').fill(meta.trim());
      await Promise.all([wrangler.waitForURL(`**/tags/**`), wrangler.getByRole('button', { name: 'Add parents' }).click()]);
      expect(await wrangler.locator('main').textContent()).toContain(meta.trim());

      // The meta fandom's queue lists the synonym-to-be; pick the canonical tag with the combobox, by keyboard.
      await wrangler.goto(`/wrangling?fandom=${enc(meta.trim())}`);
      expect(await wrangler.locator('main').textContent()).toContain(`Unwrangled tags in ${meta.trim()}`);
      const synRow = wrangler.locator('.queue-tag', { hasText: synonym.trim() });
      const box = synRow.getByRole('combobox', { name: /Synonym of/ });
      await box.pressSequentially(canonical.slice(0, 8), { delay: 20 });
      const listbox = wrangler.locator(`#${await box.getAttribute('aria-controls')}`);
      await expect.poll(() => listbox.locator('[role=option]').allTextContents()).toEqual([canonical.trim()]);
      expect(await box.getAttribute('aria-expanded')).toBe('true');
      await box.press('ArrowDown');
      expect(await box.getAttribute('aria-activedescendant')).toBe(await listbox.locator('[role=option]').first().getAttribute('id'));
      await box.press('Enter');
      expect(await box.inputValue()).toBe(`${canonical.trim()}, `);
      expect(await box.getAttribute('aria-expanded')).toBe('false');
      // Escape closes a reopened list without submitting.
      await box.fill('');
      await box.pressSequentially(canonical.slice(0, 8), { delay: 20 });
      await expect.poll(() => box.getAttribute('aria-expanded')).toBe('true');
      await box.press('Escape');
      expect(await box.getAttribute('aria-expanded')).toBe('false');
      await box.fill(canonical.trim());
      await Promise.all([wrangler.waitForURL('**/wrangling?**'), synRow.getByRole('button', { name: /Make synonym/ }).click()]);
      expect(await wrangler.locator('.flash').textContent()).toContain('is now a synonym');

      await wrangler.goto(`/wrangling/log?wrangler=${enc(wranglerName)}`);
      const log = await wrangler.locator('table.wrangling-log tbody').innerText();
      expect(log).toContain(`Made a synonym of “${canonical.trim()}”`);
      expect(log).toContain(`Added parent “${meta.trim()}”`);
      expect(log).toContain('Made canonical');
    }, BROWSER_TEST_TIMEOUT);

    test('the filtered listing finds works through the meta tag and the synonym, and the sidebar narrows it with counts', async () => {
      const page = await harness.newPage();
      await page.goto(`/works?tags=${enc(`${meta.trim()},${canonical.trim()}`)}`);
      const listed = async () => (await page.locator('ol.blurbs h2, ol.blurbs h3').allTextContents()).map((t) => t.trim()).sort();
      expect(await listed()).toEqual([titles.short, titles.mature, titles.droppedTag, titles.long, titles.middle].map((t) => t.trim()).sort());
      expect(await page.locator('.listing-count').textContent()).toContain('1–5 of 5 works');
      const ratings = page.locator('#field-ratings');
      expect(await ratings.innerText()).toContain('General Audiences (4)');
      expect(await ratings.innerText()).toContain('Mature (1)');

      await ratings.getByLabel(/General Audiences/).check();
      await page.getByLabel('Other tags to exclude').fill(dropped.trim());
      await page.getByLabel('Words from').fill('20');
      await page.getByLabel('Words to').fill('300');
      await Promise.all([page.waitForURL('**/works?**'), page.getByRole('button', { name: 'Sort and filter' }).first().click()]);
      const url = new URL(page.url());
      expect(url.searchParams.getAll('ratings')).toEqual(['General Audiences']);
      expect(url.searchParams.get('exclude_tags')).toBe(dropped.trim());
      expect(url.searchParams.get('words_from')).toBe('20');
      expect(url.searchParams.get('words_to')).toBe('300');
      expect(await listed()).toEqual([titles.short, titles.middle].map((t) => t.trim()).sort());
      expect(await page.locator('.listing-count').textContent()).toContain('1–2 of 2 works');
      expect(await page.locator('#field-ratings').innerText()).toContain('General Audiences (2)');
      expect(await page.locator('#field-ratings').innerText()).toContain('Mature (0)');
      await harness.screenshot(page, `wrangle-filter-${dialect}-works`);
      await page.context().close();
    }, BROWSER_TEST_TIMEOUT);

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`wrangling pages and the filtered listing have no serious axe violations (${colorScheme})`, async () => {
        const page = await harness.newPage({ colorScheme });
        await logInThroughForm(page, wranglerName);
        for (const [name, path] of [
          ['fandom queue', '/wrangling'],
          ['meta fandom queue', `/wrangling?fandom=${enc(meta.trim())}`],
          ['wrangling log', '/wrangling/log'],
          ['filtered works with facets', `/works?tags=${enc(meta.trim())}&ratings=General%20Audiences&words_to=300`],
        ] as const) {
          await page.goto(path);
          const violations = await axeCheck(page);
          expect(violations, formatViolations(name, violations)).toEqual([]);
        }
        // The combobox open on the posting form.
        await page.goto('/works/new');
        await page.getByRole('combobox', { name: /Additional tags/ }).pressSequentially(canonical.slice(0, 8), { delay: 20 });
        await page.locator('[role=listbox]:not([hidden]) [role=option]').first().waitFor();
        const violations = await axeCheck(page);
        expect(violations, formatViolations('open combobox', violations)).toEqual([]);
        await harness.screenshot(page, `wrangle-filter-${dialect}-combobox-${colorScheme}`);
        await page.context().close();
      }, BROWSER_TEST_TIMEOUT);
    }
  });
}
