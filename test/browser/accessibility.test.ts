import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { unique } from '../helpers.js';
import {
  axeCheck,
  BROWSER_TEST_TIMEOUT,
  formatViolations,
  postWorkThroughForm,
  signUpThroughForm,
  startBrowserHarness,
  type BrowserHarness,
} from './browser-helpers.js';

// Accessibility in real Chromium: axe-core finds no serious or critical violations on the pages readers and
// authors use, in light and dark colour schemes and on a 360 px phone; the keyboard reaches "Skip to content"
// first; and posting works with JavaScript turned off.

type StorageState = Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;

interface PageUnderTest {
  readonly name: string;
  readonly path: () => string;
  readonly signedIn?: boolean;
  /** Runs after the page loads, to reach a state worth checking (a form showing its errors). */
  readonly prepare?: (page: Page) => Promise<void>;
}

describe('accessibility in Chromium', () => {
  let harness: BrowserHarness;
  let authorState: StorageState;
  let workId = 0;
  let adultWorkId = 0;
  let seriesId = 0;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    // Content worth checking: a two-chapter work with tags, notes and a series, its next part, and an
    // Explicit work for the gate.
    const author = await harness.newPage();
    await signUpThroughForm(author);
    const seriesTitle = unique('Tides ');
    workId = await postWorkThroughForm(author, {
      title: unique('Salt and Lamplight '),
      summary: 'A keeper, a storm, and a ship that should not have been out.',
      chapterTitle: 'Dusk',
      expectedChapters: '3',
      newSeriesTitle: seriesTitle,
      body: '<p>The lamp was lit at <em>dusk</em>.</p><blockquote><p>Keep the light.</p></blockquote><ul><li>oil</li><li>wick</li></ul>',
    });
    await author.goto(`/works/${workId}/chapters/new`);
    await author.getByLabel('Chapter text').fill('<h3>Morning</h3><p>By dawn the ship was safe.</p>');
    await Promise.all([author.waitForURL(`**/works/${workId}/chapters/2`), author.getByRole('button', { name: 'Post chapter' }).click()]);
    await postWorkThroughForm(author, { title: unique('Spring Relief '), continuesSeries: seriesTitle, body: '<p>The relief boat came in spring.</p>' });
    adultWorkId = await postWorkThroughForm(author, { title: unique('Late '), rating: 'Mature', body: '<p>Placeholder text.</p>' });
    await author.goto(`/works/${workId}`);
    seriesId = Number((await author.locator('.series-nav').getByRole('link').filter({ hasText: seriesTitle }).getAttribute('href'))!.split('/').pop());
    authorState = await author.context().storageState();
    await author.context().close();
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
  });

  async function open(options: BrowserContextOptions, signedIn: boolean): Promise<Page> {
    return harness.newPage({ ...options, ...(signedIn ? { storageState: authorState } : {}) });
  }

  const pages: readonly PageUnderTest[] = [
    { name: 'home', path: () => '/' },
    { name: 'works listing', path: () => '/works' },
    { name: 'work', path: () => `/works/${workId}` },
    { name: 'chapter', path: () => `/works/${workId}/chapters/2` },
    { name: 'full work', path: () => `/works/${workId}?view_full_work=true` },
    { name: 'series', path: () => `/series/${seriesId}` },
    { name: 'adult gate', path: () => `/works/${adultWorkId}` },
    { name: 'login', path: () => '/login' },
    { name: 'signup', path: () => '/signup' },
    { name: 'work (author view)', path: () => `/works/${workId}`, signedIn: true },
    { name: 'new work', path: () => '/works/new', signedIn: true },
    {
      name: 'new work with errors',
      path: () => '/works/new',
      signedIn: true,
      prepare: async (page) => {
        await Promise.all([page.waitForURL('**/works'), page.getByRole('button', { name: 'Post', exact: true }).click()]);
        expect(await page.locator('.error-summary').count()).toBe(1);
      },
    },
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`${colorScheme} colour scheme`, () => {
      const contexts = new Map<boolean, Page>();
      async function pageFor(signedIn: boolean): Promise<Page> {
        let page = contexts.get(signedIn);
        if (!page) {
          page = await open({ colorScheme }, signedIn);
          contexts.set(signedIn, page);
        }
        return page;
      }

      for (const target of pages) {
        test(`${target.name} has no serious or critical axe violations`, async () => {
          const page = await pageFor(target.signedIn ?? false);
          const response = await page.goto(target.path());
          expect(response?.status()).toBe(200);
          await target.prepare?.(page);
          const where = `${target.name} (${page.url()}, ${colorScheme})`;
          expect(formatViolations(where, await axeCheck(page))).toBe(`${where}: no serious or critical violations`);
          await harness.screenshot(page, `a11y-${colorScheme}-${target.name.replace(/\W+/g, '-').replace(/-$/, '')}`);
        }, BROWSER_TEST_TIMEOUT);
      }

      test('the work page at 360 px wide has no serious or critical axe violations', async () => {
        const page = await open({ colorScheme, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, false);
        await page.goto(`/works/${workId}`);
        const where = `work (360 px, ${colorScheme})`;
        expect(formatViolations(where, await axeCheck(page))).toBe(`${where}: no serious or critical violations`);
        await harness.screenshot(page, `a11y-${colorScheme}-work-360px`);
      }, BROWSER_TEST_TIMEOUT);
    });
  }

  test('the work page fits a 360 px wide phone without sideways scrolling', async () => {
    const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, true);
    for (const path of [`/works/${workId}`, `/works/${workId}/chapters/2`, '/works/new']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > width + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}`);
        return { width, scrollWidth: document.documentElement.scrollWidth, wide };
      });
      expect(overflow, `${path} overflows at 360 px: ${overflow.wide.join(', ')}`).toMatchObject({ scrollWidth: overflow.width });
    }
  }, BROWSER_TEST_TIMEOUT);

  test('Tab reaches "Skip to content" first, and following it moves focus to the main content', async () => {
    const page = await open({}, false);
    for (const path of ['/', `/works/${workId}/chapters/2`]) {
      await page.goto(path);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute('href') }));
      expect(first, `first Tab stop on ${path}`).toEqual({ text: 'Skip to content', href: '#main' });
      // A skip link hidden off-screen must at least come into view when focused.
      const box = await page.evaluate(() => {
        const rect = document.activeElement!.getBoundingClientRect();
        return { visible: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth };
      });
      expect(box.visible, `the focused skip link on ${path} is on screen`).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // The next Tab continues inside main, not back in the header.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
    }
  }, BROWSER_TEST_TIMEOUT);

  test('with JavaScript turned off, signing up and posting a work through the forms still work', async () => {
    const page = await open({ javaScriptEnabled: false }, false);
    const username = await signUpThroughForm(page);
    expect(await page.locator('.flash').textContent()).toContain(`Welcome, ${username}!`);
    const title = unique('Plain HTML ');
    const id = await postWorkThroughForm(page, { title, body: 'Written without any script.\n\nA second paragraph.' });
    expect(await page.locator('.flash').textContent()).toContain('Your work was posted.');
    expect(await page.locator('h1.work-title').textContent()).toBe(title);
    expect(await page.locator('.userstuff p').allTextContents()).toEqual(['Written without any script.', 'A second paragraph.']);

    // The chapter menu is a <details> disclosure, so it opens without script too.
    await page.goto(`/works/${workId}`);
    await page.getByText('Chapters (2)').click();
    await Promise.all([page.waitForURL(`**/works/${workId}/chapters/2`), page.locator('.chapter-menu').getByRole('link', { name: /^2\b|Chapter 2/ }).click()]);
    expect(id).toBeGreaterThan(0);
  }, BROWSER_TEST_TIMEOUT);
});
