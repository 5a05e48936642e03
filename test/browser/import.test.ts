import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DIALECTS, unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 5's import loop in real Chromium: author A posts a two-chapter work and downloads its EPUB from the work
// page; reader B imports that file on /works/import, reviews the draft preview, posts it, and the posted work shows
// both chapters. Once per database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

for (const dialect of DIALECTS) {
  describe(`importing a downloaded EPUB in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    let author: Page;
    let importer: Page;
    let epubPath = '';
    let importedId = 0;
    const title = unique('Salt and Lantern ');
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-import-'));

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect });
      author = await harness.newPage({ acceptDownloads: true });
      importer = await harness.newPage();
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
      fs.rmSync(downloads, { recursive: true, force: true });
    });

    test('author A posts a work with two chapters and downloads its EPUB from the work page', async () => {
      await signUpThroughForm(author, unique('author'));
      // The form is filled by field id: the tag fields carry suggestion lists whose labels also say "Fandoms".
      await author.goto('/works/new');
      await author.locator('#field-rating').selectOption('General Audiences');
      await author.getByLabel('No Archive Warnings Apply').check();
      await author.locator('#field-fandoms').fill('Original Work');
      await author.locator('#field-title').fill(title);
      await author.locator('#field-summary').fill('Two nights at the harbour light.');
      await author.locator('#field-chapter_title').fill('The First Night');
      await author.locator('#field-body').fill('<p>The lantern swung in the salt wind all night long.</p>');
      await Promise.all([author.waitForURL(/\/works\/\d+$/), author.getByRole('button', { name: 'Post', exact: true }).click()]);
      const workId = Number(/\/works\/(\d+)$/.exec(author.url())![1]);
      await author.goto(`/works/${workId}/chapters/new`);
      await author.getByLabel('Chapter title').fill('The Second Night');
      await author.getByLabel('Chapter text').fill('<p>By the second night the keeper had mended the glass.</p>');
      await Promise.all([author.waitForURL(`**/works/${workId}/chapters/2`), author.getByRole('button', { name: 'Post chapter' }).click()]);

      await author.goto(`/works/${workId}`);
      const [download] = await Promise.all([author.waitForEvent('download'), author.getByRole('group', { name: 'Download this work' }).getByRole('link', { name: 'EPUB' }).click()]);
      epubPath = path.join(downloads, download.suggestedFilename());
      await download.saveAs(epubPath);
      expect(epubPath).toMatch(/\.epub$/);
      expect(fs.statSync(epubPath).size).toBeGreaterThan(1000);
    }, BROWSER_TEST_TIMEOUT);

    test('reader B finds the import page from the post-a-work page and sees a refusal beside the field for a bad file', async () => {
      await signUpThroughForm(importer, unique('importer'));
      await importer.goto('/works/new');
      await Promise.all([importer.waitForURL('**/works/import'), importer.getByRole('link', { name: 'Import a work from a file' }).click()]);
      expect(formatViolations('import page', await axeCheck(importer))).toBe('import page: no serious or critical violations');
      const fake = path.join(downloads, 'not-really.zip');
      fs.writeFileSync(fake, 'plain words, not an archive');
      await importer.getByLabel('File to import').setInputFiles(fake);
      await Promise.all([importer.waitForLoadState('load'), importer.getByRole('button', { name: 'Import as a draft' }).click()]);
      expect(await importer.locator('#error-file').textContent()).toBe('This is not a zip file, though its name ends in .zip.');
      expect(formatViolations('import page with an error', await axeCheck(importer))).toBe('import page with an error: no serious or critical violations');
      await harness.screenshot(importer, `import-${dialect}-01-refused`);
    }, BROWSER_TEST_TIMEOUT);

    test('reader B imports the EPUB and reviews the draft preview', async () => {
      await importer.getByLabel('File to import').setInputFiles(epubPath);
      await Promise.all([importer.waitForURL(/\/works\/\d+\?view_full_work=true$/), importer.getByRole('button', { name: 'Import as a draft' }).click()]);
      importedId = Number(/\/works\/(\d+)/.exec(importer.url())![1]);
      expect(await importer.locator('.flash').textContent()).toContain('Imported as a draft with 2 chapters');
      expect(await importer.locator('.callout').first().textContent()).toContain('This work is a draft');
      expect(await importer.locator('h1.work-title').textContent()).toBe(title);
      const text = await importer.locator('main').innerText();
      expect(text).toContain('Two nights at the harbour light.');
      expect(text).toContain('The lantern swung in the salt wind all night long.');
      expect(text).toContain('By the second night the keeper had mended the glass.');
      expect(formatViolations('draft preview', await axeCheck(importer))).toBe('draft preview: no serious or critical violations');
      await harness.screenshot(importer, `import-${dialect}-02-preview`);
    }, BROWSER_TEST_TIMEOUT);

    test('reader B posts it, and the posted work shows both chapters to everyone', async () => {
      await Promise.all([importer.waitForURL(`**/works/${importedId}`), importer.getByRole('button', { name: 'Post work' }).click()]);
      expect(await importer.locator('.flash').textContent()).toContain('Your work was posted.');
      const visitor = await harness.newPage();
      await visitor.goto(`/works/${importedId}?view_full_work=true`);
      expect(await visitor.locator('h1.work-title').textContent()).toBe(title);
      const headings = await visitor.locator('main h2').allTextContents();
      expect(headings.join(' | ')).toContain('The First Night');
      expect(headings.join(' | ')).toContain('The Second Night');
      expect(await visitor.locator('main').innerText()).toContain('By the second night the keeper had mended the glass.');
      await harness.screenshot(visitor, `import-${dialect}-03-posted`);
    }, BROWSER_TEST_TIMEOUT);
  });
}
