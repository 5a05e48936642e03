import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, TEST_PASSWORD, unique, type TestContext } from '../../test/helpers.js';

// Every response (page, API, asset, download, error) carries the security headers; HSTS and Secure cookies only
// when BASE_URL is https.

/** A sample of every kind of response the archive gives, by name. */
async function sampleResponses(t: TestContext): Promise<Record<string, Response>> {
  const author = await t.apiUser();
  const work = await postWork(t, author.token);
  const home = await t.app.request('/');
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(await home.clone().text())![1]!;
  const script = /<script type="module" src="([^"]+)"/.exec(await home.clone().text())![1]!;
  return {
    page: home,
    work: await t.app.request(`/works/${work.id}`),
    api: await t.api('GET', `/api/v1/works/${work.id}`),
    openapi: await t.app.request('/api/v1/openapi.json'),
    stylesheet: await t.app.request(stylesheet),
    script: await t.app.request(script),
    healthz: await t.app.request('/healthz'),
    feed: await t.app.request(`/works/${work.id}/feed.atom`),
    'html download': await t.app.request(`/works/${work.id}/download.html`),
    'not found page': await t.app.request('/no/such/page'),
    'not found api': await t.api('GET', '/api/v1/works/999999'),
    'forbidden post': await t.app.request('/settings/profile', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=forged' }),
    'bad token': await t.api('GET', '/api/v1/me', { token: 'not-a-token' }),
  };
}

function expectSecurityHeaders(name: string, response: Response): void {
  const csp = response.headers.get('content-security-policy');
  expect(csp, name).toBeTruthy();
  expect(csp, name).not.toContain('unsafe-inline');
  expect(csp, name).not.toContain('unsafe-eval');
  expect(csp, name).toContain("frame-ancestors 'none'");
  const scripts = /script-src ([^;]+)/.exec(csp!)?.[1]?.trim();
  // Scripts from our own origin only (or none at all, as in the sandboxed download).
  if (scripts !== undefined) expect(scripts, name).toBe("'self'");
  else expect(csp, name).toContain("default-src 'none'");
  expect(response.headers.get('referrer-policy'), name).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
}

describe('security headers over http', () => {
  forEachDatabase((t) => {
    it('are on every kind of response, without HSTS', async () => {
      const responses = await sampleResponses(t());
      expect(responses['not found page']!.status).toBe(404);
      expect(responses['forbidden post']!.status).toBe(403);
      expect(responses.stylesheet!.status).toBe(200);
      expect(responses['html download']!.status).toBe(200);
      for (const [name, response] of Object.entries(responses)) {
        expectSecurityHeaders(name, response);
        expect(response.headers.get('strict-transport-security'), name).toBeNull();
      }
    });

    it('lets the HTML download style itself by hash alone', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token);
      const response = await t().app.request(`/works/${work.id}/download.html`);
      const csp = response.headers.get('content-security-policy')!;
      const hash = /style-src '(sha256-[A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(hash).toBeDefined();
      const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())![1]!;
      const { createHash } = await import('node:crypto');
      expect(`sha256-${createHash('sha256').update(style).digest('base64')}`).toBe(hash);
    });

    it('sets cookies without Secure', async () => {
      const response = await t().app.request('/login');
      const cookies = response.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect(cookie).not.toMatch(/;\s*Secure/i);
    });
  });
});

describe('security headers over https', () => {
  forEachDatabase(
    (t) => {
      it('add HSTS to every kind of response', async () => {
        for (const [name, response] of Object.entries(await sampleResponses(t()))) {
          expectSecurityHeaders(name, response);
          expect(response.headers.get('strict-transport-security'), name).toMatch(/^max-age=\d{7,}/);
        }
      });

      it('mark every cookie Secure, HttpOnly and SameSite=Lax (session, CSRF, flash)', async () => {
        const browser = t().browser();
        const page = await browser.get('/signup');
        const username = unique();
        const signup = await browser.post('/signup', { username, email: `${username}@example.org`, password: TEST_PASSWORD });
        expect(signup.status).toBe(303);
        const cookies = [...page.headers.getSetCookie(), ...signup.headers.getSetCookie()];
        expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(expect.arrayContaining(['ch_csrf', 'ch_flash', 'ch_session']));
        for (const cookie of cookies) {
          expect(cookie).toMatch(/;\s*Secure/i);
          expect(cookie).toMatch(/;\s*HttpOnly/i);
          expect(cookie).toMatch(/;\s*SameSite=Lax/i);
        }
        // Clearing a cookie (log out) keeps the Secure flag.
        const logout = await browser.post('/logout');
        for (const cookie of logout.headers.getSetCookie()) expect(cookie).toMatch(/;\s*Secure/i);
      });
    },
    { baseUrl: 'https://archive.test' },
  );
});
