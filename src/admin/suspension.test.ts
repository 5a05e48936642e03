import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, workFormFields, workInput, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { signedIn, staffUser } from './admin-test-helpers.js';
import { allowedWhileSuspended } from './suspension.js';

// Suspension is enforced centrally: a suspended account reads, exports and looks after its settings, and every other
// write answers 403 account_suspended until the suspension ends.

describe('allowedWhileSuspended', () => {
  it('keeps leaving, settings, export, deletion, appeals and reports open, and shuts posting and importing', () => {
    for (const path of ['/logout', '/settings/password', '/settings/two-factor/setup', '/settings/sessions/revoke-others', '/settings/export', '/settings/delete-account', '/api/v1/me', '/api/v1/me/export', '/api/v1/me/sessions/revoke-others', '/appeals/3/messages', '/api/v1/appeals', '/api/v1/reports', '/reports', '/works/4/report']) {
      expect(allowedWhileSuspended(path), path).toBe(true);
    }
    for (const path of ['/works', '/works/4/kudos', '/works/4/chapters/1/comments', '/api/v1/works', '/api/v1/bookmarks', '/subscriptions', '/settings/export/import', '/api/v1/me/import-export', '/series', '/works/import', '/settingsx']) {
      expect(allowedWhileSuspended(path), path).toBe(false);
    }
  });
});

describe('suspension', () => {
  forEachDatabase((t: () => TestContext) => {
    it('stops posting, commenting, kudos and bookmarks but not reading, exporting or settings; the suspension ends by itself', async () => {
      const { token: adminToken } = await staffUser(t(), ['admin']);
      const { token: authorToken } = await staffUser(t());
      const work = await postWork(t(), authorToken);
      const { user: member, token } = await staffUser(t());
      const suspended = await t().api('POST', `/api/v1/admin/users/${member.id}/suspend`, { token: adminToken, json: { days: 7, reason: 'Spamming links in comments' } });
      expect(suspended.status).toBe(200);

      // Writes through the API.
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/v1/works', workInput()],
        ['POST', `/api/v1/works/${work.id}/chapters/1/comments`, { body: 'Hello there' }],
        ['POST', `/api/v1/works/${work.id}/kudos`, {}],
        ['POST', '/api/v1/bookmarks', { work_id: work.id }],
      ];
      for (const [method, path, json] of attempts) {
        const response = await t().api(method, path, { token, json });
        expect(response.status, path).toBe(403);
        const error = ((await response.json()) as ApiErrorJson).error;
        expect(error.code, path).toBe('account_suspended');
        expect(error.message).toContain('Spamming links in comments');
        expect(error.message).toMatch(/until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      }
      expect(await t().db.selectFrom('kudos').select('work_id').where('user_id', '=', member.id).execute()).toEqual([]);
      expect(await t().db.selectFrom('comments').select('id').where('user_id', '=', member.id).execute()).toEqual([]);

      // Reading, exporting and settings still work.
      expect((await t().api('GET', `/api/v1/works/${work.id}`, { token })).status).toBe(200);
      expect((await t().api('POST', '/api/v1/me/export', { token })).status).toBe(202);
      const patched = await t().api('PATCH', '/api/v1/me', { token, json: { time_zone: 'Europe/Paris' } });
      expect(patched.status).toBe(200);
      // The public profile is not: a suspended spammer cannot move the spam into their bio.
      const profile = await t().api('PATCH', '/api/v1/me', { token, json: { display_name: 'Visit my site', bio: 'links' } });
      expect(profile.status).toBe(403);

      // Pages: a banner says why and until when; the post form is refused with the same message.
      const browser = await signedIn(t(), member);
      const page = await browser.get(`/works/${work.id}`);
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).toContain('Your account is suspended until');
      expect(text).toContain('Spamming links in comments');
      const form = await browser.post('/works', workFormFields());
      expect(form.status).toBe(403);
      expect(pageText(await form.text())).toContain('Your account is suspended until');
      expect((await browser.post(`/works/${work.id}/kudos`)).status).toBe(403);
      const preferences = await browser.post('/settings/preferences', { time_zone: 'Europe/Paris', email_frequency: 'off' });
      expect(preferences.status).toBeLessThan(400);
      expect((await browser.post('/settings/profile', { display_name: 'Visit my site', bio: 'links' })).status).toBe(403);
      expect((await browser.post('/logout')).status).toBe(303);

      // Once the end date passes, everything works again without anyone lifting it.
      await t().db.updateTable('users').set({ suspended_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', member.id).execute();
      expect((await t().api('POST', '/api/v1/works', { token, json: workInput() })).status).toBe(201);
      expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token })).status).toBeLessThan(300);
      const again = await signedIn(t(), member);
      expect(pageText(await (await again.get('/')).text())).not.toContain('Your account is suspended');
    });
  });
});
