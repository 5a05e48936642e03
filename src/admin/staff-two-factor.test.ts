import { describe, expect, it } from 'vitest';
import { forEachDatabase, workInput, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { signedIn, staffUser } from './admin-test-helpers.js';
import { forgetCachedSiteSettings, saveSiteSettings } from './site-settings.js';

// With `require_staff_two_factor` on, admins and moderators without two-factor sign-in are turned away from every
// /admin and /api/v1/admin request, with a pointer to the setup page; with it on, they get in.

describe('staff two-factor requirement', () => {
  forEachDatabase((t: () => TestContext) => {
    it('sends staff without two-factor sign-in to set it up, and lets them in once it is on', async () => {
      const { user: modUser, token: modToken } = await staffUser(t(), ['moderator']);
      const { user: adminUser, token: adminToken } = await staffUser(t(), ['admin']);
      const moderator = await signedIn(t(), modUser);
      const admin = await signedIn(t(), adminUser);
      // Off (the default): staff get in without it.
      expect((await moderator.get('/admin')).status).toBe(200);

      await saveSiteSettings(t().db, { require_staff_two_factor: true });
      try {
        for (const path of ['/admin', '/admin/users', `/admin/users/${modUser.id}`, '/admin/audit', '/admin/outbox']) {
          const response = await admin.get(path);
          expect(response.status, path).toBe(403);
          const html = await response.text();
          expect(html, path).toContain('Two-factor sign-in required');
          expect(html, path).toContain('href="/settings/two-factor"');
        }
        const api = await t().api('GET', '/api/v1/admin/users', { token: modToken });
        expect(api.status).toBe(403);
        const error = ((await api.json()) as ApiErrorJson).error;
        expect(error.code).toBe('two_factor_required');
        expect(error.message).toContain('/settings/two-factor');
        // An action is refused too, before it happens.
        const { user: target } = await staffUser(t());
        expect((await t().api('POST', `/api/v1/admin/users/${target.id}/suspend`, { token: adminToken, json: { days: 1, reason: 'x' } })).status).toBe(403);
        expect((await t().db.selectFrom('users').select('suspended_until').where('id', '=', target.id).executeTakeFirstOrThrow()).suspended_until).toBeNull();
        // Other pages, and the setup page itself, stay open; non-staff still get the route's own answer.
        expect((await admin.get('/settings/two-factor')).status).toBe(200);
        expect((await admin.get('/')).status).toBe(200);
        const { token: memberToken } = await staffUser(t());
        expect(((await (await t().api('GET', '/api/v1/admin/users', { token: memberToken })).json()) as ApiErrorJson).error.code).toBe('forbidden');
        // Outside /admin the admin's powers are gone too: editing someone else's work is refused like anyone's.
        const author = await t().apiUser();
        const work = (await (await t().api('POST', '/api/v1/works', { token: author.token, json: workInput() })).json()) as { id: number };
        expect((await t().api('PATCH', `/api/v1/works/${work.id}`, { token: adminToken, json: { title: 'Taken over' } })).status).toBe(403);

        // With two-factor sign-in confirmed (enabled_at set), the admin area opens.
        const at = new Date().toISOString();
        await t().db.insertInto('totp_credentials').values({ user_id: adminUser.id, secret_encrypted: 'unused-in-this-test', enabled_at: at, created_at: at }).execute();
        expect((await admin.get('/admin')).status).toBe(200);
        expect((await t().api('GET', '/api/v1/admin/users', { token: adminToken })).status).toBe(200);
        expect((await t().api('PATCH', `/api/v1/works/${work.id}`, { token: adminToken, json: { title: 'Fixed by an admin' } })).status).toBe(200);
        // A pending (unconfirmed) credential does not count.
        await t().db.insertInto('totp_credentials').values({ user_id: modUser.id, secret_encrypted: 'unused-in-this-test', enabled_at: null, created_at: at }).execute();
        expect((await moderator.get('/admin')).status).toBe(403);
      } finally {
        await saveSiteSettings(t().db, { require_staff_two_factor: false });
        forgetCachedSiteSettings(t().db);
      }
    });
  });
});
