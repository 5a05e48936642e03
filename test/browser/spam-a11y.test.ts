import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { saveSiteSettings } from '../../src/admin/site-settings.js';
import { unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, postWorkThroughForm, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Spam defences in real Chromium: the honeypot field is invisible and unreachable by keyboard on the public forms; a
// new member's comment with a link is held (they see it marked, a guest does not), a moderator approves it from the
// held-comments queue; axe-core finds no serious or critical violation on the forms carrying the honeypot and on the
// queue, in light and dark colour schemes.

type StorageState = Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;

describe('spam defences in Chromium', () => {
  let harness: BrowserHarness;
  let adminState: StorageState;
  let workId = 0;
  const linkText = `Read more at https://${unique('spam')}.example`;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    // The first account is the administrator.
    const admin = await harness.newPage();
    await signUpThroughForm(admin, unique('admin'));
    adminState = await admin.context().storageState();
    workId = await postWorkThroughForm(admin, { title: unique('Tidewater '), commentPermissions: 'Everyone, including guests', body: '<p>The tide came in.</p>' });
    await admin.context().close();
    await saveSiteSettings(harness.db, { hold_first_link_comments: true });
  }, BROWSER_TEST_TIMEOUT * 2);

  afterAll(async () => {
    await harness?.close();
  });

  test('the honeypot is off-screen and skipped by the keyboard', async () => {
    const page = await harness.newPage();
    for (const path of ['/signup', '/login', `/works/${workId}/chapters/1`]) {
      await page.goto(path);
      const trap = page.locator('input[name="website"]').first();
      const box = await trap.boundingBox();
      expect(box === null || box.x + box.width <= 0, path).toBe(true);
      expect(await trap.getAttribute('tabindex'), path).toBe('-1');
    }
    // Tabbing through the sign-up form never lands on it.
    await page.goto('/signup');
    await page.getByLabel('Username').focus();
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).not.toBe('website');
    }
    await page.context().close();
  }, BROWSER_TEST_TIMEOUT);

  test('a new member’s comment with a link is held, then approved from the queue', async () => {
    const member = await harness.newPage();
    await signUpThroughForm(member, unique('member'));
    await member.goto(`/works/${workId}/chapters/1`);
    await member.getByLabel('Comment (required)', { exact: true }).fill(linkText);
    await Promise.all([member.waitForURL((url) => url.hash.startsWith('#comment-')), member.getByRole('button', { name: 'Post comment' }).click()]);
    expect(await member.locator('.flash').textContent()).toContain('held for moderation');
    expect(await member.locator('.comment').first().textContent()).toContain('Held for moderation');

    const guest = await harness.newPage();
    await guest.goto(`/works/${workId}/chapters/1`);
    expect(await guest.locator('main').textContent()).not.toContain(linkText);

    const moderator = await harness.newPage({ storageState: adminState });
    await moderator.goto('/admin/comments/held');
    expect(await moderator.locator('main').textContent()).toContain(linkText);
    const violations = await axeCheck(moderator);
    expect(violations, formatViolations('held comments queue', violations)).toEqual([]);
    await moderator.getByLabel('Note for the audit log (optional)').first().fill('A real recommendation.');
    await Promise.all([moderator.waitForURL('**/admin/comments/held'), moderator.getByRole('button', { name: 'Approve' }).first().click()]);
    expect(await moderator.locator('.flash').textContent()).toContain('approved and published');

    await guest.goto(`/works/${workId}/chapters/1`);
    expect(await guest.locator('main').textContent()).toContain(linkText);
    for (const page of [member, guest, moderator]) await page.context().close();
  }, BROWSER_TEST_TIMEOUT * 2);

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`forms with the honeypot and the queue pass axe (${colorScheme})`, async () => {
      const paths: readonly [string, StorageState | undefined][] = [
        ['/signup', undefined],
        ['/login', undefined],
        [`/works/${workId}/chapters/1`, undefined],
        ['/admin/comments/held', adminState],
      ];
      for (const [path, state] of paths) {
        const page = await harness.newPage({ colorScheme, ...(state ? { storageState: state } : {}) });
        await page.goto(path);
        const violations = await axeCheck(page);
        expect(violations, formatViolations(`${path} (${colorScheme})`, violations)).toEqual([]);
        await page.context().close();
      }
    }, BROWSER_TEST_TIMEOUT);
  }
});
