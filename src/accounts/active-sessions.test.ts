import { expect, it } from 'vitest';
import { TEST_PASSWORD, forEachDatabase, type TestContext } from '../../test/helpers.js';
import { summarizeUserAgent } from './active-sessions.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

async function logIn(t: TestContext, username: string, userAgent: string) {
  const browser = t.browser();
  await browser.get('/login');
  const body = new URLSearchParams({ _csrf: browser.csrfToken(), login: username, password: TEST_PASSWORD });
  const response = await browser.request('/login', { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent } });
  expect(response.status).toBe(303);
  return browser;
}

it('summarizes user agents', () => {
  expect(summarizeUserAgent(FIREFOX)).toBe('Firefox on Linux');
  expect(summarizeUserAgent(null)).toBe('Unknown browser');
});

forEachDatabase((getT) => {
  it('lists sessions without their tokens, revokes one, and signs out everywhere else', async () => {
    const t = getT();
    const home = t.browser();
    const user = await t.signUp(home);
    const laptop = await logIn(t, user.username, FIREFOX);
    const phone = await logIn(t, user.username, 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36');
    const html = await (await home.get('/settings/sessions')).text();
    expect(html).toContain('Firefox on Linux');
    expect(html).toContain('Chrome on Android');
    expect(html).toContain('(this browser)');
    for (const b of [home, laptop, phone]) expect(html).not.toContain(b.cookie('ch_session')!);

    const list = (await (await phone.get('/api/v1/me/sessions')).json()) as { items: { id: string; browser: string; current: boolean }[]; total: number };
    expect(list.total).toBe(3);
    expect(list.items.find((s) => s.current)?.browser).toBe('Chrome on Android');
    const laptopId = list.items.find((s) => s.browser === 'Firefox on Linux')!.id;
    expect(laptopId).toMatch(/^[0-9a-f]{16}$/);

    // Another account cannot end this reader's session.
    const stranger = await t.apiUser();
    expect((await t.api('DELETE', `/api/v1/me/sessions/${laptopId}`, { token: stranger.token })).status).toBe(404);
    expect((await laptop.get('/settings')).status).toBe(200);
    expect((await home.post(`/settings/sessions/${laptopId}/revoke`)).status).toBe(303);
    expect((await laptop.get('/settings')).status).toBe(401);

    expect((await home.post('/settings/sessions/revoke-others')).status).toBe(303);
    expect((await phone.get('/settings')).status).toBe(401);
    expect((await home.get('/settings')).status).toBe(200);
  });

  it('has an API twin for revoking with a token', async () => {
    const t = getT();
    const { user, token } = await t.apiUser();
    const browser = await logIn(t, user.username, FIREFOX);
    const { items } = (await (await t.api('GET', '/api/v1/me/sessions', { token })).json()) as { items: { id: string; current: boolean }[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.current).toBe(false);
    expect((await t.api('DELETE', '/api/v1/me/sessions/zzzz', { token })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/me/sessions/revoke-others', { token })).status).toBe(204);
    expect((await browser.get('/settings')).status).toBe(401);
  });

  it('signs out every session on a password change except the current one', async () => {
    const t = getT();
    const home = t.browser();
    const user = await t.signUp(home);
    const other = await logIn(t, user.username, FIREFOX);
    expect((await home.post('/settings/password', { current_password: TEST_PASSWORD, new_password: 'a different long password' })).status).toBe(303);
    expect((await other.get('/settings')).status).toBe(401);
    expect((await home.get('/settings')).status).toBe(200);
  });
});
