import { afterAll, expect, it } from 'vitest';
import { forEachDatabase, pageText, TEST_PASSWORD, unique } from '../../test/helpers.js';
import { runJobs, startTestSmtp } from '../../test/smtp.js';

const smtp = await startTestSmtp();
afterAll(() => smtp.close());

function lastMailTo(address: string) {
  const mails = smtp.received.filter((m) => m.to.includes(address));
  return mails[mails.length - 1];
}

forEachDatabase((getT) => {
  it('sends a confirmation link at sign-up that confirms the address once', async () => {
    const t = getT();
    const browser = t.browser();
    const user = await t.signUp(browser);
    expect(user.email_confirmed_at).toBeNull();
    await runJobs(t);
    const mail = lastMailTo(user.email)!;
    expect(mail.header('subject')).toContain('Confirm');
    const link = /(http:\/\/archive\.test\/confirm-email\?token=\S+)/.exec(mail.text)![1]!;
    const response = await t.app.request(link.replace('http://archive.test', ''));
    expect(response.status).toBe(200);
    expect(pageText(await response.text())).toContain('is confirmed');
    const row = await t.db.selectFrom('users').select('email_confirmed_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.email_confirmed_at).not.toBeNull();
    expect((await t.app.request(link.replace('http://archive.test', ''))).status).toBe(400);
  });

  it('resets a password by emailed link, once, ending other sessions, and says the same for unknown addresses', async () => {
    const t = getT();
    const browser = t.browser();
    const user = await t.signUp(browser);
    await runJobs(t);
    const before = smtp.received.length;
    const guest = t.browser();
    await guest.get('/password-reset');
    const unknown = await guest.post('/password-reset', { email: `${unique('nobody')}@example.org` });
    const known = await guest.post('/password-reset', { email: user.email.toUpperCase() });
    expect(unknown.status).toBe(200);
    expect(pageText(await unknown.text())).toBe(pageText(await known.text()));
    await runJobs(t);
    expect(smtp.received.length).toBe(before + 1);
    const link = /(http:\/\/archive\.test\/password-reset\/\S+)/.exec(lastMailTo(user.email)!.text)![1]!.replace('http://archive.test', '');
    expect((await guest.get(link)).status).toBe(200);
    const short = await guest.post(link, { password: 'short' });
    expect(short.status).toBe(422);
    const done = await guest.post(link, { password: 'a brand new password' });
    expect(done.status).toBe(303);
    expect((await browser.get('/settings')).status).toBe(401);
    expect((await guest.post(link, { password: 'another new password' })).status).toBe(400);
    const login = await t.api('POST', '/api/v1/tokens', { json: { login: user.username, password: 'a brand new password', name: 'x' } });
    expect(login.status).toBe(201);
    const old = await t.api('POST', '/api/v1/tokens', { json: { login: user.username, password: TEST_PASSWORD, name: 'x' } });
    expect(old.status).not.toBe(201);
  });

  it('rate-limits reset requests per address', async () => {
    const t = getT();
    const guest = t.browser();
    await guest.get('/password-reset');
    const email = `${unique('limit')}@example.org`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guest.post('/password-reset', { email })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
}, { smtpUrl: smtp.url });
