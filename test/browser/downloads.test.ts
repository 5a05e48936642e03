import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { TEST_PASSWORD, unique, workInput } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Downloads in real Chromium (issue 5, §1): the controls on the work and series pages download real files, the
// pages stay accessible in light and dark, and the HTML download opened from disk reads (and passes axe) offline.

describe('downloads in Chromium', () => {
  let harness: BrowserHarness;
  let workId: number;
  let seriesId: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-dl-browser-'));

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const author = unique('author');
    await registerUser(harness.db, harness.config, { username: author, email: `${author}@example.org`, password: TEST_PASSWORD }, { force: true });
    const api = (p: string, json: unknown, token?: string) =>
      fetch(`${harness.baseUrl}/api/v1${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(json) });
    const { token } = (await (await api('/tokens', { login: author, password: TEST_PASSWORD, name: 'tests' })).json()) as { token: string };
    const work = (await (await api('/works', workInput({ title: 'Lamp & Tide', series: { title: 'The Lamp Cycle' }, chapters: [{ title: 'Dusk', body: '<p>The lamp was lit at dusk.</p>' }, { title: 'Dawn', body: '<p>And put out at dawn.</p>' }] }), token)).json()) as { id: number; series: { id: number }[] };
    workId = work.id;
    seriesId = work.series[0]!.id;
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the work page downloads an EPUB and an HTML file', async () => {
    const page = await harness.newPage();
    await page.goto(`/works/${workId}`);
    const links = page.getByRole('group', { name: 'Download this work' });
    const [epub] = await Promise.all([page.waitForEvent('download'), links.getByRole('link', { name: 'EPUB' }).click()]);
    expect(epub.suggestedFilename()).toBe('Lamp & Tide.epub');
    const epubPath = path.join(dir, 'work.epub');
    await epub.saveAs(epubPath);
    const files = unzipSync(new Uint8Array(fs.readFileSync(epubPath)));
    expect(strFromU8(files['mimetype']!)).toBe('application/epub+zip');
    expect(strFromU8(files['EPUB/c0002.xhtml']!)).toContain('And put out at dawn.');

    const [html] = await Promise.all([page.waitForEvent('download'), links.getByRole('link', { name: 'HTML' }).click()]);
    const htmlPath = path.join(dir, 'work.html');
    await html.saveAs(htmlPath);
    for (const colorScheme of ['light', 'dark'] as const) {
      const offline = await harness.newPage({ colorScheme });
      await offline.goto(`file://${htmlPath}`);
      expect(await offline.locator('h1').textContent()).toBe('Lamp & Tide');
      expect(await offline.locator('#chapter-2').textContent()).toContain('And put out at dawn.');
      const violations = await axeCheck(offline);
      expect(violations, formatViolations(`HTML download (${colorScheme})`, violations)).toEqual([]);
      await harness.screenshot(offline, `download-html-${colorScheme}`);
    }
  }, BROWSER_TEST_TIMEOUT);

  test('the series page downloads the series, and both pages pass axe in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await harness.newPage({ colorScheme });
      await page.goto(`/series/${seriesId}`);
      let violations = await axeCheck(page);
      expect(violations, formatViolations(`series page (${colorScheme})`, violations)).toEqual([]);
      await harness.screenshot(page, `download-series-${colorScheme}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download EPUB' }).click()]);
      expect(download.suggestedFilename()).toBe('The Lamp Cycle.epub');
      await page.goto(`/works/${workId}`);
      violations = await axeCheck(page);
      expect(violations, formatViolations(`work page (${colorScheme})`, violations)).toEqual([]);
    }
  }, BROWSER_TEST_TIMEOUT);
});
