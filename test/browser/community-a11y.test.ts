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

// Accessibility of issue 3's pages in real Chromium: axe-core finds no serious or critical violations on a chapter's
// comment section (threads and the form), a comment's own page, the inbox with notifications, subscriptions,
// bookmarks and the bookmark form, reading history, settings (email frequency and history) and blocked accounts,
// in light and dark colour schemes. The content is made through the pages themselves, with the job runner on so
// the notifications really exist.

type StorageState = Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;
type Role = 'guest' | 'reader' | 'author';

interface PageUnderTest {
  readonly name: string;
  readonly path: () => string;
  readonly role: Role;
  /** The page must show this (so the check runs on a page with content, not an empty state). */
  readonly shows?: string;
  /** The status the page answers with (200 unless said). */
  readonly status?: number;
  /** Runs after the page loads, to reach a state worth checking (a form showing its errors). */
  readonly prepare?: (page: Page) => Promise<void>;
}

describe('accessibility of the community pages in Chromium', () => {
  let harness: BrowserHarness;
  const states = new Map<Role, StorageState | undefined>([['guest', undefined]]);
  let readerName = '';
  let workId = 0;
  let seriesId = 0;
  let readerCommentId = 0;
  const seriesTitle = unique('Harbour Lights ');
  const workTitle = unique('The Breakwater ');
  const secondTitle = unique('The Harbour Wall ');
  const readerComment = unique('I loved the lantern scene ');

  beforeAll(async () => {
    harness = await startBrowserHarness({ runJobs: true });

    // An author posts part 1 of a series, open to guest comments.
    const author = await harness.newPage();
    await signUpThroughForm(author, unique('author'));
    workId = await postWorkThroughForm(author, {
      title: workTitle,
      summary: 'A breakwater, a lantern, and a long night.',
      chapterTitle: 'Lantern',
      newSeriesTitle: seriesTitle,
      commentPermissions: 'Everyone, including guests',
      body: '<p>The lantern swung on its hook all night.</p>',
    });
    seriesId = Number((await author.locator('.series-nav').getByRole('link', { name: seriesTitle }).getAttribute('href'))!.split('/').pop());

    // Someone for the reader to block.
    const pest = await harness.newPage();
    const pestName = await signUpThroughForm(pest, unique('pest'));
    await pest.context().close();

    // A guest comments.
    const guest = await harness.newPage();
    await guest.goto(`/works/${workId}/chapters/1`);
    await guest.getByLabel('Your name').fill('Passing Sailor');
    await guest.getByLabel('Your email').fill('sailor@example.net');
    await guest.getByLabel('Comment (required)', { exact: true }).fill('A fine storm.');
    await Promise.all([guest.waitForURL((url) => url.hash.startsWith('#comment-')), guest.getByRole('button', { name: 'Post comment' }).click()]);
    await guest.context().close();

    // A reader comments (reading the chapter puts it in their history), bookmarks the work, subscribes to the
    // series and the author, and blocks the pest.
    const reader = await harness.newPage();
    reader.on('dialog', (dialog) => void dialog.accept());
    readerName = await signUpThroughForm(reader);
    await reader.goto(`/works/${workId}/chapters/1`);
    await reader.getByLabel('Comment (required)', { exact: true }).fill(readerComment);
    await Promise.all([reader.waitForURL((url) => url.hash.startsWith('#comment-')), reader.getByRole('button', { name: 'Post comment' }).click()]);
    readerCommentId = Number(new URL(reader.url()).hash.replace('#comment-', ''));
    await reader.goto(`/works/${workId}/bookmark`);
    await reader.getByLabel('Notes').fill('Read it on a **stormy** night.');
    await reader.getByLabel('Your tags').fill('storms, lighthouses');
    await reader.getByLabel('Recommend this').check();
    await Promise.all([reader.waitForURL((url) => !url.pathname.endsWith('/bookmark')), reader.getByRole('button', { name: 'Add bookmark' }).click()]);
    await reader.goto(`/series/${seriesId}`);
    await Promise.all([reader.waitForURL(`**/series/${seriesId}`), reader.getByRole('button', { name: 'Subscribe to this series' }).click()]);
    await reader.goto(`/works/${workId}`);
    await Promise.all([reader.waitForURL(`**/works/${workId}`), reader.getByRole('button', { name: 'Subscribe to this work' }).click()]);
    await reader.goto('/settings/blocked');
    await reader.getByLabel('Username').fill(pestName);
    await Promise.all([reader.waitForURL('**/settings/blocked'), reader.getByRole('button', { name: 'Block an account' }).click()]);
    expect(await reader.locator('main').textContent()).toContain(pestName);
    states.set('reader', await reader.context().storageState());
    await reader.context().close();

    // The author replies to the reader and posts part 2: the reader hears of both, the author of the comments.
    await author.goto(`/comments/${readerCommentId}`);
    await author.locator('#reply').getByLabel('Comment (required)', { exact: true }).fill('Thank you — the lantern is my favourite too.');
    await Promise.all([author.waitForURL((url) => url.hash.startsWith('#comment-')), author.getByRole('button', { name: 'Post reply' }).click()]);
    await postWorkThroughForm(author, { title: secondTitle, continuesSeries: seriesTitle, body: '<p>The wall held.</p>' });
    states.set('author', await author.context().storageState());
    await author.context().close();

    const readerId = (await harness.db.selectFrom('users').select('id').where('username', '=', readerName).executeTakeFirstOrThrow()).id;
    // The notifications come from background jobs: wait until both of the reader's exist.
    const deadline = Date.now() + 20_000;
    let kinds: string[] = [];
    while (Date.now() < deadline) {
      kinds = (await harness.db.selectFrom('notifications').select('kind').where('user_id', '=', readerId).execute()).map((n) => n.kind).sort();
      if (kinds.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(kinds).toEqual(['reply', 'series_part']);
  }, BROWSER_TEST_TIMEOUT * 2);

  afterAll(async () => {
    await harness?.close();
  });

  const pages: readonly PageUnderTest[] = [
    { name: 'chapter comments (guest form)', path: () => `/works/${workId}/chapters/1`, role: 'guest', shows: 'Passing Sailor' },
    { name: 'chapter comments (reader)', path: () => `/works/${workId}/chapters/1`, role: 'reader', shows: readerComment },
    { name: 'chapter comments (author, moderation actions)', path: () => `/works/${workId}/chapters/1`, role: 'author', shows: 'Freeze thread' },
    {
      name: 'comment form with errors',
      path: () => `/works/${workId}/chapters/1`,
      role: 'guest',
      prepare: async (page) => {
        await Promise.all([page.waitForURL(`**/works/${workId}/chapters/1/comments`), page.getByRole('button', { name: 'Post comment' }).click()]);
        expect(await page.locator('.error-summary').count()).toBe(1);
      },
    },
    { name: 'comment page', path: () => `/comments/${readerCommentId}`, role: 'reader', shows: 'the lantern is my favourite too' },
    { name: 'comment page (guest)', path: () => `/comments/${readerCommentId}`, role: 'guest', shows: readerComment },
    { name: 'inbox (reader)', path: () => '/inbox', role: 'reader', shows: secondTitle },
    { name: 'inbox (author)', path: () => '/inbox', role: 'author', shows: 'Passing Sailor commented' },
    { name: 'inbox filtered', path: () => '/inbox?kind=reply&unread=true', role: 'reader', shows: 'replied to your comment' },
    { name: 'subscriptions', path: () => '/subscriptions', role: 'reader', shows: seriesTitle },
    { name: 'bookmarks (own)', path: () => `/users/${readerName}/bookmarks`, role: 'reader', shows: workTitle },
    { name: 'bookmarks (public)', path: () => `/users/${readerName}/bookmarks`, role: 'guest', shows: workTitle },
    { name: 'bookmark form (edit)', path: () => `/works/${workId}/bookmark`, role: 'reader', shows: 'Delete bookmark' },
    { name: 'bookmark form (series)', path: () => `/series/${seriesId}/bookmark`, role: 'reader', shows: seriesTitle },
    { name: 'work bookmarks', path: () => `/works/${workId}/bookmarks`, role: 'guest', shows: readerName },
    { name: 'history', path: () => '/history', role: 'reader', shows: workTitle },
    { name: 'settings', path: () => '/settings', role: 'reader', shows: 'Notification email' },
    { name: 'blocked accounts', path: () => '/settings/blocked', role: 'reader', shows: 'Unblock' },
    { name: 'muted accounts', path: () => '/settings/muted', role: 'reader' },
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`${colorScheme} colour scheme`, () => {
      const contexts = new Map<Role, Page>();
      async function pageFor(role: Role): Promise<Page> {
        let page = contexts.get(role);
        if (!page) {
          const state = states.get(role);
          const options: BrowserContextOptions = { colorScheme, ...(state ? { storageState: state } : {}) };
          page = await harness.newPage(options);
          contexts.set(role, page);
        }
        return page;
      }

      for (const target of pages) {
        test(`${target.name} has no serious or critical axe violations`, async () => {
          const page = await pageFor(target.role);
          const response = await page.goto(target.path());
          expect(response?.status()).toBe(target.status ?? 200);
          if (target.shows) expect(await page.locator('main').textContent()).toContain(target.shows);
          await target.prepare?.(page);
          const where = `${target.name} (${page.url()}, ${colorScheme})`;
          expect(formatViolations(where, await axeCheck(page))).toBe(`${where}: no serious or critical violations`);
          await harness.screenshot(page, `a11y-community-${colorScheme}-${target.name.replace(/\W+/g, '-').replace(/-$/, '')}`);
        }, BROWSER_TEST_TIMEOUT);
      }
    });
  }
});
