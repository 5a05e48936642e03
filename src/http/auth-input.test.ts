import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, postWork, postWorkForm, TEST_PASSWORD, unique, workFormFields, workInput, type ApiErrorJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// Issue 2, section 7, continued: CSRF tokens, missing credentials, stale or unknown tokens, duplicate usernames
// and other people's works, on the API and on the pages.

async function errorOf(response: Response): Promise<ApiErrorJson['error']> {
  return ((await response.json()) as ApiErrorJson).error;
}

describe('credentials and ownership', () => {
  forEachDatabase((t: () => TestContext) => {
    async function title(id: number): Promise<string> {
      return ((await (await t().api('GET', `/api/v1/works/${id}`)).json()) as WorkJson).title;
    }

    describe('CSRF', () => {
      it('refuses a page form post without a token or with a wrong one, and accepts the right one', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        const other = t().browser();
        await other.get('/login');
        const fields = workFormFields({ title: 'Guarded' });
        for (const csrf of [null, '', 'forged', other.csrfToken(), browser.csrfToken().slice(0, -1)]) {
          const response = await browser.post('/works', { ...fields, _csrf: csrf });
          expect(response.status, String(csrf)).toBe(403);
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        }
        expect((await browser.post('/works', fields)).status).toBe(303);
      });

      it('refuses sign-up, log-in and log-out posts without the token', async () => {
        const browser = t().browser();
        await browser.get('/signup');
        const username = unique();
        const signup = await browser.post('/signup', { username, email: `${username}@example.org`, password: TEST_PASSWORD, _csrf: null });
        expect(signup.status).toBe(403);
        expect((await t().api('GET', `/api/v1/users/${username}`)).status).toBe(404);
        const login = await browser.post('/login', { login: username, password: TEST_PASSWORD, _csrf: 'nope' });
        expect(login.status).toBe(403);
        const signedIn = t().browser();
        await t().signUp(signedIn);
        expect((await signedIn.post('/logout', { _csrf: null })).status).toBe(403);
        expect((await signedIn.get('/api/v1/me')).status).toBe(200);
      });

      it('on the API, a write authenticated by the session cookie needs X-CSRF-Token', async () => {
        const browser = t().browser();
        const user = await t().signUp(browser);
        const request = (method: string, path: string, json: unknown, token?: string) =>
          browser.request(path, { method, headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { 'x-csrf-token': token }) }, body: JSON.stringify(json) });
        // Reading needs no token.
        const me = await browser.get('/api/v1/me');
        expect(me.status).toBe(200);
        expect(await me.json()).toMatchObject({ username: user.username });
        for (const token of [undefined, 'wrong']) {
          const refused = await request('POST', '/api/v1/works', workInput(), token);
          expect(refused.status).toBe(403);
          expect((await errorOf(refused)).code).toBe('csrf_failed');
        }
        const created = await request('POST', '/api/v1/works', workInput({ title: 'By cookie' }), browser.csrfToken());
        expect(created.status).toBe(201);
        const work = (await created.json()) as WorkJson;
        expect(work.authors).toEqual([user.username]);
        expect((await request('PATCH', `/api/v1/works/${work.id}`, { title: 'Forged' })).status).toBe(403);
        expect((await browser.request(`/api/v1/works/${work.id}`, { method: 'DELETE' })).status).toBe(403);
        expect(await title(work.id)).toBe('By cookie');
        expect((await request('PATCH', `/api/v1/works/${work.id}`, { title: 'Edited' }, browser.csrfToken())).status).toBe(200);
        expect(await title(work.id)).toBe('Edited');
        expect((await browser.request(`/api/v1/works/${work.id}`, { method: 'DELETE', headers: { 'x-csrf-token': browser.csrfToken() } })).status).toBe(204);
      });

      it('a bearer token needs no CSRF token, even beside a session cookie, and acts as its owner', async () => {
        const browser = t().browser();
        const cookieUser = await t().signUp(browser);
        const { user, token } = await t().apiUser();
        const response = await browser.request('/api/v1/works', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(workInput()),
        });
        expect(response.status).toBe(201);
        const work = (await response.json()) as WorkJson;
        expect(work.authors).toEqual([user.username]);
        expect(work.authors).not.toContain(cookieUser.username);
      });

      it('requests with no credentials need no CSRF token', async () => {
        const username = unique();
        const account = await t().api('POST', '/api/v1/accounts', { json: { username, email: `${username}@example.org`, password: TEST_PASSWORD } });
        expect(account.status).toBe(201);
        const token = await t().api('POST', '/api/v1/tokens', { json: { login: username, password: TEST_PASSWORD, name: 'cli' } });
        expect(token.status).toBe(201);
        const secret = ((await token.json()) as { token: string }).token;
        expect((await t().api('GET', '/api/v1/me', { token: secret })).status).toBe(200);
      });
    });

    describe('missing credentials', () => {
      it('answers 401 to an API write that needs an account', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        for (const [method, path, json] of [
          ['POST', '/api/v1/works', workInput()],
          ['PATCH', `/api/v1/works/${work.id}`, { title: 'Anonymous' }],
          ['DELETE', `/api/v1/works/${work.id}`, undefined],
          ['POST', `/api/v1/works/${work.id}/chapters`, { body: 'Text.' }],
          ['PATCH', `/api/v1/works/${work.id}/chapters/1`, { title: 'x' }],
          ['DELETE', `/api/v1/works/${work.id}/chapters/1`, undefined],
          ['POST', '/api/v1/series', { title: 'Nobody' }],
          ['GET', '/api/v1/me', undefined],
          ['GET', '/api/v1/tokens', undefined],
        ] as const) {
          const response = await t().api(method, path, json === undefined ? {} : { json });
          expect(response.status, `${method} ${path}`).toBe(401);
          expect((await errorOf(response)).code).toBe('unauthorized');
        }
        expect(await title(work.id)).toBe(work.title);
      });

      it('treats a stale session cookie as no credentials: 401, not a CSRF failure', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        expect((await browser.post('/logout')).status).toBe(303);
        browser.setCookie('ch_session', 'stale-session-token-that-was-ended');
        const response = await browser.request('/api/v1/works', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(workInput()) });
        expect(response.status).toBe(401);
        expect((await errorOf(response)).code).toBe('unauthorized');
        expect((await browser.get('/api/v1/me')).status).toBe(401);
      });

      it('answers 401 on the pages, with a log-in link', async () => {
        const browser = t().browser();
        const page = await browser.get('/works/new');
        expect(page.status).toBe(401);
        expect(await page.text()).toContain('href="/login?return_to=%2Fworks%2Fnew"');
        // A visitor with a valid CSRF token but no account still cannot post.
        const before = ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
        expect((await browser.post('/works', workFormFields())).status).toBe(401);
        expect(((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total).toBe(before);
      });
    });

    describe('tokens', () => {
      it('answers 401 invalid_token to an unknown or malformed bearer token, even on public reads', async () => {
        for (const authorization of ['Bearer chp_not-a-real-token', 'Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', 'token abc', '']) {
          for (const [method, path] of [['GET', '/api/v1/works'], ['POST', '/api/v1/works']] as const) {
            const response = await t().api(method, path, { headers: { authorization }, ...(method === 'POST' ? { json: workInput() } : {}) });
            expect(response.status, `${authorization} ${method}`).toBe(401);
            expect((await errorOf(response)).code).toBe('invalid_token');
          }
        }
      });

      it('answers 401 invalid_token to a revoked token, and other tokens keep working', async () => {
        const { user, token } = await t().apiUser();
        const second = await t().api('POST', '/api/v1/tokens', { json: { login: user.username, password: TEST_PASSWORD, name: 'second' } });
        const other = ((await second.json()) as { token: string }).token;
        const tokens = (await (await t().api('GET', '/api/v1/tokens', { token })).json()) as { items: { id: number; name: string; revoked: boolean }[] };
        const first = tokens.items.find((item) => item.name === 'tests')!;
        expect((await t().api('DELETE', `/api/v1/tokens/${first.id}`, { token: other })).status).toBe(204);
        for (const [method, path] of [['GET', '/api/v1/me'], ['POST', '/api/v1/works'], ['GET', '/api/v1/works']] as const) {
          const response = await t().api(method, path, { token, ...(method === 'POST' ? { json: workInput() } : {}) });
          expect(response.status, `${method} ${path}`).toBe(401);
          expect((await errorOf(response)).code).toBe('invalid_token');
        }
        expect((await t().api('GET', '/api/v1/me', { token: other })).status).toBe(200);
        // Revoking it again, or someone else's token, is a 404.
        expect((await t().api('DELETE', `/api/v1/tokens/${first.id}`, { token: other })).status).toBe(404);
        const stranger = await t().apiUser();
        expect((await t().api('DELETE', `/api/v1/tokens/${first.id + 1}`, { token: stranger.token })).status).toBe(404);
        expect((await t().api('GET', '/api/v1/me', { token: other })).status).toBe(200);
      });
    });

    describe('duplicate usernames', () => {
      it('answers 422 on the API, case-insensitively', async () => {
        const username = unique('Wren');
        const body = (name: string) => ({ username: name, email: `${unique()}@example.org`, password: TEST_PASSWORD });
        expect((await t().api('POST', '/api/v1/accounts', { json: body(username) })).status).toBe(201);
        for (const name of [username, username.toLowerCase(), username.toUpperCase(), ` ${username} `]) {
          const response = await t().api('POST', '/api/v1/accounts', { json: body(name) });
          expect(response.status, name).toBe(422);
          expect((await errorOf(response)).fields).toEqual({ username: 'That username is taken.' });
        }
      });

      it('answers 422 on the sign-up page with the error beside the field and the text kept', async () => {
        const first = t().browser();
        const existing = await t().signUp(first, { username: unique('Keeper') });
        const browser = t().browser();
        await browser.get('/signup');
        const taken = existing.username.toUpperCase();
        const response = await browser.post('/signup', { username: taken, email: 'second@example.org', password: TEST_PASSWORD });
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(fieldError(html, 'username')).toBe('That username is taken.');
        expect(html).toContain(`value="${taken}"`);
        expect(html).toContain('value="second@example.org"');
        expect(html).not.toContain(TEST_PASSWORD);
      });
    });

    describe("someone else's work", () => {
      it('answers 403 on every API write and changes nothing', async () => {
        const author = await t().apiUser();
        const other = await t().apiUser();
        const work = await postWork(t(), author.token, { chapters: [{ title: 'One', body: 'a' }, { title: 'Two', body: 'b' }] });
        const chapters = (await (await t().api('GET', `/api/v1/works/${work.id}/chapters`)).json()) as { items: { id: number }[] };
        for (const [method, path, json] of [
          ['PATCH', `/api/v1/works/${work.id}`, { title: 'Taken' }],
          ['PATCH', `/api/v1/works/${work.id}`, { draft: false }],
          ['DELETE', `/api/v1/works/${work.id}`, undefined],
          ['POST', `/api/v1/works/${work.id}/chapters`, { body: 'Intruding.' }],
          ['PATCH', `/api/v1/works/${work.id}/chapters/1`, { body: 'Rewritten.' }],
          ['DELETE', `/api/v1/works/${work.id}/chapters/2`, undefined],
          ['POST', `/api/v1/works/${work.id}/chapters/order`, { order: chapters.items.map((c) => c.id).reverse() }],
        ] as const) {
          const response = await t().api(method, path, { token: other.token, ...(json === undefined ? {} : { json }) });
          expect(response.status, `${method} ${path}`).toBe(403);
          expect((await errorOf(response)).code).toBe('forbidden');
        }
        expect(await (await t().api('GET', `/api/v1/works/${work.id}`)).json()).toEqual(work);
        const after = (await (await t().api('GET', `/api/v1/works/${work.id}/chapters`)).json()) as { items: { title: string; body_html: string }[] };
        expect(after.items.map((c) => [c.title, c.body_html])).toEqual([['One', '<p>a</p>'], ['Two', '<p>b</p>']]);
      });

      it('answers 403 on the edit and delete pages and their form posts', async () => {
        const owner = t().browser();
        await t().signUp(owner);
        const id = await postWorkForm(owner, { title: 'Owned' });
        const intruder = t().browser();
        await t().signUp(intruder);
        for (const path of [`/works/${id}/edit`, `/works/${id}/delete`, `/works/${id}/chapters/new`, `/works/${id}/chapters/manage`, `/works/${id}/chapters/1/edit`, `/works/${id}/chapters/1/delete`]) {
          expect((await intruder.get(path)).status, `GET ${path}`).toBe(403);
        }
        for (const [path, fields] of [
          [`/works/${id}/edit`, workFormFields({ title: 'Taken' })],
          [`/works/${id}/delete`, {}],
          [`/works/${id}/post`, {}],
          [`/works/${id}/chapters`, { body: 'Intruding.' }],
          [`/works/${id}/chapters/1/edit`, { body: 'Rewritten.' }],
          [`/works/${id}/chapters/1/delete`, {}],
          [`/works/${id}/chapters/order`, {}],
        ] as const) {
          const response = await intruder.post(path, fields);
          expect(response.status, `POST ${path}`).toBe(403);
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        }
        expect(await title(id)).toBe('Owned');
        expect((await (await t().api('GET', `/api/v1/works/${id}/chapters/1`)).json()) as { body_html: string }).toMatchObject({ body_html: expect.stringContaining('The lamp was lit') });
      });

      it('lets an admin edit it', async () => {
        const author = await t().apiUser();
        const admin = await t().apiUser({ admin: true });
        const work = await postWork(t(), author.token);
        const response = await t().api('PATCH', `/api/v1/works/${work.id}`, { token: admin.token, json: { title: 'Moderated' } });
        expect(response.status).toBe(200);
        expect(((await response.json()) as WorkJson).authors).toEqual(work.authors);
      });
    });
  });
});
