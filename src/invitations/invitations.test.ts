import { expect, it } from 'vitest';
import { findUserByUsername } from '../accounts/users.queries.js';
import { forEachDatabase, pageText, TEST_PASSWORD, unique, type ApiErrorJson, type TestBrowser, type TestContext } from '../../test/helpers.js';

// Invitations: the public queue, administrators releasing it, friends' invitations, and sign-up with a link that
// works once and expires. The suite runs with registration invite-only from the start (REGISTRATION=invite_only).

interface Standing {
  email: string;
  status: 'waiting' | 'invited';
  position: number | null;
}

async function adminBrowser(t: TestContext): Promise<{ token: string; browser: TestBrowser }> {
  const { user, token } = await t.apiUser({ admin: true });
  const browser = t.browser();
  await browser.get('/login');
  expect((await browser.post('/login', { login: user.username, password: TEST_PASSWORD })).status).toBe(303);
  return { token, browser };
}

/** The sign-up token in the newest invitation email to `address`. */
async function invitationToken(t: TestContext, address: string): Promise<string> {
  const mail = await t.db.selectFrom('outbox').selectAll().where('to_address', '=', address).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const match = /\/signup\?invitation=([A-Za-z0-9_-]+)/.exec(mail.text_body);
  expect(match).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

async function join(t: TestContext, email: string): Promise<Response> {
  return t.api('POST', '/api/v1/invite-requests', { json: { email }, headers: { 'x-forwarded-for': '203.0.113.9' } });
}

function signupFields(invitation: string | null) {
  const username = unique();
  return { username, fields: { username, email: `${username}@example.org`, password: TEST_PASSWORD, ...(invitation === null ? {} : { invitation }) } };
}

forEachDatabase(
  (getT) => {
    it('lets the first account of a new archive (its administrator) sign up without an invitation', async () => {
      const t = getT();
      const browser = t.browser();
      const page = await (await browser.get('/signup')).text();
      expect(page).toContain('name="password"');
      const { username, fields } = signupFields(null);
      expect((await browser.post('/signup', fields)).status).toBe(303);
      expect((await findUserByUsername(t.db, username))!.is_admin).toBe(1);
    });

    it('explains invite-only sign-up and refuses it without an invitation (403 invitation_required)', async () => {
      const t = getT();
      await adminBrowser(t);
      const browser = t.browser();
      const page = await browser.get('/signup');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(pageText(html)).toContain('Sign-up is by invitation');
      expect(html).toContain('href="/invite-requests"');
      expect(html).not.toContain('name="password"');
      const { fields } = signupFields(null);
      expect((await browser.post('/signup', fields)).status).toBe(403);
      const api = await t.api('POST', '/api/v1/accounts', { json: fields });
      expect(api.status).toBe(403);
      expect(((await api.json()) as ApiErrorJson).error.code).toBe('invitation_required');
      const made = await t.api('POST', '/api/v1/accounts', { json: { ...fields, invitation: 'not-a-real-token' } });
      expect(made.status).toBe(403);
      expect(((await made.json()) as ApiErrorJson).error.code).toBe('invitation_invalid');
    });

    it('queues visitors in order, shows their place, keeps duplicates in theirs, and drops honeypot posts', async () => {
      const t = getT();
      const browser = t.browser();
      const queue = await (await browser.get('/invite-requests')).text();
      expect(queue).toContain('name="website"');
      const first = `${unique('q')}@example.org`;
      const joined = await browser.post('/invite-requests', { email: first, website: '' });
      expect(joined.status).toBe(303);
      const status = await (await browser.get(joined.headers.get('location')!)).text();
      const mine = /You are number (\d+) in the queue/.exec(pageText(status));
      expect(mine).not.toBeNull();
      const position = Number(mine![1]);

      const second = `${unique('q')}@example.org`;
      const viaApi = await join(t, second.toUpperCase());
      expect(viaApi.status).toBe(201);
      expect((await viaApi.json()) as Standing).toMatchObject({ email: second, status: 'waiting', position: position + 1 });
      // Asking again answers the same place, on the page and the API.
      const again = await join(t, first);
      expect(again.status).toBe(200);
      expect(((await again.json()) as Standing).position).toBe(position);
      const dup = await browser.post('/invite-requests', { email: first });
      expect(pageText(await (await browser.get(dup.headers.get('location')!)).text())).toContain(`You are number ${position} in the queue`);

      const bot = `${unique('bot')}@example.org`;
      expect((await browser.post('/invite-requests', { email: bot, website: 'http://spam.example' })).status).toBe(303);
      expect(await t.db.selectFrom('invite_requests').select('id').where('email', '=', bot).executeTakeFirst()).toBeUndefined();

      const invalid = await browser.post('/invite-requests', { email: 'not an address' });
      expect(invalid.status).toBe(422);
      expect(await invalid.text()).toContain('value="not an address"');
      const unknown = await t.api('GET', `/api/v1/invite-requests/status?email=${encodeURIComponent('nobody@example.org')}`);
      expect(unknown.status).toBe(404);
      const known = await t.api('GET', `/api/v1/invite-requests/status?email=${encodeURIComponent(second)}`);
      expect(((await known.json()) as Standing).position).toBe(position + 1);
    });

    it('rate-limits joining the queue per IP', async () => {
      const t = getT();
      const headers = { 'x-forwarded-for': '198.51.100.77' };
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await t.api('POST', '/api/v1/invite-requests', { json: { email: `${unique('rl')}@example.org` }, headers })).status);
      expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });

    it('admins send the next N: emails in the outbox, requests marked, audited; each link signs up once', async () => {
      const t = getT();
      const { browser, token } = await adminBrowser(t);
      // Release whoever earlier tests queued, so this test's addresses are at the front.
      const waiting = (await (await t.api('GET', '/api/v1/admin/invitations', { token })).json()) as { total: number };
      if (waiting.total > 0) await t.api('POST', '/api/v1/admin/invitations', { token, json: { count: Math.min(waiting.total, 100) } });
      const emails = [0, 1, 2].map(() => `${unique('batch')}@example.org`);
      for (const email of emails) expect((await join(t, email)).status).toBe(201);

      const page = await (await browser.get('/admin/invitations')).text();
      expect(pageText(page)).toContain('3 addresses wait');
      for (const email of emails) expect(page).toContain(email);
      expect((await browser.post('/admin/invitations/batch', { count: 'lots' })).status).toBe(422);
      const sent = await browser.post('/admin/invitations/batch', { count: '2' });
      expect(sent.status).toBe(303);
      for (const email of emails.slice(0, 2)) {
        expect((await t.api('GET', `/api/v1/invite-requests/status?email=${encodeURIComponent(email)}`)).status).toBe(200);
        expect(await t.db.selectFrom('outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(1);
      }
      expect(await t.db.selectFrom('outbox').select('id').where('to_address', '=', emails[2]!).execute()).toHaveLength(0);
      const third = (await (await t.api('GET', `/api/v1/invite-requests/status?email=${encodeURIComponent(emails[2]!)}`)).json()) as Standing;
      expect(third.position).toBe(1);
      const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'invitation.send').orderBy('id', 'desc').limit(2).execute();
      expect(audit.map((a) => JSON.parse(a.details).email).sort()).toEqual(emails.slice(0, 2).sort());

      // The link opens the form with the token carried in a hidden field, and creates one account.
      const invitation = await invitationToken(t, emails[0]!);
      const visitor = t.browser();
      const form = await visitor.get(`/signup?invitation=${encodeURIComponent(invitation)}`);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain(`name="invitation" value="${invitation}"`);
      const { username, fields } = signupFields(invitation);
      // A validation error keeps the token in the form.
      const short = await visitor.post('/signup', { ...fields, password: 'short' });
      expect(short.status).toBe(422);
      expect(await short.text()).toContain(`name="invitation" value="${invitation}"`);
      expect((await visitor.post('/signup', fields)).status).toBe(303);
      const user = (await findUserByUsername(t.db, username))!;
      expect(user.invitations_left).toBe(3);
      const row = await t.db.selectFrom('invitations').selectAll().where('used_by', '=', user.id).executeTakeFirstOrThrow();
      expect(row.used_at).not.toBeNull();

      // Used: refused on the page and the API.
      expect((await t.browser().get(`/signup?invitation=${encodeURIComponent(invitation)}`)).status).toBe(403);
      const reuse = await t.api('POST', '/api/v1/accounts', { json: signupFields(invitation).fields });
      expect(reuse.status).toBe(403);
      expect(((await reuse.json()) as ApiErrorJson).error.message).toMatch(/already been used/);

      // Expired: refused too.
      const stale = await invitationToken(t, emails[1]!);
      await t.db.updateTable('invitations').set({ expires_at: '2020-01-01T00:00:00.000Z' }).where('email', '=', emails[1]!).execute();
      const expired = await t.api('POST', '/api/v1/accounts', { json: signupFields(stale).fields });
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as ApiErrorJson).error.message).toMatch(/expired/);

      // One by one, through the API; a second release of the same request is refused.
      const request = await t.db.selectFrom('invite_requests').select('id').where('email', '=', emails[2]!).executeTakeFirstOrThrow();
      const one = await t.api('POST', '/api/v1/admin/invitations', { token, json: { request_id: request.id } });
      expect(one.status).toBe(201);
      expect(((await one.json()) as { items: { email: string; status: string }[] }).items).toEqual([expect.objectContaining({ email: emails[2], status: 'pending' })]);
      expect((await t.api('POST', '/api/v1/admin/invitations', { token, json: { request_id: request.id } })).status).toBe(422);
      // And through the API sign-up with the emailed token.
      const apiSignup = await t.api('POST', '/api/v1/accounts', { json: signupFields(await invitationToken(t, emails[2]!)).fields });
      expect(apiSignup.status).toBe(201);
    });

    it('only administrators release invitations', async () => {
      const t = getT();
      const reader = await t.apiUser();
      expect((await t.api('POST', '/api/v1/admin/invitations', { token: reader.token, json: { count: 1 } })).status).toBe(403);
      expect((await t.api('GET', '/api/v1/admin/invitations', { token: reader.token })).status).toBe(403);
      expect((await t.api('POST', '/api/v1/admin/invitations', { json: { count: 1 } })).status).toBe(401);
    });

    it('accounts invite friends from their allowance and follow each invitation; admins have no limit', async () => {
      const t = getT();
      const { token: adminToken } = await adminBrowser(t);
      await t.api('PATCH', '/api/v1/admin/settings', { token: adminToken, json: { invitations_per_account: 1 } });
      try {
        const friend = `${unique('friend')}@example.org`;
        const inviter = await t.apiUser();
        expect(inviter.user.invitations_left).toBe(1);
        const sent = await t.api('POST', '/api/v1/invitations', { token: inviter.token, json: { email: friend } });
        expect(sent.status).toBe(201);
        const none = await t.api('POST', '/api/v1/invitations', { token: inviter.token, json: { email: `${unique('x')}@example.org` } });
        expect(none.status).toBe(422);
        expect(((await none.json()) as ApiErrorJson).error.fields?.email).toMatch(/no invitations left/);

        const { username, fields } = signupFields(await invitationToken(t, friend));
        expect((await t.api('POST', '/api/v1/accounts', { json: fields })).status).toBe(201);
        const list = (await (await t.api('GET', '/api/v1/invitations', { token: inviter.token })).json()) as { invitations_left: number; items: { email: string; status: string; used_by: string }[] };
        expect(list.invitations_left).toBe(0);
        expect(list.items).toEqual([expect.objectContaining({ email: friend, status: 'used', used_by: username })]);

        const adminList = (await (await t.api('GET', '/api/v1/invitations', { token: adminToken })).json()) as { invitations_left: number | null };
        expect(adminList.invitations_left).toBeNull();
        for (let i = 0; i < 3; i++) expect((await t.api('POST', '/api/v1/invitations', { token: adminToken, json: { email: `${unique('many')}@example.org` } })).status).toBe(201);

        // The page: allowance, the form, the list with statuses.
        const browser = t.browser();
        await browser.get('/login');
        const member = await t.apiUser();
        expect((await browser.post('/login', { login: member.user.username, password: TEST_PASSWORD })).status).toBe(303);
        const page = await (await browser.get('/invitations')).text();
        expect(pageText(page)).toContain('You have 1 invitation left.');
        const bad = await browser.post('/invitations', { email: 'nope' });
        expect(bad.status).toBe(422);
        expect(await bad.text()).toContain('value="nope"');
        const pal = `${unique('pal')}@example.org`;
        expect((await browser.post('/invitations', { email: pal })).status).toBe(303);
        const after = pageText(await (await browser.get('/invitations')).text());
        expect(after).toContain('You have 0 invitations left.');
        expect(after).toContain(pal);
        expect(after).toContain('Pending');
      } finally {
        await t.api('PATCH', '/api/v1/admin/settings', { token: adminToken, json: { invitations_per_account: 3 } });
      }
    });

    it('the queue closes when registration is not invite-only', async () => {
      const t = getT();
      const { token } = await adminBrowser(t);
      await t.api('PATCH', '/api/v1/admin/settings', { token, json: { registration: 'open' } });
      try {
        const refused = await join(t, `${unique('late')}@example.org`);
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as ApiErrorJson).error.code).toBe('invite_queue_closed');
        expect(pageText(await (await t.browser().get('/invite-requests')).text())).toContain('Registration is open');
      } finally {
        await t.api('PATCH', '/api/v1/admin/settings', { token, json: { registration: 'invite_only' } });
      }
    });
  },
  { registration: 'invite_only', trustProxy: true },
);
