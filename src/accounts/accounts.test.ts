import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, fieldError, forEachDatabase, pageText, unique, type TestBrowser, type TestContext } from '../../test/helpers.js';
import { SESSION_COOKIE } from '../http/cookies.js';
import { findUserByUsername } from './users.queries.js';

/** The Set-Cookie line that sets `name`, or undefined. */
function setCookieLine(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** Posts the log-in form, optionally from another client address (the suite must trust X-Forwarded-For). */
async function logIn(browser: TestBrowser, login: string, password: string, ip?: string): Promise<Response> {
  if (!browser.cookie('ch_csrf')) await browser.get('/login');
  const body = new URLSearchParams({ _csrf: browser.csrfToken(), login, password, return_to: '/' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (ip) headers['x-forwarded-for'] = ip;
  return browser.request('/login', { method: 'POST', body: body.toString(), headers });
}

/** The username the browser's session cookie signs in, or undefined for a visitor. */
async function signedInAs(browser: TestBrowser): Promise<string | undefined> {
  const response = await browser.get('/api/v1/me');
  if (response.status === 401) return undefined;
  return ((await response.json()) as { username: string }).username;
}

describe('an empty archive', () => {
  forEachDatabase((t: () => TestContext) => {
    it('tells the visitor how to create the administrator, and the first account becomes it', async () => {
      const visitor = t().browser();
      const home = await (await visitor.get('/')).text();
      expect(pageText(home)).toContain('This archive has no administrator yet. The next account created becomes its administrator');
      expect(home).toContain('href="/signup"');
      expect(pageText(home)).toContain('npx chapterhouse user create --admin');

      const signup = await (await visitor.get('/signup')).text();
      expect(pageText(signup)).toContain('the account you create now will be its administrator');

      const first = await t().signUp(visitor);
      expect(first.is_admin).toBe(1);

      const second = await t().signUp(t().browser());
      expect(second.is_admin).toBe(0);
      const later = t().browser();
      expect(pageText(await (await later.get('/signup')).text())).not.toContain('administrator');
      expect(pageText(await (await later.get('/')).text())).not.toContain('Set up this archive');
    });
  });
});

describe('signing up', () => {
  forEachDatabase((t: () => TestContext) => {
    async function submit(fields: Record<string, string>) {
      const browser = t().browser();
      await browser.get('/signup');
      return { browser, response: await browser.post('/signup', fields) };
    }

    it('creates the account, signs it in and stores an argon2id hash', async () => {
      const username = unique('New_');
      const { browser, response } = await submit({ username, email: `${username}@Example.ORG`, password: TEST_PASSWORD });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(await signedInAs(browser)).toBe(username);
      expect(pageText(await (await browser.get('/')).text())).not.toContain('Welcome'); // the flash shows once only
      const row = await t().db.selectFrom('users').select(['password_hash', 'email', 'is_admin']).where('username', '=', username).executeTakeFirstOrThrow();
      expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(row.password_hash).not.toContain(TEST_PASSWORD);
      expect(row.email).toBe(`${username.toLowerCase()}@example.org`);
    });

    it.each([
      ['too short', 'ab', 'Usernames are 3 to 40 characters.'],
      ['too long', 'a'.repeat(41), 'Usernames are 3 to 40 characters.'],
      ['with a space', 'bad name', 'Use only letters, digits, _ and -.'],
      ['with punctuation', 'bad.name!', 'Use only letters, digits, _ and -.'],
      ['with a script', '<script>x</script>', 'Use only letters, digits, _ and -.'],
    ])('refuses a username %s with the error beside the field and the text kept', async (_, username, message) => {
      const { response } = await submit({ username, email: 'someone@example.org', password: TEST_PASSWORD });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, 'username')).toBe(message);
      expect(fieldError(html, 'email')).toBeUndefined();
      expect(html).toContain(`value="${username.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
      expect(html).not.toContain('<script>x</script>');
      expect(html).toContain('value="someone@example.org"');
      expect(html).not.toContain(TEST_PASSWORD);
    });

    it('accepts usernames of exactly 3 and 40 characters using letters, digits, _ and -', async () => {
      for (const username of ['a_1', `${unique('A-')}${'x'.repeat(40)}`.slice(0, 40)]) {
        const { browser, response } = await submit({ username, email: `${unique()}@example.org`, password: TEST_PASSWORD });
        expect(response.status).toBe(303);
        expect(await signedInAs(browser)).toBe(username);
      }
    });

    it('refuses a username taken in another case, keeping what was typed', async () => {
      const username = unique('Wren_');
      await t().signUp(t().browser(), { username });
      const { response } = await submit({ username: username.toUpperCase(), email: 'second@example.org', password: TEST_PASSWORD });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, 'username')).toBe('That username is taken.');
      expect(html).toContain(`value="${username.toUpperCase()}"`);
      expect(html).toContain('value="second@example.org"');
      const api = await t().api('POST', '/api/v1/accounts', { json: { username: username.toLowerCase(), email: 'x@example.org', password: TEST_PASSWORD } });
      expect(api.status).toBe(422);
      expect(await api.json()).toMatchObject({ error: { code: 'validation_failed', fields: { username: 'That username is taken.' } } });
    });

    it('refuses a malformed email and a short password beside their fields, never echoing the password', async () => {
      const username = unique();
      const password = 'nine-char';
      const { response } = await submit({ username, email: 'not-an-email', password });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, 'email')).toBe('Enter an email address like name@example.org.');
      expect(fieldError(html, 'password')).toBe('Passwords are at least 10 characters.');
      expect(fieldError(html, 'username')).toBeUndefined();
      expect(html).toContain(`value="${username}"`);
      expect(html).toContain('value="not-an-email"');
      expect(html).not.toContain(password);
      expect(await findUserByUsername(t().db, username)).toBeUndefined();
    });

    it('refuses an empty form with an error for every field', async () => {
      const { response } = await submit({});
      expect(response.status).toBe(422);
      const html = await response.text();
      for (const field of ['username', 'email', 'password']) expect(fieldError(html, field)).toBeTruthy();
    });
  });
});

describe('logging in and out', () => {
  forEachDatabase((t: () => TestContext) => {
    it('logs in by username or by email, in any case, and returns to a same-site page', async () => {
      const user = await t().signUp(t().browser());
      const byName = t().browser();
      expect((await logIn(byName, user.username.toUpperCase(), TEST_PASSWORD)).status).toBe(303);
      expect(await signedInAs(byName)).toBe(user.username);

      const byEmail = t().browser();
      expect((await logIn(byEmail, user.email.toUpperCase(), TEST_PASSWORD)).status).toBe(303);
      expect(await signedInAs(byEmail)).toBe(user.username);

      const returning = t().browser();
      await returning.get('/login?return_to=%2Fsettings');
      const back = await returning.post('/login', { login: user.username, password: TEST_PASSWORD, return_to: '/settings' });
      expect(back.headers.get('location')).toBe('/settings');
      const offsite = t().browser();
      await offsite.get('/login');
      const away = await offsite.post('/login', { login: user.username, password: TEST_PASSWORD, return_to: '//evil.example/' });
      expect(away.headers.get('location')).toBe('/');
    });

    it('answers 422 to a wrong password or an unknown account with the same message, keeping only the login', async () => {
      const user = await t().signUp(t().browser());
      const wrongPassword = await logIn(t().browser(), user.username, 'wrong-password-123');
      const unknownAccount = await logIn(t().browser(), unique('nobody'), 'wrong-password-123');
      expect(wrongPassword.status).toBe(422);
      expect(unknownAccount.status).toBe(422);
      const [a, b] = [await wrongPassword.text(), await unknownAccount.text()];
      expect(fieldError(a, 'login')).toBe('That username or email and password do not match an account.');
      expect(fieldError(b, 'login')).toBe(fieldError(a, 'login'));
      expect(fieldError(a, 'password')).toBeUndefined();
      expect(a).toContain(`value="${user.username}"`);
      expect(a).not.toContain('wrong-password-123');
      expect(wrongPassword.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    });

    it('sets an HttpOnly, SameSite=Lax session cookie, not Secure over plain HTTP', async () => {
      const user = await t().signUp(t().browser());
      const response = await logIn(t().browser(), user.username, TEST_PASSWORD);
      const line = setCookieLine(response, SESSION_COOKIE);
      expect(line).toBeDefined();
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Lax/i);
      expect(line).toMatch(/;\s*Path=\//i);
      expect(line).not.toMatch(/;\s*Secure/i);
    });

    it('ends the session on log out, so the old cookie no longer signs anyone in', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const token = browser.cookie(SESSION_COOKIE)!;
      expect(token).toBeTruthy();
      expect((await browser.get('/settings')).status).toBe(200);

      const response = await browser.post('/logout');
      expect(response.status).toBe(303);
      expect(setCookieLine(response, SESSION_COOKIE)).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
      expect(await signedInAs(browser)).toBeUndefined();

      const replay = t().browser();
      replay.setCookie(SESSION_COOKIE, token);
      const page = await replay.get('/settings');
      expect(page.status).toBe(401);
      expect(await page.text()).toContain('href="/login?return_to=%2Fsettings"');
    });

    it('refuses to log out without the CSRF token', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      expect((await browser.post('/logout', { _csrf: null })).status).toBe(403);
      expect((await browser.get('/settings')).status).toBe(200);
    });

    it('answers /healthz', async () => {
      const response = await t().app.request('/healthz');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });
  });
});

describe('sessions behind HTTPS', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      it('marks the session cookie Secure', async () => {
        const user = await t().signUp(t().browser());
        const line = setCookieLine(await logIn(t().browser(), user.username, TEST_PASSWORD), SESSION_COOKIE);
        expect(line).toMatch(/;\s*Secure/i);
        expect(line).toMatch(/;\s*HttpOnly/i);
      });
    },
    { baseUrl: 'https://archive.test' },
  );
});

describe('login rate limits', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      it('limits attempts per account, whatever address they come from, with Retry-After', async () => {
        const user = await t().signUp(t().browser());
        for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect((await logIn(t().browser(), user.username, 'wrong-password-1', ip)).status).toBe(422);
        const blocked = await logIn(t().browser(), user.username, TEST_PASSWORD, '10.0.0.4');
        expect(blocked.status).toBe(429);
        const retry = Number(blocked.headers.get('retry-after'));
        expect(Number.isInteger(retry) && retry >= 1 && retry <= t().config.loginWindowSeconds).toBe(true);
        expect(setCookieLine(blocked, SESSION_COOKIE)).toBeUndefined();

        const token = await t().api('POST', '/api/v1/tokens', { json: { login: user.username, password: TEST_PASSWORD, name: 'x' }, headers: { 'x-forwarded-for': '10.0.0.5' } });
        expect(token.status).toBe(429);
        expect(token.headers.get('retry-after')).toBeTruthy();
        expect(await token.json()).toMatchObject({ error: { code: 'rate_limited' } });

        const other = await t().signUp(t().browser());
        expect((await logIn(t().browser(), other.username, TEST_PASSWORD, '10.0.0.6')).status).toBe(303);
      });

      it('limits attempts per address, whichever accounts they name', async () => {
        const user = await t().signUp(t().browser());
        for (let i = 0; i < 3; i++) expect((await logIn(t().browser(), unique('ghost'), 'wrong-password-1', '10.1.0.1')).status).toBe(422);
        const blocked = await logIn(t().browser(), user.username, TEST_PASSWORD, '10.1.0.1');
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await logIn(t().browser(), user.username, TEST_PASSWORD, '10.1.0.2')).status).toBe(303);
      });

      it('counts guesses by username and by email against the same account', async () => {
        const user = await t().signUp(t().browser());
        expect((await logIn(t().browser(), user.username, 'wrong-password-1', '10.3.0.1')).status).toBe(422);
        expect((await logIn(t().browser(), user.email, 'wrong-password-1', '10.3.0.2')).status).toBe(422);
        expect((await logIn(t().browser(), user.email.toUpperCase(), 'wrong-password-1', '10.3.0.3')).status).toBe(422);
        expect((await logIn(t().browser(), user.username, TEST_PASSWORD, '10.3.0.4')).status).toBe(429);
        expect((await logIn(t().browser(), user.email, TEST_PASSWORD, '10.3.0.5')).status).toBe(429);
      });

      it('forgets an account’s failures after it logs in', async () => {
        const user = await t().signUp(t().browser());
        for (const ip of ['10.2.0.1', '10.2.0.2']) expect((await logIn(t().browser(), user.username, 'wrong-password-1', ip)).status).toBe(422);
        expect((await logIn(t().browser(), user.username, TEST_PASSWORD, '10.2.0.3')).status).toBe(303);
        for (const ip of ['10.2.0.4', '10.2.0.5']) expect((await logIn(t().browser(), user.username, 'wrong-password-1', ip)).status).toBe(422);
        expect((await logIn(t().browser(), user.username, TEST_PASSWORD, '10.2.0.6')).status).toBe(303);
      });
    },
    { loginAttempts: 3, trustProxy: true },
  );
});

describe('closed registration', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      it('refuses the sign-up page, the sign-up form and the API with 403, and offers no sign-up link', async () => {
        const browser = t().browser();
        const page = await browser.get('/signup');
        expect(page.status).toBe(403);
        expect(pageText(await page.text())).toContain('Sign-up is closed on this archive.');
        const post = await browser.post('/signup', { username: unique(), email: 'closed@example.org', password: TEST_PASSWORD });
        expect(post.status).toBe(403);
        const api = await t().api('POST', '/api/v1/accounts', { json: { username: unique(), email: 'closed@example.org', password: TEST_PASSWORD } });
        expect(api.status).toBe(403);
        expect(await api.json()).toMatchObject({ error: { code: 'registration_closed' } });
        expect(await t().db.selectFrom('users').select('id').execute()).toHaveLength(0);

        for (const path of ['/login', '/', '/works']) expect(await (await browser.get(path)).text()).not.toContain('href="/signup"');
        expect(pageText(await (await browser.get('/')).text())).toContain('npx chapterhouse user create --admin');
      });
    },
    { registration: 'closed' },
  );
});
