import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DIALECTS, unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 4 §5 in real Chromium: a reader filters /works, saves the search, subscribes to it; another user posts a
// matching work; the server's own job runner delivers it, and the reader finds it in the inbox. The steps share
// state and run in order, once per database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

async function expectAccessible(page: Page, where: string): Promise<void> {
  const serious = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, formatViolations(where, serious)).toEqual([]);
}

/**
 * Posts a one-chapter work through /works/new. The fandom field is found by its name: with the tag autocomplete its
 * label also names the suggestion list.
 */
async function postWork(page: Page, input: { title: string; fandom: string; rating: string; body: string }): Promise<number> {
  await page.goto('/works/new');
  await page.getByLabel('Rating').selectOption(input.rating);
  await page.getByLabel('No Archive Warnings Apply').check();
  await page.locator('input[name="fandoms"]').fill(input.fandom);
  await page.getByLabel('Work title').fill(input.title);
  await page.getByLabel('Work text').fill(input.body);
  await Promise.all([page.waitForURL((url) => /^\/works\/\d+$/.test(url.pathname)), page.getByRole('button', { name: 'Post', exact: true }).click()]);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Reloads `path` until `ready` holds (notifications arrive through background jobs, not the request). */
async function reloadUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(path);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not appear on ${path} within ${timeoutMs} ms. The page reads:\n${(await page.locator('main').innerText()).slice(0, 2000)}`);
    await page.waitForTimeout(200);
  }
}

for (const dialect of DIALECTS) {
  describe(`saved searches in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    let author: Page;
    let reader: Page;
    const fandom = unique('Glass Harbour ');
    const searchName = unique('Harbour, mature ');
    const newTitle = unique('The Second Lantern ');

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect, runJobs: true });
      author = await harness.newPage();
      reader = await harness.newPage();
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
    });

    test('an author posts a first work in a fandom', async () => {
      await signUpThroughForm(author, unique('author'));
      const first = await postWork(author, { title: unique('The First Lantern '), rating: 'Mature', fandom, body: '<p>The harbour lights went out one by one.</p>' });
      expect(first).toBeGreaterThan(0);
    }, BROWSER_TEST_TIMEOUT);

    test('a reader filters /works, saves the search from the listing, and subscribes to it', async () => {
      await signUpThroughForm(reader, unique('reader'));
      await reader.goto(`/works?${new URLSearchParams({ tags: fandom, ratings: 'Mature' })}`);
      expect(await reader.locator('.listing-count').textContent()).toContain('of 1 works');
      const form = reader.locator('form.save-search-form');
      await expect.poll(() => form.count()).toBe(1);
      await expectAccessible(reader, 'a filtered listing with the save form');
      await harness.screenshot(reader, `saved-search-${dialect}-01-listing`);
      await form.getByLabel('Name').fill(searchName);
      await Promise.all([reader.waitForURL((url) => url.pathname === '/works'), form.getByRole('button', { name: 'Save search' }).click()]);
      expect(await reader.locator('.flash').textContent()).toContain(`Saved “${searchName}”`);

      await reader.goto('/settings');
      await Promise.all([reader.waitForURL('**/saved-searches'), reader.getByRole('link', { name: 'Saved searches' }).click()]);
      const entry = reader.locator('.saved-search', { hasText: searchName });
      expect(await entry.locator('.saved-search-query').textContent()).toBe(`Tags: ${fandom} · Ratings: Mature`);
      await Promise.all([reader.waitForURL('**/saved-searches'), entry.getByRole('button', { name: `Subscribe to “${searchName}”` }).click()]);
      expect(await entry.getByRole('button', { name: `Unsubscribe from “${searchName}”` }).count()).toBe(1);
      await expectAccessible(reader, '/saved-searches');
      await harness.screenshot(reader, `saved-search-${dialect}-02-list`);
    }, BROWSER_TEST_TIMEOUT);

    test('another user posts a matching work, and the reader sees it in the inbox', async () => {
      const workId = await postWork(author, { title: newTitle, rating: 'Mature', fandom, body: '<p>A second light, further out.</p>' });
      const item = reader.locator('main li', { hasText: newTitle });
      await reloadUntil(reader, '/inbox', async () => (await item.count()) > 0, 'The saved-search notification');
      expect(await item.textContent()).toContain(`New work matching your saved search “${searchName}”`);
      expect(await item.getByRole('link').first().getAttribute('href')).toContain(`/works/${workId}`);
      await harness.screenshot(reader, `saved-search-${dialect}-03-inbox`);
    }, BROWSER_TEST_TIMEOUT);
  });
}
