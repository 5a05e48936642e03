import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { base32Decode, totp } from '../../src/accounts/totp.js';
import { TEST_PASSWORD, unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 6 §5 in real Chromium: set up two-factor sign-in through the pages, sign in with a code, and check the
// two-factor, recovery-code, code-entry and active-sessions pages with axe-core in light and dark colour schemes.

describe('account security pages in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await harness?.close();
  });

  async function check(page: Page, name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const serious = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, formatViolations(`${name} (${scheme})`, serious)).toEqual([]);
      await harness.screenshot(page, `account-security-${name}-${scheme}`);
    }
  }

  test(
    'two-factor setup, sign-in with a code, and the sessions list pass axe-core',
    async () => {
      const page = await harness.newPage();
      const username = unique('secure');
      await signUpThroughForm(page, username);
      await page.goto('/settings/two-factor');
      await check(page, 'two-factor-off');
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      const secret = (await page.locator('.two-factor-secret dd code').first().textContent())!.trim();
      await check(page, 'two-factor-setup');
      await page.getByLabel('Code from your app').fill(totp(base32Decode(secret)!, Date.now()));
      await page.getByRole('button', { name: 'Switch on' }).click();
      expect(await page.locator('.recovery-codes li').count()).toBe(10);
      await check(page, 'recovery-codes');
      await page.goto('/settings/two-factor');
      await check(page, 'two-factor-on');

      const other = await harness.newPage({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
      await other.goto('/login');
      await other.getByLabel('Username or email').fill(username);
      await other.getByLabel('Password').fill(TEST_PASSWORD);
      await other.getByRole('button', { name: 'Log in' }).click();
      await other.waitForURL(/\/login\/two-factor/);
      await check(other, 'login-code');
      await other.getByLabel('Code from your authenticator app').fill(totp(base32Decode(secret)!, Date.now() + 30_000));
      await other.getByRole('button', { name: 'Log in' }).click();
      await other.waitForURL((url) => !url.pathname.startsWith('/login'));

      await page.goto('/settings/sessions');
      expect(await page.getByText('Firefox on Linux').count()).toBe(1);
      await check(page, 'sessions');
      await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
      await page.waitForURL(/\/settings\/sessions/);
      expect((await other.goto('/settings'))?.status()).toBe(401);
    },
    BROWSER_TEST_TIMEOUT * 2,
  );
});
