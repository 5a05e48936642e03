import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { TEST_PASSWORD, unique, workInput } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, logInThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Reports in real Chromium, light and dark: a guest follows the Report link on a work, sends the form (first without
// an email address, to see the error), reads the acknowledgement; a moderator opens the queue and the group, and
// adds a note. Every page passes axe-core with no serious or critical violations.

describe('reports in Chromium', () => {
  let harness: BrowserHarness;
  const moderator = unique('mod');
  let workId = 0;
  let workTitle = '';

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const author = unique('author');
    await registerUser(harness.db, harness.config, { username: author, email: `${author}@example.org`, password: TEST_PASSWORD }, { force: true });
    const mod = await registerUser(harness.db, harness.config, { username: moderator, email: `${moderator}@example.org`, password: TEST_PASSWORD }, { force: true });
    await harness.db.updateTable('users').set({ is_moderator: 1 }).where('id', '=', mod.id).execute();
    const tokenResponse = await fetch(`${harness.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: author, password: TEST_PASSWORD, name: 'tests' }) });
    const { token } = (await tokenResponse.json()) as { token: string };
    const work = await fetch(`${harness.baseUrl}/api/v1/works`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(workInput()) });
    expect(work.status).toBe(201);
    ({ id: workId, title: workTitle } = (await work.json()) as { id: number; title: string });
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`report form, acknowledgement, queue and group pages have no serious axe violations (${colorScheme})`, async () => {
      const guest = await harness.newPage({ colorScheme });
      const check = async (name: string, shows: string) => {
        expect(await guest.locator('main').textContent(), name).toContain(shows);
        const violations = await axeCheck(guest);
        expect(violations, formatViolations(name, violations)).toEqual([]);
      };
      await guest.goto(`/works/${workId}`);
      await Promise.all([guest.waitForURL('**/reports/new?**'), guest.getByRole('link', { name: 'Report this work' }).click()]);
      await check('report form', workTitle);
      await guest.getByLabel('What is the problem?').selectOption('rating');
      await guest.getByLabel('Details').fill('Chapter 1 is far more graphic than the rating says.');
      await Promise.all([guest.waitForURL('**/reports/new'), guest.getByRole('button', { name: 'Send report' }).click()]);
      await check('report form with an error', 'Enter your email address');
      expect(await guest.getByLabel('Details').inputValue()).toBe('Chapter 1 is far more graphic than the rating says.');
      await harness.screenshot(guest, `report-form-error-${colorScheme}`);
      await guest.getByLabel('Your email address').fill(`${unique('witness')}@example.org`);
      await Promise.all([guest.waitForURL('**/reports/received?**'), guest.getByRole('button', { name: 'Send report' }).click()]);
      await check('acknowledgement', 'your report was received');
      await guest.context().close();

      const mod = await harness.newPage({ colorScheme });
      await logInThroughForm(mod, moderator);
      await mod.goto('/admin/reports');
      expect(await mod.locator('main').textContent()).toContain(workTitle);
      let violations = await axeCheck(mod);
      expect(violations, formatViolations('report queue', violations)).toEqual([]);
      await Promise.all([mod.waitForURL(`**/admin/reports/work/${workId}`), mod.getByRole('link', { name: new RegExp(workTitle) }).click()]);
      await mod.getByLabel('Add a note').fill('Checked chapter 1: the rating is wrong.');
      await Promise.all([mod.waitForURL(`**/admin/reports/work/${workId}**`), mod.getByRole('button', { name: 'Add note' }).click()]);
      expect(await mod.locator('main').textContent()).toContain('Checked chapter 1: the rating is wrong.');
      violations = await axeCheck(mod);
      expect(violations, formatViolations('report group', violations)).toEqual([]);
      if (colorScheme === 'light') await mod.screenshot({ path: '/work/main/scratch/reports-group.png', fullPage: true });
      await harness.screenshot(mod, `reports-group-${colorScheme}`);
      await mod.context().close();
    }, BROWSER_TEST_TIMEOUT);
  }
});
