import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { TEST_PASSWORD, unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, logInThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Accessibility of the site settings and invitation pages (issue 6 §1, §3) in real Chromium, light and dark: the
// settings form (and with an error), the invitation queue and a place in it, the friends' invitations page, the
// administrators' queue, and sign-up while invite-only, without and with an invitation link.

const SCRATCH = path.resolve(import.meta.dirname, '../../scratch');

describe('accessibility of the settings and invitation pages in Chromium', () => {
  let harness: BrowserHarness;
  const admin = unique('admin');
  const queued = `${unique('queued')}@example.org`;
  const friend = `${unique('friend')}@example.org`;
  let invitation = '';

  beforeAll(async () => {
    harness = await startBrowserHarness({ config: { registration: 'invite_only' } });
    await registerUser(harness.db, harness.config, { username: admin, email: `${admin}@example.org`, password: TEST_PASSWORD }, { force: true, admin: true });
    const { token } = (await (await api('POST', '/tokens', { login: admin, password: TEST_PASSWORD, name: 'tests' })).json()) as { token: string };
    expect((await api('POST', '/invite-requests', { email: queued })).status).toBe(201);
    expect((await api('POST', '/invitations', { email: friend }, token)).status).toBe(201);
    const mail = await harness.db.selectFrom('outbox').select('text_body').where('to_address', '=', friend).executeTakeFirstOrThrow();
    invitation = /invitation=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
  });

  function api(method: string, p: string, json: unknown, token?: string): Promise<Response> {
    return fetch(`${harness.baseUrl}/api/v1${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(json),
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`settings and invitation pages have no serious axe violations (${colorScheme})`, async () => {
      const visitor = await harness.newPage({ colorScheme });
      const visitorChecks: [string, string, string][] = [
        ['sign-up without an invitation', '/signup', 'Sign-up is by invitation'],
        ['sign-up with an invitation', `/signup?invitation=${invitation}`, 'Create an account'],
        ['invitation queue', '/invite-requests', 'Join the queue'],
        ['place in the queue', `/invite-requests/status?email=${encodeURIComponent(queued)}`, 'You are number 1 in the queue'],
      ];
      for (const [name, url, shows] of visitorChecks) {
        await visitor.goto(url);
        expect(await visitor.locator('main').textContent(), name).toContain(shows);
        const violations = await axeCheck(visitor);
        expect(violations, formatViolations(name, violations)).toEqual([]);
      }
      if (colorScheme === 'light') {
        fs.mkdirSync(SCRATCH, { recursive: true });
        await visitor.goto('/invite-requests');
        await visitor.screenshot({ path: path.join(SCRATCH, 'invite-requests-light.png'), fullPage: true });
      }
      await visitor.context().close();

      const page = await harness.newPage({ colorScheme });
      await logInThroughForm(page, admin);
      const adminChecks: [string, () => Promise<void>, string][] = [
        ['site settings', async () => void (await page.goto('/admin/settings')), 'Site settings'],
        [
          'site settings with errors',
          async () => {
            await page.goto('/admin/settings');
            await page.getByLabel('Site name').fill('');
            await page.getByLabel('Invitation validity (days)').fill('0');
            await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save settings' }).click()]);
          },
          'Give a whole number of days from 1 to 365.',
        ],
        ['friends’ invitations', async () => void (await page.goto('/invitations')), 'Invitations you sent'],
        ['administrators’ queue', async () => void (await page.goto('/admin/invitations')), '1 address waits'],
      ];
      for (const [name, go, shows] of adminChecks) {
        await go();
        expect(await page.locator('main').textContent(), name).toContain(shows);
        const violations = await axeCheck(page);
        expect(violations, formatViolations(name, violations)).toEqual([]);
        if (name === 'site settings with errors' || (name === 'administrators’ queue' && colorScheme === 'light')) {
          fs.mkdirSync(SCRATCH, { recursive: true });
          await page.screenshot({ path: path.join(SCRATCH, `${name === 'site settings with errors' ? 'settings-admin-error' : 'admin-invitations'}-${colorScheme}.png`), fullPage: true });
        }
      }
      await page.context().close();
    }, BROWSER_TEST_TIMEOUT);
  }
});
