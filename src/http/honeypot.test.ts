import { describe, expect, it } from 'vitest';
import { findUserByUsername } from '../accounts/users.queries.js';
import { forEachDatabase, postWork, TEST_PASSWORD, unique } from '../../test/helpers.js';
import { SESSION_COOKIE } from './cookies.js';
import { honeypotFilled } from './honeypot.js';

/** The honeypot input as rendered: hidden off-screen by its wrapper's class, out of the tab order and from assistive tech. */
function honeypotIn(html: string): boolean {
  return /<div class="honeypot" aria-hidden="true"><label for="field-website">[^<]+<\/label><input id="field-website" type="text" name="website" value="" tabindex="-1" autocomplete="off"\/><\/div>/.test(html);
}

describe('honeypot check', () => {
  it('is tripped by any non-blank value only', () => {
    expect(honeypotFilled({})).toBe(false);
    expect(honeypotFilled({ website: '  ' })).toBe(false);
    expect(honeypotFilled({ website: 'http://spam.example' })).toBe(true);
  });
});

describe('honeypot on public forms', () => {
  forEachDatabase((t) => {
    it('is on the sign-up, login and comment forms (guest and signed in)', async () => {
      const guest = t().browser();
      expect(honeypotIn(await (await guest.get('/signup')).text())).toBe(true);
      expect(honeypotIn(await (await guest.get('/login')).text())).toBe(true);
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { comment_permissions: 'everyone' });
      const chapterPage = await (await guest.get(`/works/${work.id}/chapters/1`)).text();
      expect(chapterPage).toContain('id="field-guest_name"');
      expect(honeypotIn(chapterPage)).toBe(true);
      const reader = t().browser();
      await t().signUp(reader);
      expect(honeypotIn(await (await reader.get(`/works/${work.id}/chapters/1`)).text())).toBe(true);
    });

    it('answers a bot filling it on sign-up as if it worked, and makes no account', async () => {
      const bot = t().browser();
      await bot.get('/signup');
      const username = unique('bot');
      const response = await bot.post('/signup', { username, email: `${username}@example.org`, password: TEST_PASSWORD, website: 'http://cheap-pills.example' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(await findUserByUsername(t().db, username)).toBeUndefined();
      expect(bot.cookie(SESSION_COOKIE)).toBeUndefined();
      // The same form without the trap filled makes the account.
      const person = t().browser();
      await person.get('/signup');
      const real = unique();
      expect((await person.post('/signup', { username: real, email: `${real}@example.org`, password: TEST_PASSWORD, website: '' })).status).toBe(303);
      expect(await findUserByUsername(t().db, real)).toBeDefined();
    });

    it('answers a bot filling it on login as if it worked, without a session', async () => {
      const { user } = await t().apiUser();
      const bot = t().browser();
      await bot.get('/login');
      const response = await bot.post('/login', { login: user.username, password: TEST_PASSWORD, website: 'x' });
      expect(response.status).toBe(303);
      expect(bot.cookie(SESSION_COOKIE)).toBeUndefined();
    });

    it('drops a guest comment or a reply with the trap filled, with the usual redirect', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { comment_permissions: 'everyone' });
      const bot = t().browser();
      await bot.get(`/works/${work.id}/chapters/1`);
      const posted = await bot.post(`/works/${work.id}/chapters/1/comments`, { guest_name: 'Bot', guest_email: 'bot@example.org', body: 'Buy now', website: 'http://spam.example' });
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe(`/works/${work.id}/chapters/1`);
      const person = t().browser();
      await person.get(`/works/${work.id}/chapters/1`);
      expect((await person.post(`/works/${work.id}/chapters/1/comments`, { guest_name: 'Reader', guest_email: 'reader@example.org', body: 'Lovely', website: '' })).status).toBe(303);
      const rows = await t().db.selectFrom('comments').select(['id', 'guest_name']).where('work_id', '=', work.id).execute();
      expect(rows.map((r) => r.guest_name)).toEqual(['Reader']);
      const reply = await bot.post(`/comments/${rows[0]!.id}/replies`, { guest_name: 'Bot', guest_email: 'bot@example.org', body: 'Buy now', website: 'x' });
      expect(reply.status).toBe(303);
      expect(await t().db.selectFrom('comments').select('id').where('work_id', '=', work.id).execute()).toHaveLength(1);
    });
  });
});
