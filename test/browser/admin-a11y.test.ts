import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// The admin area in real Chromium: an administrator finds an account, suspends it through the form (a failed submit
// first), and axe-core finds no serious or critical violations on the dashboard, the accounts search, the account
// page (with and without errors), the audit log, and a page the suspended member sees with its banner, in light
// and dark colour schemes.

type StorageState = Awaited<ReturnType<ReturnType<Page['context']>['storageState']>>;

const SCRATCH = path.resolve(import.meta.dirname, '../../scratch');

describe('accessibility of the admin area in Chromium', () => {
  let harness: BrowserHarness;
  let adminState: StorageState;
  let memberState: StorageState;
  let memberId = 0;
  const memberName = unique('member');

  beforeAll(async () => {
    harness = await startBrowserHarness();
    // The first account of a new archive is its administrator.
    const admin = await harness.newPage();
    await signUpThroughForm(admin, unique('admin'));
    const member = await harness.newPage();
    await signUpThroughForm(member, memberName);
    memberState = await member.context().storageState();
    await member.context().close();

    await admin.goto('/');
    await Promise.all([admin.waitForURL('**/admin'), admin.getByRole('link', { name: 'Admin', exact: true }).click()]);
    await Promise.all([admin.waitForURL('**/admin/users'), admin.getByRole('link', { name: 'Accounts' }).click()]);
    await admin.getByLabel('Username, email or sign-up IP address').fill(memberName.slice(0, 10).toUpperCase());
    await Promise.all([admin.waitForURL('**/admin/users?q=*'), admin.getByRole('button', { name: 'Find accounts' }).click()]);
    await Promise.all([admin.waitForURL('**/admin/users/*'), admin.getByRole('link', { name: memberName }).click()]);
    memberId = Number(new URL(admin.url()).pathname.split('/').pop());

    // A suspension without a reason is refused beside the field; with one it takes effect.
    await admin.getByLabel('Days').fill('5');
    await admin.getByRole('button', { name: 'Suspend' }).click();
    await admin.locator('#error-suspend_reason').waitFor();
    expect(await admin.locator('#error-suspend_reason').textContent()).toContain('reason');
    expect(await admin.getByLabel('Days').inputValue()).toBe('5');
    await admin.getByLabel('Reason (shown to the account)').fill('Posting the same link under every work.');
    await Promise.all([admin.waitForURL(`**/admin/users/${memberId}`), admin.getByRole('button', { name: 'Suspend' }).click()]);
    expect(await admin.locator('.flash').textContent()).toContain(`Suspended ${memberName}`);
    expect(await admin.locator('.account-facts').textContent()).toContain('Suspended until');
    adminState = await admin.context().storageState();

    fs.mkdirSync(SCRATCH, { recursive: true });
    await admin.screenshot({ path: path.join(SCRATCH, 'admin-account.png'), fullPage: true });
    await admin.context().close();
  }, BROWSER_TEST_TIMEOUT * 2);

  afterAll(async () => {
    await harness?.close();
  });

  const pages: readonly { name: string; path: () => string; member?: boolean; status?: number; prepare?: (page: Page) => Promise<void> }[] = [
    { name: 'dashboard', path: () => '/admin' },
    { name: 'accounts', path: () => '/admin/users' },
    { name: 'accounts search', path: () => `/admin/users?q=${encodeURIComponent(memberName)}` },
    { name: 'account', path: () => `/admin/users/${memberId}` },
    {
      name: 'account with an error',
      path: () => `/admin/users/${memberId}`,
      prepare: async (page) => {
        await page.getByRole('button', { name: `Ban ${memberName}` }).evaluate((button) => button.removeAttribute('data-confirm'));
        await page.getByRole('button', { name: `Ban ${memberName}` }).click();
        await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
      },
    },
    { name: 'audit log', path: () => '/admin/audit' },
    { name: 'suspended member’s home', path: () => '/', member: true },
  ];

  test('the admin pages and header fit a 360 px wide phone without sideways scrolling', async () => {
    const page = await harness.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, storageState: adminState });
    for (const path of ['/admin', '/admin/users', `/admin/users/${memberId}`, '/admin/audit']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}`);
        return { width, scrollWidth: document.documentElement.scrollWidth, wide };
      });
      expect(overflow, `${path} overflows at 360 px: ${overflow.wide.join(', ')}`).toMatchObject({ scrollWidth: overflow.width });
    }
    await harness.screenshot(page, 'admin-a11y-360px-audit');
    await page.context().close();
  }, BROWSER_TEST_TIMEOUT);

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`${colorScheme} colour scheme`, () => {
      for (const target of pages) {
        test(`${target.name} has no serious or critical axe violations`, async () => {
          const page = await harness.newPage({ colorScheme, storageState: target.member ? memberState : adminState });
          const response = await page.goto(target.path());
          expect(response?.status()).toBe(target.status ?? 200);
          await target.prepare?.(page);
          if (target.member) expect(await page.locator('.suspension-banner').textContent()).toContain('Posting the same link under every work.');
          const where = `${target.name} (${page.url()}, ${colorScheme})`;
          expect(formatViolations(where, await axeCheck(page))).toBe(`${where}: no serious or critical violations`);
          await harness.screenshot(page, `admin-a11y-${colorScheme}-${target.name.replace(/\W+/g, '-').replace(/-$/, '')}`);
          await page.context().close();
        }, BROWSER_TEST_TIMEOUT);
      }
    });
  }
});
