import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, forEachDatabase, type TestContext } from '../../test/helpers.js';
import { checkPassword } from './accounts.js';
import { listApiTokens } from './tokens.queries.js';
import { findUserById } from './users.queries.js';

/** The error paragraph rendered inside the field `name`, or undefined when that field shows no error. */
function fieldError(html: string, name: string): string | undefined {
  const field = new RegExp(`<div class="field field-error"><label for="field-${name}">[\\s\\S]*?<p class="error" id="error-${name}">([^<]*)</p>`).exec(html);
  return field?.[1];
}

describe('settings pages', () => {
  forEachDatabase((t: () => TestContext) => {
    it('answers 401 to a visitor who is not signed in', async () => {
      const response = await t().app.request('/settings');
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('href="/login?return_to=%2Fsettings"');
    });

    it('refuses a form post without a CSRF token and changes nothing', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const response = await browser.post('/settings/profile', { display_name: 'Forged', bio: '', _csrf: null });
      expect(response.status).toBe(403);
      expect((await findUserById(t().db, user.id))?.display_name).toBe('');
    });

    it('shows the current profile and preferences', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const html = await (await browser.get('/settings')).text();
      expect(html).toContain('<h1>Settings</h1>');
      expect(html).toMatch(/<option value="UTC" selected="">UTC<\/option>/);
      expect(html).toMatch(/<input type="checkbox" id="field-view_adult" name="view_adult" value="1"(?! checked)/);
      for (const link of ['/settings/password', '/settings/email', '/settings/tokens']) expect(html).toContain(`href="${link}"`);
    });

    it('saves the profile', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const response = await browser.post('/settings/profile', { display_name: 'Wren Ashby', bio: 'Writes about lighthouses.' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/settings');
      const stored = await findUserById(t().db, user.id);
      expect(stored).toMatchObject({ display_name: 'Wren Ashby', bio: 'Writes about lighthouses.' });
      expect(await (await browser.get('/settings')).text()).toContain('Your profile has been saved.');
    });

    it('re-renders the profile form with the text kept when the bio is too long', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const bio = 'b'.repeat(2001);
      const response = await browser.post('/settings/profile', { display_name: 'Wren Ashby', bio });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, 'bio')).toBe('Bios are at most 2,000 characters.');
      expect(html).toContain('value="Wren Ashby"');
      expect(html).toContain(`>${bio}</textarea>`);
      expect((await findUserById(t().db, user.id))?.bio).toBe('');
    });

    it('saves the time zone and the adult-content preference, and clears it when unticked', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const ticked = await browser.post('/settings/preferences', { time_zone: 'Europe/Paris', view_adult: '1' });
      expect(ticked.status).toBe(303);
      expect(await findUserById(t().db, user.id)).toMatchObject({ time_zone: 'Europe/Paris', view_adult: 1 });
      const html = await (await browser.get('/settings')).text();
      expect(html).toContain('<option value="Europe/Paris" selected="">');
      expect(html).toMatch(/name="view_adult" value="1" checked=""/);

      const unticked = await browser.post('/settings/preferences', { time_zone: 'Europe/Paris' });
      expect(unticked.status).toBe(303);
      expect((await findUserById(t().db, user.id))?.view_adult).toBe(0);
    });

    it('rejects an unknown time zone with 422 and keeps the checkbox as submitted', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const response = await browser.post('/settings/preferences', { time_zone: 'Mars/Olympus_Mons', view_adult: '1' });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, 'time_zone')).toBe('Choose a time zone from the list.');
      expect(html).toMatch(/name="view_adult" value="1" checked=""/);
      expect(await findUserById(t().db, user.id)).toMatchObject({ time_zone: 'UTC', view_adult: 0 });
    });

    it('changes the password, keeping this session and ending the others', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser, { password: TEST_PASSWORD });
      const other = t().browser();
      expect((await other.post('/login', { login: user.username, password: TEST_PASSWORD })).status).toBe(303);

      const response = await browser.post('/settings/password', { current_password: TEST_PASSWORD, new_password: 'a brand new passphrase' });
      expect(response.status).toBe(303);
      const stored = await findUserById(t().db, user.id);
      expect(await checkPassword(stored!.password_hash, 'a brand new passphrase')).toBe(true);
      expect((await browser.get('/settings')).status).toBe(200);
      expect((await other.get('/settings')).status).toBe(401);
    });

    it('shows a wrong current password beside the field and keeps the password', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser, { password: TEST_PASSWORD });
      const response = await browser.post('/settings/password', { current_password: 'not my password', new_password: 'a brand new passphrase' });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), 'current_password')).toBe('That is not your current password.');
      const stored = await findUserById(t().db, user.id);
      expect(await checkPassword(stored!.password_hash, TEST_PASSWORD)).toBe(true);
    });

    it('rejects a short new password with 422', async () => {
      const browser = t().browser();
      await t().signUp(browser, { password: TEST_PASSWORD });
      const response = await browser.post('/settings/password', { current_password: TEST_PASSWORD, new_password: 'short' });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), 'new_password')).toBe('Passwords are at least 10 characters.');
    });

    it('changes the email address', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser, { password: TEST_PASSWORD });
      const response = await browser.post('/settings/email', { email: 'Wren@Example.org', current_password: TEST_PASSWORD });
      expect(response.status).toBe(303);
      expect((await findUserById(t().db, user.id))?.email).toBe('wren@example.org');
    });

    it('re-renders the email form with the text kept for a malformed address or a wrong password', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser, { password: TEST_PASSWORD });
      const malformed = await browser.post('/settings/email', { email: 'not-an-address', current_password: TEST_PASSWORD });
      expect(malformed.status).toBe(422);
      const html = await malformed.text();
      expect(fieldError(html, 'email')).toBe('Enter an email address like name@example.org.');
      expect(html).toContain('value="not-an-address"');

      const wrong = await browser.post('/settings/email', { email: 'wren@example.org', current_password: 'not my password' });
      expect(wrong.status).toBe(422);
      expect(fieldError(await wrong.text(), 'current_password')).toBe('That is not your current password.');
      expect((await findUserById(t().db, user.id))?.email).toBe(user.email);
    });

    it('creates a token, shows it once, and the token authenticates the API until revoked', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const created = await browser.post('/settings/tokens', { name: 'Backup script' });
      expect(created.status).toBe(200);
      expect(created.headers.get('cache-control')).toBe('no-store');
      const html = await created.text();
      expect(html).toContain('it will not be shown again');
      const token = /<input id="new-token"[^>]* value="(chp_[\w-]+)"/.exec(html)?.[1] ?? '';
      expect(token).toMatch(/^chp_[\w-]{20,}$/);
      expect(html).toContain(`curl -H &quot;Authorization: Bearer ${token}&quot; ${t().config.baseUrl}/api/v1/me`);

      const me = await t().api('GET', '/api/v1/me', { token });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: user.id, username: user.username });

      const list = await (await browser.get('/settings/tokens')).text();
      expect(list).not.toContain(token);
      expect(list).toContain(`<code>${token.slice(0, 8)}…</code>`);
      expect(list).toContain('<th scope="row">Backup script</th>');

      const [row] = await listApiTokens(t().db, user.id);
      const revoked = await browser.post(`/settings/tokens/${row!.id}/revoke`, {});
      expect(revoked.status).toBe(303);
      expect(revoked.headers.get('location')).toBe('/settings/tokens');
      const after = await t().api('GET', '/api/v1/me', { token });
      expect(after.status).toBe(401);
      expect(await (await browser.get('/settings/tokens')).text()).toMatch(/<td>Revoked<\/td><td><\/td>/);
    });

    it('re-renders the token form with 422 when the name is missing', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const response = await browser.post('/settings/tokens', { name: '   ' });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), 'name')).toBe('Name the token so you can recognise it later.');
      expect(await listApiTokens(t().db, user.id)).toHaveLength(0);
    });

    it("answers 404 when revoking someone else's token, and leaves it active", async () => {
      const owner = t().browser();
      const ownerUser = await t().signUp(owner);
      await owner.post('/settings/tokens', { name: 'Mine' });
      const [row] = await listApiTokens(t().db, ownerUser.id);

      const intruder = t().browser();
      await t().signUp(intruder);
      const response = await intruder.post(`/settings/tokens/${row!.id}/revoke`, {});
      expect(response.status).toBe(404);
      expect((await listApiTokens(t().db, ownerUser.id))[0]?.revoked_at).toBeNull();
    });
  });
});
