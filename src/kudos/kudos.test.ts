import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, type TestBrowser, type TestContext } from '../../test/helpers.js';
import { VISITOR_COOKIE } from '../http/visitor.js';
import { findWork } from '../works/works.queries.js';

// Kudos: once per account and once per guest per work, never on your own work or a draft, refused when blocked,
// with the counters on the work kept exact.

describe('kudos', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      async function counts(workId: number) {
        const work = (await findWork(t().db, workId))!;
        return { total: work.kudos_count, guests: work.guest_kudos_count };
      }

      /** A guest browser with its own visitor cookie, coming from `ip`. */
      async function guest(ip: string): Promise<TestBrowser> {
        const browser = t().browser();
        await browser.get('/login', { 'x-forwarded-for': ip });
        browser.setCookie(VISITOR_COOKIE, `visitor${ip.replace(/\D/g, '')}aaaaaaaaaaaaaaaaaaaa`);
        return browser;
      }

      async function guestKudos(browser: TestBrowser, workId: number, ip: string): Promise<Response> {
        return browser.request(`/works/${workId}/kudos`, {
          method: 'POST',
          body: new URLSearchParams({ _csrf: browser.csrfToken() }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        });
      }

      it('counts a second kudos from the same account as a polite no-op (API 201 then 200)', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const { token } = await t().apiUser();
        const first = await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token });
        expect(first.status).toBe(201);
        expect(await first.json()).toEqual({ created: true });
        const second = await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token });
        expect(second.status).toBe(200);
        expect(await second.json()).toEqual({ created: false });
        expect(await counts(work.id)).toEqual({ total: 1, guests: 0 });
      });

      it('double kudos from the page leaves one kudos and says so', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const browser = t().browser();
        const reader = await t().signUp(browser);
        expect((await browser.post(`/works/${work.id}/kudos`)).status).toBe(303);
        const again = await browser.post(`/works/${work.id}/kudos`);
        expect(again.status).toBe(303);
        const page = await browser.get(`/works/${work.id}`);
        const text = pageText(await page.text());
        expect(text).toContain('You have already left kudos here');
        expect(text).toContain(`${reader.username} left kudos on this work.`);
        expect(await counts(work.id)).toEqual({ total: 1, guests: 0 });
      });

      it('refuses kudos on your own work, on a draft, and from an account the author blocked', async () => {
        const { user: author, token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const own = await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: authorToken });
        expect(own.status).toBe(403);
        expect(((await own.json()) as { error: { message: string } }).error.message).toMatch(/your own work/);

        const draft = await postWork(t(), authorToken, { draft: true });
        const { user: reader, token } = await t().apiUser();
        expect((await t().api('POST', `/api/v1/works/${draft.id}/kudos`, { token })).status).toBe(404);

        await t().db.insertInto('blocks').values({ user_id: author.id, blocked_id: reader.id, created_at: new Date().toISOString() }).execute();
        expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token })).status).toBe(403);
        expect(await counts(work.id)).toEqual({ total: 0, guests: 0 });
      });

      it('keys guests on address and cookie: same guest once, different guests each', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const a = await guest('203.0.113.1');
        expect((await guestKudos(a, work.id, '203.0.113.1')).status).toBe(303);
        expect((await guestKudos(a, work.id, '203.0.113.1')).status).toBe(303);
        expect(await counts(work.id)).toEqual({ total: 1, guests: 1 });
        const b = await guest('203.0.113.2');
        await guestKudos(b, work.id, '203.0.113.2');
        expect(await counts(work.id)).toEqual({ total: 2, guests: 2 });
        // The raw address is never stored.
        const keys = await t().db.selectFrom('kudos').select('guest_key').where('work_id', '=', work.id).execute();
        expect(keys.every((k) => k.guest_key && !k.guest_key.includes('203.0.113'))).toBe(true);

        const { token } = await t().apiUser();
        await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token });
        const list = await (await t().api('GET', `/api/v1/works/${work.id}/kudos`)).json();
        expect(list).toMatchObject({ guests: 2, total: 3, usernames: [expect.any(String)] });
        const page = pageText(await (await t().browser().get(`/works/${work.id}`)).text());
        expect(page).toMatch(/and 2 guests left kudos on this work/);
      });

      it('lets an account withdraw its kudos and keeps the counts exact', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const { token } = await t().apiUser();
        await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token });
        const removed = await t().api('DELETE', `/api/v1/works/${work.id}/kudos`, { token });
        expect(await removed.json()).toEqual({ removed: true });
        expect(await (await t().api('DELETE', `/api/v1/works/${work.id}/kudos`, { token })).json()).toEqual({ removed: false });
        expect(await counts(work.id)).toEqual({ total: 0, guests: 0 });
        expect((await t().api('DELETE', `/api/v1/works/${work.id}/kudos`)).status).toBe(401);
      });
    },
    { trustProxy: true },
  );
});
