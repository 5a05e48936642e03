import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../http/cookies.js';
import { hashToken } from '../http/crypto.js';
import { fieldError, forEachDatabase, pageText, TEST_PASSWORD, unique, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { signedIn, staffUser } from './admin-test-helpers.js';

// The account tools of the admin area: search, roles, suspension, ban and lift, through the pages and the API,
// with who may do what and the audit entry each action leaves.

async function auditRows(t: TestContext, targetId: number) {
  return t.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'user').where('target_id', '=', targetId).orderBy('id').execute();
}

describe('admin accounts', () => {
  forEachDatabase((t: () => TestContext) => {
    it('finds accounts by username prefix (any case), email prefix or exact, and sign-up IP', async () => {
      const { token } = await staffUser(t(), ['moderator']);
      const name = unique('Finch');
      const target = await t().signUp(t().browser(), { username: name });
      // app.request has no socket: the sign-up address reads as "local"; give this one its own address.
      await t().db.updateTable('users').set({ signup_ip: '203.0.113.77' }).where('id', '=', target.id).execute();
      const other = await t().signUp(t().browser());
      expect(other.signup_ip).toBe('local');

      const search = async (q: string) => {
        const response = await t().api('GET', `/api/v1/admin/users?q=${encodeURIComponent(q)}`, { token });
        expect(response.status).toBe(200);
        return ((await response.json()) as { items: { id: number; username: string }[] }).items.map((i) => i.id);
      };
      expect(await search(name.slice(0, 9).toUpperCase())).toContain(target.id);
      expect(await search(name.toLowerCase())).toEqual([target.id]);
      expect(await search(`${name.toLowerCase()}@example.org`)).toEqual([target.id]);
      expect(await search(`${name.toLowerCase()}@exa`)).toEqual([target.id]);
      expect(await search('203.0.113.77')).toEqual([target.id]);
      expect(await search('203.0.113.7')).toEqual([]);
      expect(await search('zz-nobody-starts-like-this')).toEqual([]);

      const moderator = await signedIn(t(), (await staffUser(t(), ['moderator'])).user);
      const page = await moderator.get(`/admin/users?q=${encodeURIComponent('203.0.113.77')}`);
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).toContain(name);
      expect(text).not.toContain(other.username);
    });

    it('lets only staff in: guests 401, other accounts 403, moderators and admins 200', async () => {
      const guest = t().browser();
      expect((await guest.get('/admin')).status).toBe(401);
      expect((await guest.get('/admin/users')).status).toBe(401);
      expect((await t().api('GET', '/api/v1/admin/users')).status).toBe(401);
      const { user: stranger, token: strangerToken } = await staffUser(t(), ['wrangler']);
      const strangerBrowser = await signedIn(t(), stranger);
      expect((await strangerBrowser.get('/admin')).status).toBe(403);
      expect((await strangerBrowser.get(`/admin/users/${stranger.id}`)).status).toBe(403);
      expect((await t().api('GET', '/api/v1/admin/users', { token: strangerToken })).status).toBe(403);
      expect(pageText(await (await strangerBrowser.get('/')).text())).not.toContain('Admin');

      const moderator = await signedIn(t(), (await staffUser(t(), ['moderator'])).user);
      const home = await (await moderator.get('/')).text();
      expect(home).toContain('href="/admin"');
      const dashboard = await moderator.get('/admin');
      expect(dashboard.status).toBe(200);
      const html = await dashboard.text();
      for (const href of ['/admin/users', '/admin/reports', '/admin/appeals', '/admin/comments/held']) expect(html).toContain(`href="${href}"`);
      expect(html).not.toContain('href="/admin/audit"');
      const admin = await signedIn(t(), (await staffUser(t(), ['admin'])).user);
      const adminHtml = await (await admin.get('/admin')).text();
      for (const href of ['/admin/settings', '/admin/invitations', '/admin/audit', '/admin/outbox']) expect(adminHtml).toContain(`href="${href}"`);
    });

    it('grants and removes roles (admins only, with a reason), audited with before and after', async () => {
      const { user: adminUser, token: adminToken } = await staffUser(t(), ['admin']);
      const { user: target } = await staffUser(t());
      const { token: modToken } = await staffUser(t(), ['moderator']);
      const { token: strangerToken } = await staffUser(t());

      const path = `/api/v1/admin/users/${target.id}/roles`;
      expect((await t().api('POST', path, { json: { roles: ['moderator'], reason: 'x' } })).status).toBe(401);
      expect((await t().api('POST', path, { token: strangerToken, json: { roles: ['moderator'], reason: 'x' } })).status).toBe(403);
      const byModerator = await t().api('POST', path, { token: modToken, json: { roles: ['moderator'], reason: 'promote myself a friend' } });
      expect(byModerator.status).toBe(403);
      const noReason = await t().api('POST', path, { token: adminToken, json: { roles: ['moderator'] } });
      expect(noReason.status).toBe(422);
      expect(((await noReason.json()) as ApiErrorJson).error.fields?.reason).toMatch(/reason/i);
      expect((await t().api('POST', path, { token: adminToken, json: { roles: ['overlord'], reason: 'x' } })).status).toBe(422);
      expect(await auditRows(t(), target.id)).toEqual([]);

      const granted = await t().api('POST', path, { token: adminToken, json: { roles: ['moderator', 'wrangler'], reason: 'Joined the team' } });
      expect(granted.status).toBe(200);
      expect(((await granted.json()) as { roles: string[] }).roles).toEqual(['moderator', 'wrangler']);
      let rows = await auditRows(t(), target.id);
      expect(rows.map((r) => [r.action, JSON.parse(r.details).role, r.actor_id, r.reason])).toEqual([
        ['role.grant', 'moderator', adminUser.id, 'Joined the team'],
        ['role.grant', 'wrangler', adminUser.id, 'Joined the team'],
      ]);
      expect(JSON.parse(rows[0]!.before_state).roles).toEqual([]);
      expect(JSON.parse(rows[0]!.after_state).roles).toEqual(['moderator', 'wrangler']);

      // Through the page: the form's checkboxes are the whole set.
      const admin = await signedIn(t(), adminUser);
      const page = await (await admin.get(`/admin/users/${target.id}`)).text();
      expect(page).toContain('id="field-roles-moderator" name="roles" value="moderator" checked');
      const missing = await admin.post(`/admin/users/${target.id}/roles`, { roles: ['wrangler'], roles_reason: '' });
      expect(missing.status).toBe(422);
      expect(fieldError(await missing.text(), 'roles_reason')).toMatch(/reason/i);
      const removed = await admin.post(`/admin/users/${target.id}/roles`, { roles: ['wrangler'], roles_reason: 'Stepped down' });
      expect(removed.status).toBe(303);
      rows = await auditRows(t(), target.id);
      expect(rows.at(-1)).toMatchObject({ action: 'role.remove', reason: 'Stepped down' });
      const after = await t().db.selectFrom('users').select(['is_moderator', 'is_wrangler', 'is_admin']).where('id', '=', target.id).executeTakeFirstOrThrow();
      expect(after).toEqual({ is_moderator: 0, is_wrangler: 1, is_admin: 0 });
    });

    it('never removes the last administrator’s role', async () => {
      // Only one admin may exist for this check: demote every other admin first, through the same tool.
      const { user: last, token } = await staffUser(t(), ['admin']);
      const others = await t().db.selectFrom('users').select('id').where('is_admin', '=', 1).where('id', '!=', last.id).execute();
      for (const o of others) {
        expect((await t().api('POST', `/api/v1/admin/users/${o.id}/roles`, { token, json: { roles: [], reason: 'tidying up' } })).status).toBe(200);
      }
      const response = await t().api('POST', `/api/v1/admin/users/${last.id}/roles`, { token, json: { roles: ['moderator'], reason: 'leaving' } });
      expect(response.status).toBe(422);
      expect(((await response.json()) as ApiErrorJson).error.message).toMatch(/at least one administrator/);
      expect((await t().db.selectFrom('users').select('is_admin').where('id', '=', last.id).executeTakeFirstOrThrow()).is_admin).toBe(1);
      // With a second admin, the first may step down.
      const { user: second } = await staffUser(t(), ['admin']);
      expect(second.is_admin).toBe(1);
      expect((await t().api('POST', `/api/v1/admin/users/${last.id}/roles`, { token, json: { roles: [], reason: 'handing over' } })).status).toBe(200);
    });

    it('moderators suspend accounts that are not staff; only admins ban or act on staff', async () => {
      const { user: modUser, token: modToken } = await staffUser(t(), ['moderator']);
      const { user: otherMod } = await staffUser(t(), ['moderator']);
      const { user: target } = await staffUser(t(), ['wrangler']);
      const { token: adminToken } = await staffUser(t(), ['admin']);

      const suspend = (id: number, token: string, json: unknown = { days: 3, reason: 'Spam links' }) => t().api('POST', `/api/v1/admin/users/${id}/suspend`, { token, json });
      expect((await suspend(otherMod.id, modToken)).status).toBe(403);
      expect((await suspend(modUser.id, modToken)).status).toBe(403);
      expect((await suspend(target.id, modToken, { days: 0, reason: 'x' })).status).toBe(422);
      expect((await suspend(target.id, modToken, { days: 3 })).status).toBe(422);
      expect((await t().api('POST', `/api/v1/admin/users/${target.id}/ban`, { token: modToken, json: { reason: 'x' } })).status).toBe(403);

      const done = await suspend(target.id, modToken);
      expect(done.status).toBe(200);
      const body = (await done.json()) as { status: string; suspended_until: string; suspension_reason: string };
      expect(body.status).toBe('suspended');
      expect(body.suspension_reason).toBe('Spam links');
      expect(Date.parse(body.suspended_until) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
      const [entry] = await auditRows(t(), target.id);
      expect(entry).toMatchObject({ action: 'user.suspend', actor_id: modUser.id, reason: 'Spam links' });
      expect(JSON.parse(entry!.before_state).suspended_until).toBeNull();
      expect(JSON.parse(entry!.after_state).suspended_until).toBe(body.suspended_until);

      // The admin suspends staff and lifts.
      expect((await suspend(otherMod.id, adminToken)).status).toBe(200);
      expect((await t().api('POST', `/api/v1/admin/users/${otherMod.id}/lift`, { token: modToken, json: { reason: 'x' } })).status).toBe(403);
      const lifted = await t().api('POST', `/api/v1/admin/users/${target.id}/lift`, { token: modToken, json: { reason: 'Appeal accepted' } });
      expect(lifted.status).toBe(200);
      expect(((await lifted.json()) as { status: string }).status).toBe('active');
      expect((await t().api('POST', `/api/v1/admin/users/${target.id}/lift`, { token: modToken, json: { reason: 'again' } })).status).toBe(409);
      expect((await auditRows(t(), target.id)).map((r) => r.action)).toEqual(['user.suspend', 'user.lift']);
    });

    it('a ban ends every session and token, refuses sign-in with a clear message, and an admin lifts it', async () => {
      const { user: adminUser, token: adminToken } = await staffUser(t(), ['admin']);
      const { user: target, token: targetToken } = await staffUser(t());
      const targetBrowser = await signedIn(t(), target);
      expect((await targetBrowser.get('/settings')).status).toBe(200);
      expect((await t().api('GET', '/api/v1/me', { token: targetToken })).status).toBe(200);

      const admin = await signedIn(t(), adminUser);
      const page = await (await admin.get(`/admin/users/${target.id}`)).text();
      expect(page).toContain(`action="/admin/users/${target.id}/ban"`);
      const banned = await admin.post(`/admin/users/${target.id}/ban`, { ban_reason: 'Harassment of other members' });
      expect(banned.status).toBe(303);
      expect(pageText(await (await admin.get(`/admin/users/${target.id}`)).text())).toContain('Banned since');

      expect(await t().db.selectFrom('sessions').select('token_hash').where('user_id', '=', target.id).execute()).toEqual([]);
      expect(await t().db.selectFrom('api_tokens').select('id').where('user_id', '=', target.id).where('revoked_at', 'is', null).execute()).toEqual([]);
      expect((await targetBrowser.get('/settings')).status).toBe(401);
      expect((await t().api('GET', '/api/v1/me', { token: targetToken })).status).toBe(401);

      const login = t().browser();
      await login.get('/login');
      const refused = await login.post('/login', { login: target.username, password: TEST_PASSWORD, return_to: '/' });
      expect(refused.status).toBe(403);
      expect(pageText(await refused.text())).toContain('This account has been banned from the archive: Harassment of other members');
      const tokenRefused = await t().api('POST', '/api/v1/tokens', { json: { login: target.username, password: TEST_PASSWORD, name: 'again' } });
      expect(tokenRefused.status).toBe(403);
      expect(((await tokenRefused.json()) as ApiErrorJson).error.code).toBe('account_banned');

      const [entry] = await auditRows(t(), target.id);
      expect(entry).toMatchObject({ action: 'user.ban', actor_id: adminUser.id, reason: 'Harassment of other members' });
      expect(JSON.parse(entry!.details)).toEqual({ sessions_ended: 1, tokens_revoked: 1 });

      // A leftover session row (made behind the app's back) still reads as signed out.
      const leftover = t().browser();
      await t().db.insertInto('sessions').values({ token_hash: hashToken('leftover-token'), user_id: target.id, created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 86_400_000).toISOString() }).execute();
      leftover.setCookie(SESSION_COOKIE, 'leftover-token');
      expect((await leftover.get('/settings')).status).toBe(401);

      expect((await t().api('POST', `/api/v1/admin/users/${target.id}/lift`, { token: adminToken, json: { reason: 'Second chance' } })).status).toBe(200);
      const again = await signedIn(t(), target);
      expect((await again.get('/settings')).status).toBe(200);
    });

    it('shows the account page with roles, status, counts and (to admins) its audit history', async () => {
      const { user: adminUser, token: adminToken } = await staffUser(t(), ['admin']);
      const { user: modUser } = await staffUser(t(), ['moderator']);
      const { user: target } = await staffUser(t());
      await t().api('POST', `/api/v1/admin/users/${target.id}/suspend`, { token: adminToken, json: { days: 2, reason: 'Cooling off <b>now</b>' } });
      const admin = await signedIn(t(), adminUser);
      const html = await (await admin.get(`/admin/users/${target.id}`)).text();
      const text = pageText(html);
      expect(text).toContain('Suspended until');
      expect(text).toContain('Reason: Cooling off <b>now</b>');
      expect(html).not.toContain('<b>now</b>');
      expect(text).toContain('0 works, 0 comments');
      expect(text).toContain('Audit history');
      expect(text).toContain('user.suspend');
      const moderator = await signedIn(t(), modUser);
      const modText = pageText(await (await moderator.get(`/admin/users/${target.id}`)).text());
      expect(modText).toContain('Suspended until');
      expect(modText).not.toContain('Audit history');
      expect((await admin.get('/admin/users/999999')).status).toBe(404);
      const detail = (await (await t().api('GET', `/api/v1/admin/users/${target.id}`, { token: adminToken })).json()) as { works_count: number; audit: { action: string }[] };
      expect(detail.works_count).toBe(0);
      expect(detail.audit.map((a) => a.action)).toEqual(['user.suspend']);
    });
  });
});
