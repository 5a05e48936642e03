import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { TEST_PASSWORD, unique, workInput } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, logInThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Accessibility of the tag pages (issue 4, §1) in real Chromium, light and dark: a canonical tag with its wrangling
// forms, a synonym's page, the wrangling form showing an error, and the works listed under a meta tag.

describe('accessibility of the tag pages in Chromium', () => {
  let harness: BrowserHarness;
  const admin = unique('admin');
  const meta = unique('Harbour Stories ');
  const sub = unique('Lighthouse Keepers ');
  const synonym = unique('Keepers ');
  const enc = encodeURIComponent;

  async function api(method: string, path: string, json: unknown, token?: string): Promise<Response> {
    return fetch(`${harness.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(json),
    });
  }

  beforeAll(async () => {
    harness = await startBrowserHarness();
    await registerUser(harness.db, harness.config, { username: admin, email: `${admin}@example.org`, password: TEST_PASSWORD }, { force: true, admin: true });
    const { token } = (await (await api('POST', '/tokens', { login: admin, password: TEST_PASSWORD, name: 'tests' })).json()) as { token: string };
    expect((await api('POST', '/works', workInput({ fandoms: [sub] }), token)).status).toBe(201);
    expect((await api('POST', '/works', workInput({ fandoms: [synonym] }), token)).status).toBe(201);
    expect((await api('PATCH', `/tags/${enc(sub)}`, { canonical: true, add_parents: [meta] }, token)).status).toBe(200);
    expect((await api('PATCH', `/tags/${enc(synonym)}`, { synonym_of: sub }, token)).status).toBe(200);
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`tag pages have no serious axe violations (${colorScheme})`, async () => {
      const page = await harness.newPage({ colorScheme });
      await logInThroughForm(page, admin);
      const checks: [string, () => Promise<void>, string][] = [
        ['canonical tag with wrangling forms', async () => void (await page.goto(`/tags/${enc(sub)}`)), 'Wrangle this tag'],
        ['synonym tag', async () => void (await page.goto(`/tags/${enc(synonym)}`)), 'A synonym of'],
        ['meta tag works', async () => void (await page.goto(`/tags/${enc(meta)}/works`)), '1–2 of 2 works'],
        [
          'wrangling form with an error',
          async () => {
            await page.goto(`/tags/${enc(synonym)}`);
            await page.getByLabel('Synonym of').fill('No Such Tag Anywhere');
            await Promise.all([page.waitForURL('**/wrangle'), page.getByRole('button', { name: 'Save synonym' }).click()]);
          },
          'There is no tag called',
        ],
      ];
      for (const [name, go, shows] of checks) {
        await go();
        expect(await page.locator('main').textContent(), name).toContain(shows);
        const violations = await axeCheck(page);
        expect(violations, formatViolations(name, violations)).toEqual([]);
      }
      await harness.screenshot(page, `tag-page-error-${colorScheme}`);
      await page.context().close();
    }, BROWSER_TEST_TIMEOUT);
  }
});
