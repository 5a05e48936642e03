import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { forEachDatabase, postWork, TEST_PASSWORD, unique, type ApiErrorJson } from '../../test/helpers.js';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from './rate-limit-buckets.js';
import { bucketFor } from './rate-limit.js';

describe('RATE_LIMITS configuration', () => {
  it('reads bucket=count/seconds entries over the defaults', () => {
    const limits = parseRateLimits(' comment=3/60, kudos=5/10 ');
    expect(limits.comment).toEqual({ count: 3, seconds: 60 });
    expect(limits.kudos).toEqual({ count: 5, seconds: 10 });
    expect(limits.signup).toEqual(DEFAULT_RATE_LIMITS.signup);
    expect(parseRateLimits(undefined)).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('names the bad entry', () => {
    expect(() => parseRateLimits('kudos=5')).toThrow(/kudos=5/);
    expect(() => parseRateLimits('likes=5/60')).toThrow(/unknown bucket "likes"/);
    expect(() => parseRateLimits('kudos=5/0')).toThrow(/at least 1 second/);
    expect(() => loadConfig({ RATE_LIMITS: 'kudos=lots/60' })).toThrow(/RATE_LIMITS/);
  });

  it('feeds the login and comment limits their domains count, unless their own variables are set', () => {
    expect(loadConfig({ RATE_LIMITS: 'login=4/120,comment=2/30' })).toMatchObject({ loginAttempts: 4, loginWindowSeconds: 120, commentLimit: 2, commentWindowSeconds: 30 });
    expect(loadConfig({ RATE_LIMITS: 'login=4/120', LOGIN_ATTEMPTS: '7' })).toMatchObject({ loginAttempts: 7 });
  });

  it('puts every write in a bucket, pages and API alike', () => {
    expect(bucketFor('/signup')).toBe('signup');
    expect(bucketFor('/api/v1/accounts')).toBe('signup');
    expect(bucketFor('/login')).toBe('login');
    expect(bucketFor('/api/v1/tokens')).toBe('login');
    expect(bucketFor('/password-reset')).toBe('password_reset');
    expect(bucketFor('/works')).toBe('work');
    expect(bucketFor('/works/import')).toBe('work');
    expect(bucketFor('/api/v1/imports')).toBe('work');
    expect(bucketFor('/works/12/edit')).toBe('work');
    expect(bucketFor('/api/v1/works/12')).toBe('work');
    expect(bucketFor('/works/12/chapters')).toBe('chapter');
    expect(bucketFor('/api/v1/works/12/chapters/3')).toBe('chapter');
    expect(bucketFor('/works/12/chapters/3/comments')).toBe('comment');
    expect(bucketFor('/api/v1/comments/4/replies')).toBe('comment');
    expect(bucketFor('/works/12/kudos')).toBe('kudos');
    expect(bucketFor('/works/12/bookmark')).toBe('bookmark');
    expect(bucketFor('/api/v1/bookmarks/9')).toBe('bookmark');
    expect(bucketFor('/reports/new')).toBe('report');
    expect(bucketFor('/api/v1/reports')).toBe('report');
    expect(bucketFor('/comments/4/edit')).toBe('write');
    expect(bucketFor('/settings/profile')).toBe('write');
    expect(bucketFor('/admin/reports/work/1/status')).toBe('write');
  });
});

describe('rate limits on writes', () => {
  forEachDatabase(
    (t) => {
      it('answers the write past the limit with 429, Retry-After and a JSON error on the API; per account', async () => {
        const author = await t().apiUser();
        const work = await postWork(t(), author.token);
        const reader = await t().apiUser();
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i < 3; i += 1) {
          last = await t().api(i % 2 ? 'DELETE' : 'POST', `/api/v1/works/${work.id}/kudos`, { token: reader.token });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([201, 200, 429]);
        const retryAfter = Number(last!.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        const body = (await last!.json()) as ApiErrorJson;
        expect(body.error.code).toBe('rate_limited');
        expect(body.error.message).toMatch(/kudos/);
        // Another account has its own allowance.
        const other = await t().apiUser();
        expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: other.token })).status).toBe(201);
      });

      it('shows a clear page to a form past the limit, and counts guests per address', async () => {
        const author = await t().apiUser();
        const work = await postWork(t(), author.token);
        const guest = t().browser();
        // Work pages are shared renders without cookies: the CSRF cookie comes from a personal page.
        await guest.get('/login');
        const first = await guest.request(`/works/${work.id}/kudos`, { method: 'POST', body: new URLSearchParams({ _csrf: guest.csrfToken() }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' } });
        expect(first.status).toBe(303);
        await guest.request(`/works/${work.id}/kudos`, { method: 'POST', body: new URLSearchParams({ _csrf: guest.csrfToken() }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' } });
        const refused = await guest.request(`/works/${work.id}/kudos`, { method: 'POST', body: new URLSearchParams({ _csrf: guest.csrfToken() }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' } });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(refused.headers.get('content-type')).toMatch(/text\/html/);
        const html = await refused.text();
        expect(html).toContain('<h1>Slow down</h1>');
        expect(html).toMatch(/Too many kudos in a short time\. Please wait \d+ seconds and try again\./);
        // A guest at another address is not affected.
        const elsewhere = t().browser();
        await elsewhere.get('/login');
        const fine = await elsewhere.request(`/works/${work.id}/kudos`, { method: 'POST', body: new URLSearchParams({ _csrf: elsewhere.csrfToken() }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.9' } });
        expect(fine.status).toBe(303);
      });

      it('does not count a forged (CSRF-failed) post against the victim', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        for (let i = 0; i < 5; i += 1) expect((await browser.post('/settings/profile', { _csrf: 'forged' })).status).toBe(403);
        const real = await browser.post('/settings/profile', { display_name: 'Real', bio: '' });
        expect(real.status).not.toBe(429);
        // ...while real posts do count (write=3/60 here): the fourth is refused.
        await browser.post('/settings/profile', { display_name: 'Real', bio: '' });
        await browser.post('/settings/profile', { display_name: 'Real', bio: '' });
        expect((await browser.post('/settings/profile', { display_name: 'Real', bio: '' })).status).toBe(429);
      });

      it('limits sign-ups per address', async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          const name = unique();
          const response = await t().api('POST', '/api/v1/accounts', { json: { username: name, email: `${name}@example.org`, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '192.0.2.44' } });
          statuses.push(response.status);
        }
        expect(statuses).toEqual([201, 201, 429]);
        const name = unique();
        const other = await t().api('POST', '/api/v1/accounts', { json: { username: name, email: `${name}@example.org`, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '192.0.2.45' } });
        expect(other.status).toBe(201);
      });

      it('does not count logins twice: failed logins meet the login limit, not the write limit', async () => {
        const { user } = await t().apiUser();
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const response = await t().api('POST', '/api/v1/tokens', { json: { login: user.username, password: 'wrong password!!', name: 'x' }, headers: { 'x-forwarded-for': '192.0.2.60' } });
          statuses.push(response.status);
        }
        // loginAttempts is 4 here; the write bucket (3) never applies to logins.
        expect(statuses).toEqual([422, 422, 422, 422, 429]);
      });

      it('does not count comments twice: the comment limit from RATE_LIMITS applies once', async () => {
        const author = await t().apiUser();
        const work = await postWork(t(), author.token, { comment_permissions: 'registered' });
        const reader = await t().apiUser();
        const statuses: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          statuses.push((await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: `Comment ${i}` } })).status);
        }
        expect(statuses).toEqual([201, 201, 429]);
      });

      it('counts together across processes sharing the database', async () => {
        const author = await t().apiUser();
        const work = await postWork(t(), author.token);
        const reader = await t().apiUser();
        const second = createApp({ ...t().services, logger: pino({ level: 'silent' }) });
        const send = (app: typeof second) => app.request(`/api/v1/works/${work.id}/kudos`, { method: 'POST', headers: { authorization: `Bearer ${reader.token}` } });
        expect((await send(t().app)).status).toBe(201);
        expect((await send(second)).status).toBe(200);
        expect((await send(t().app)).status).toBe(429);
        expect((await send(second)).status).toBe(429);
      });
    },
    (() => {
      const limits = parseRateLimits('kudos=2/60,signup=2/3600,write=3/60,comment=2/300');
      const config = loadConfig({ RATE_LIMITS: 'login=4/900,comment=2/300' });
      return { rateLimits: limits, trustProxy: true, loginAttempts: config.loginAttempts, commentLimit: config.commentLimit, commentWindowSeconds: config.commentWindowSeconds };
    })(),
  );
});
