import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportDocumentSchema } from '../../src/exports/export-format.js';
import { DIALECTS, TEST_PASSWORD, unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 5 §4–5 in real Chromium: an author exports their data (the app's own job runner builds the zip in the
// background), downloads the zip, deletes their account with their works orphaned, and a guest still reads the
// works, credited to orphan_account. The steps share state and run in order, once per database.

/** Posts a work in a new series through the form, addressing fields by id (the tag fields carry suggestion lists). */
async function postWorkInNewSeries(page: Page, title: string, seriesTitle: string, body: string): Promise<number> {
  await page.goto('/works/new');
  await page.locator('#field-rating').selectOption('General Audiences');
  await page.getByLabel('No Archive Warnings Apply').check();
  await page.locator('#field-fandoms').fill('Original Work');
  await page.locator('#field-title').fill(title);
  await page.locator('#field-new_series_title').fill(seriesTitle);
  await page.locator('#field-body').fill(body);
  await Promise.all([page.waitForURL((url) => /^\/works\/\d+$/.test(url.pathname)), page.getByRole('button', { name: 'Post', exact: true }).click()]);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Reloads `path` until `ready` holds (the export is built by a background job, not the request). */
async function reloadUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(path);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not appear on ${path} within ${timeoutMs} ms. The page reads:\n${(await page.locator('main').innerText()).slice(0, 1500)}`);
    await page.waitForTimeout(200);
  }
}

for (const dialect of DIALECTS) {
  describe(`leaving the archive in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    let author: Page;
    let authorName = '';
    let workId = 0;
    const title = unique('The Lantern Keeper ');
    const seriesTitle = unique('Harbour Lights ');

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect, runJobs: true });
      author = await harness.newPage({ acceptDownloads: true });
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
    });

    test('an author posts a work in a series', async () => {
      authorName = await signUpThroughForm(author, unique('keeper'));
      workId = await postWorkInNewSeries(author, title, seriesTitle, '<p>Every evening the keeper climbed the hundred steps with oil for the lamp.</p>');
      expect(await author.locator('h1.work-title').textContent()).toBe(title);
    }, BROWSER_TEST_TIMEOUT);

    test('exports their data from settings and downloads the zip', async () => {
      await author.goto('/settings');
      await Promise.all([author.waitForURL('**/settings/export'), author.getByRole('link', { name: 'Your data' }).click()]);
      await Promise.all([author.waitForURL('**/settings/export'), author.getByRole('button', { name: 'Prepare my export' }).click()]);
      expect(await author.locator('.flash').textContent()).toContain('Your export is being prepared.');
      const download = author.getByRole('link', { name: 'Download your data (.zip)' });
      await reloadUntil(author, '/settings/export', async () => (await download.count()) > 0, 'The download link');
      const exportViolations = await axeCheck(author);
      expect(exportViolations, formatViolations('/settings/export', exportViolations)).toEqual([]);
      await harness.screenshot(author, 'leaving-export-ready');

      const [file] = await Promise.all([author.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`^chapterhouse-export-${authorName}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
      const entries = unzipSync(new Uint8Array(fs.readFileSync((await file.path())!)));
      const doc = exportDocumentSchema.parse(JSON.parse(strFromU8(entries['chapterhouse-export.json']!)));
      expect(doc.account.username).toBe(authorName);
      expect(doc.works.map((w) => w.title)).toEqual([title]);
      expect(doc.series.map((s) => s.title)).toEqual([seriesTitle]);
      expect(entries[doc.works[0]!.epub!]).toBeDefined();

      // The inbox says it is ready.
      await author.goto('/inbox');
      expect(await author.locator('main').innerText()).toContain('Your data export is ready to download');
    }, BROWSER_TEST_TIMEOUT);

    test('deletes the account with the works orphaned', async () => {
      await author.goto('/settings');
      await Promise.all([author.waitForURL('**/settings/delete-account'), author.getByRole('link', { name: 'Delete your account' }).click()]);
      expect(await author.getByRole('link', { name: 'Download your data' }).getAttribute('href')).toBe('/settings/export');
      const deleteViolations = await axeCheck(author);
      expect(deleteViolations, formatViolations('/settings/delete-account', deleteViolations)).toEqual([]);
      await author.getByLabel('Orphan them').check();
      await author.getByLabel('Your password').fill('not my password');
      await author.getByRole('button', { name: 'Delete my account' }).click();
      expect(await author.locator('#error-password').textContent()).toBe('That is not your current password.');
      expect(await author.getByLabel('Orphan them').isChecked()).toBe(true);
      await harness.screenshot(author, 'leaving-delete-account-error');

      await author.getByLabel('Your password').fill(TEST_PASSWORD);
      await Promise.all([author.waitForURL((url) => url.pathname === '/'), author.getByRole('button', { name: 'Delete my account' }).click()]);
      expect(await author.locator('.flash').textContent()).toContain('Your account has been deleted.');
      expect(await author.getByRole('button', { name: 'Log out' }).count()).toBe(0);
    }, BROWSER_TEST_TIMEOUT);

    test('a guest still reads the works, credited to orphan_account', async () => {
      const guest = await harness.newPage();
      await guest.goto(`/works/${workId}`);
      expect(await guest.locator('h1.work-title').textContent()).toBe(title);
      const main = await guest.locator('main').innerText();
      expect(main).toContain('orphan_account');
      expect(main).not.toContain(authorName);
      expect(main).toContain('Every evening the keeper climbed the hundred steps');
      await guest.getByRole('link', { name: seriesTitle }).first().click();
      expect(await guest.locator('main').innerText()).toContain(title);
      // The old name's page is gone.
      expect((await guest.goto(`/users/${authorName}`))!.status()).toBe(404);
    }, BROWSER_TEST_TIMEOUT);
  });
}
