import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, fieldError, forEachDatabase, type TestContext, type TestBrowser } from '../../test/helpers.js';
import { runJobs, startTestSmtp } from '../../test/smtp.js';
import { base32Decode, base32Encode, decryptTotpSecret, encryptTotpSecret, hotp, matchTotp, totp, totpStep } from './totp.js';

const smtp = await startTestSmtp();
afterAll(() => smtp.close());

function mailsTo(address: string) {
  return smtp.received.filter((m) => m.to.includes(address));
}

describe('TOTP', () => {
  // RFC 6238 appendix B, SHA-1 rows: the 20-byte ASCII key "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('matches the RFC 6238 SHA-1 vector at T=%i', (seconds, code) => {
    expect(totp(key, seconds * 1000, 8)).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    expect([0, 1, 2, 3, 9].map((counter) => hotp(key, counter))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });

  it('round-trips base32 and the encrypted secret', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    const stored = encryptTotpSecret('site secret', key);
    expect(stored).not.toContain(base32Encode(key));
    expect(decryptTotpSecret('site secret', stored).equals(key)).toBe(true);
    expect(() => decryptTotpSecret('another secret', stored)).toThrow();
  });

  it('accepts one step of drift and refuses steps already used', () => {
    const at = 1_700_000_000_000;
    const step = totpStep(at);
    expect(matchTotp(key, hotp(key, step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(key, hotp(key, step + 2), at, null)).toBeUndefined();
    expect(matchTotp(key, hotp(key, step), at, step)).toBeUndefined();
  });
});

/** The current code for the secret shown on the setup page. */
function codeFor(secret: string, offsetSteps = 0): string {
  return totp(base32Decode(secret)!, Date.now() + offsetSteps * 30_000);
}

/** Sets up two-factor sign-in through the pages; returns the secret and the recovery codes shown. */
async function enableTwoFactor(browser: TestBrowser): Promise<{ secret: string; codes: string[]; used: string }> {
  const setup = await (await browser.post('/settings/two-factor/setup')).text();
  const secret = /<code>([A-Z2-7]{32})<\/code>/.exec(setup)![1]!;
  expect(setup).toContain('otpauth://totp/');
  const used = codeFor(secret);
  const done = await browser.post('/settings/two-factor/confirm', { code: used });
  expect(done.status).toBe(200);
  const codes = [...(await done.text()).matchAll(/<li><code>([0-9a-f]{5}-[0-9a-f]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  return { secret, codes, used };
}

async function logIn(t: TestContext, username: string, password = TEST_PASSWORD): Promise<{ browser: TestBrowser; response: Response }> {
  const browser = t.browser();
  await browser.get('/login');
  const response = await browser.post('/login', { login: username, password, return_to: '/settings' });
  return { browser, response };
}

describe('two-factor sign-in', () => {
  forEachDatabase(
    (getT) => {
      it('refuses a wrong code at setup and stays off', async () => {
        const t = getT();
        const browser = t.browser();
        const user = await t.signUp(browser);
        const setup = await (await browser.post('/settings/two-factor/setup')).text();
        const secret = /<code>([A-Z2-7]{32})<\/code>/.exec(setup)![1]!;
        const wrong = String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
        const response = await browser.post('/settings/two-factor/confirm', { code: wrong });
        expect(response.status).toBe(422);
        expect(fieldError(await response.text(), 'code')).toContain('does not match');
        const row = await t.db.selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
        expect(row.enabled_at).toBeNull();
        expect(row.secret_encrypted).not.toContain(secret);
        expect((await logIn(t, user.username)).response.headers.get('location')).toBe('/settings');
      });

      it('asks for the code after the password, refuses a replay, and lets a recovery code in once', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const { secret, codes, used } = await enableTwoFactor(owner);
        // The secret is never shown again once on.
        expect(await (await owner.get('/settings/two-factor')).text()).not.toContain(secret);

        const first = await logIn(t, user.username);
        expect(first.response.status).toBe(303);
        expect(first.response.headers.get('location')).toBe('/login/two-factor?return_to=%2Fsettings');
        expect((await first.browser.get('/settings')).status).toBe(401);
        expect((await first.browser.get('/login/two-factor')).status).toBe(200);
        // The code that switched it on is spent; the next step's code is within the window.
        const replayed = await first.browser.post('/login/two-factor', { code: used, return_to: '/settings' });
        expect(replayed.status).toBe(422);
        const next = codeFor(secret, 1);
        const ok = await first.browser.post('/login/two-factor', { code: next, return_to: '/settings' });
        expect(ok.status).toBe(303);
        expect((await first.browser.get('/settings')).status).toBe(200);

        const again = await logIn(t, user.username);
        expect((await again.browser.post('/login/two-factor', { code: next })).status).toBe(422);
        expect((await again.browser.post('/login/two-factor', { code: codes[0]!.toUpperCase() })).status).toBe(303);
        const third = await logIn(t, user.username);
        expect((await third.browser.post('/login/two-factor', { code: codes[0]! })).status).toBe(422);
        expect((await third.browser.post('/login/two-factor', { code: codes[1]! })).status).toBe(303);
        expect(await (await owner.get('/settings/two-factor')).text()).toContain('8 unused recovery codes');
      });

      it('refuses a forged pending-login cookie, and needs the code to mint an API token', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const { secret } = await enableTwoFactor(owner);
        const forger = t.browser();
        forger.setCookie('ch_2fa', `${user.id}.${Date.now() + 60_000}.forged`);
        const forged = await forger.post('/login/two-factor', { code: codeFor(secret, 1) });
        expect(forged.headers.get('location')).toMatch(/^\/login/);
        expect((await forger.get('/settings')).status).toBe(401);

        const noCode = await t.api('POST', '/api/v1/tokens', { json: { login: user.username, password: TEST_PASSWORD, name: 'cli' } });
        expect(noCode.status).toBe(422);
        const withCode = await t.api('POST', '/api/v1/tokens', { json: { login: user.username, password: TEST_PASSWORD, name: 'cli', code: codeFor(secret, 1) } });
        expect(withCode.status).toBe(201);
      });

      it('disables with password and code, and mails a notice each way', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const { secret } = await enableTwoFactor(owner);
        const wrong = await owner.post('/settings/two-factor/disable', { current_password: TEST_PASSWORD, code: '000000' === codeFor(secret, 1) ? '111111' : '000000' });
        expect(wrong.status).toBe(422);
        const noPassword = await owner.post('/settings/two-factor/disable', { current_password: 'not my password', code: codeFor(secret, 1) });
        expect(fieldError(await noPassword.text(), 'current_password')).toContain('not your current password');
        const done = await owner.post('/settings/two-factor/disable', { current_password: TEST_PASSWORD, code: codeFor(secret, 1) });
        expect(done.status).toBe(303);
        expect(await t.db.selectFrom('totp_recovery_codes').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
        expect((await logIn(t, user.username)).response.headers.get('location')).toBe('/settings');
        await runJobs(t);
        const subjects = mailsTo(user.email).map((m) => m.header('subject'));
        expect(subjects).toContain('Two-factor sign-in is on for your Chapterhouse account');
        expect(subjects).toContain('Two-factor sign-in is off for your Chapterhouse account');
        for (const mail of mailsTo(user.email)) expect(mail.text).not.toContain(secret);
      });

      it('counts wrong codes against the login limit', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const { secret } = await enableTwoFactor(owner);
        const { browser } = await logIn(t, user.username);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await browser.post('/login/two-factor', { code: 'zzzzz-zzzzz' })).status);
        expect(statuses).toEqual([422, 422, 422, 429]);
        expect((await browser.post('/login/two-factor', { code: codeFor(secret, 1) })).status).toBe(429);
      });

      it('keeps counting wrong codes across fresh password logins', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        await enableTwoFactor(owner);
        const first = await logIn(t, user.username);
        for (let i = 0; i < 2; i++) expect((await first.browser.post('/login/two-factor', { code: 'zzzzz-zzzzz' })).status).toBe(422);
        // The right password clears the password count, but not the count of wrong codes.
        const second = await logIn(t, user.username);
        expect(second.response.status).toBe(303);
        expect((await second.browser.post('/login/two-factor', { code: 'zzzzz-zzzzz' })).status).toBe(422);
        expect((await second.browser.post('/login/two-factor', { code: 'zzzzz-zzzzz' })).status).toBe(429);
      });

      it('regenerates recovery codes, retiring the old ones', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const { codes } = await enableTwoFactor(owner);
        const response = await owner.post('/settings/two-factor/recovery-codes', { password: TEST_PASSWORD });
        const fresh = [...(await response.text()).matchAll(/<li><code>([0-9a-f]{5}-[0-9a-f]{5})<\/code><\/li>/g)].map((m) => m[1]!);
        expect(fresh).toHaveLength(10);
        const { browser } = await logIn(t, user.username);
        expect((await browser.post('/login/two-factor', { code: codes[0]! })).status).toBe(422);
        expect((await browser.post('/login/two-factor', { code: fresh[0]! })).status).toBe(303);
      });

      it('mails notices on password change and on email change to both addresses', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        expect((await owner.post('/settings/password', { current_password: TEST_PASSWORD, new_password: 'another long password' })).status).toBe(303);
        const newAddress = `new-${user.email}`;
        expect((await owner.post('/settings/email', { email: newAddress, current_password: 'another long password' })).status).toBe(303);
        await runJobs(t);
        const old = mailsTo(user.email).map((m) => m.header('subject'));
        expect(old).toContain('Your Chapterhouse password was changed');
        expect(old).toContain('Your Chapterhouse email address was changed');
        expect(mailsTo(newAddress).map((m) => m.header('subject'))).toContain('Your Chapterhouse email address was changed');
      });

      it('mails a notice when the password is reset by link', async () => {
        const t = getT();
        const owner = t.browser();
        const user = await t.signUp(owner);
        const guest = t.browser();
        await guest.get('/password-reset');
        await guest.post('/password-reset', { email: user.email });
        await runJobs(t);
        const resetMail = mailsTo(user.email).find((m) => /password-reset\//.test(m.text))!;
        const link = /http:\/\/archive\.test(\/password-reset\/\S+)/.exec(resetMail.text)![1]!;
        expect((await guest.post(link, { password: 'a brand new password' })).status).toBe(303);
        expect((await owner.get('/settings')).status).toBe(401);
        await runJobs(t);
        expect(mailsTo(user.email).map((m) => m.header('subject'))).toContain('Your Chapterhouse password was reset');
      });
    },
    { smtpUrl: smtp.url, loginAttempts: 3 },
  );
});
