import { expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork } from '../../test/helpers.js';
import { runJobs } from '../../test/smtp.js';

forEachDatabase((getT) => {
  it('subscribes with one click on the work, series and author pages, lists and removes on /subscriptions', async () => {
    const t = getT();
    const author = await t.apiUser();
    const work = await postWork(t, author.token, { series: { title: 'Tides' } });
    const seriesId = (await t.db.selectFrom('series_works').select('series_id').where('work_id', '=', work.id).executeTakeFirstOrThrow()).series_id;
    const browser = t.browser();
    await t.signUp(browser);

    for (const [page, field, value, label] of [
      [`/works/${work.id}`, 'work_id', String(work.id), 'this work'],
      [`/series/${seriesId}`, 'series_id', String(seriesId), 'this series'],
      [`/users/${author.user.username}`, 'username', author.user.username, author.user.username],
    ] as const) {
      expect(await (await browser.get(page)).text()).toContain(`Subscribe to ${label}`);
      const response = await browser.post('/subscriptions', { [field]: value, return_to: page });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(page);
      expect(await (await browser.get(page)).text()).toContain(`Unsubscribe from ${label}`);
    }
    const list = pageText(await (await browser.get('/subscriptions')).text());
    expect(list).toContain(`Work: ${work.title}`);
    expect(list).toContain('Series: Tides');
    expect(list).toContain(`Author: ${author.user.username}`);

    expect((await browser.post('/subscriptions/remove', { work_id: String(work.id), return_to: `/works/${work.id}` })).status).toBe(303);
    expect((await browser.post('/subscriptions/remove', { work_id: String(work.id), return_to: `/works/${work.id}` })).status).toBe(303);
    expect(await (await browser.get(`/works/${work.id}`)).text()).toContain('Subscribe to this work');
    const html = await (await browser.get('/subscriptions')).text();
    const id = /action="\/subscriptions\/(\d+)\/delete"/.exec(html)![1]!;
    expect((await browser.post(`/subscriptions/${id}/delete`)).status).toBe(303);
    expect(pageText(await (await browser.get('/subscriptions')).text())).not.toContain('Author: ');
  });

  it('answers the subscriptions API: idempotent, 404 for a missing work, 422 for bad input, 401 for guests', async () => {
    const t = getT();
    const author = await t.apiUser();
    const reader = await t.apiUser();
    const work = await postWork(t, author.token);
    expect((await t.api('POST', '/api/v1/subscriptions', { json: { work_id: work.id } })).status).toBe(401);
    expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { work_id: 999999 } })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { work_id: work.id, username: 'x' } })).status).toBe(422);
    expect((await t.api('POST', '/api/v1/subscriptions', { token: author.token, json: { username: author.user.username } })).status).toBe(422);
    const draft = await postWork(t, author.token, { draft: true });
    expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { work_id: draft.id } })).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { username: author.user.username } })).status).toBe(200);
    const list = (await (await t.api('GET', '/api/v1/subscriptions', { token: reader.token })).json()) as { items: { target_type: string; label: string }[] };
    expect(list.items).toEqual([expect.objectContaining({ target_type: 'user', label: author.user.username })]);
    for (let i = 0; i < 2; i++) expect((await t.api('DELETE', '/api/v1/subscriptions', { token: reader.token, json: { username: author.user.username } })).status).toBe(200);
    expect(((await (await t.api('GET', '/api/v1/subscriptions', { token: reader.token })).json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it('shows the inbox with its unread count, filters, and marks read from the page', async () => {
    const t = getT();
    const author = await t.apiUser();
    const work = await postWork(t, author.token);
    const browser = t.browser();
    await t.signUp(browser);
    await browser.post('/subscriptions', { work_id: String(work.id), return_to: '/' });
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'Ebb', body: '<p>Low water.</p>' } });
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'Flow', body: '<p>High water.</p>' } });
    await runJobs(t);
    let html = await (await browser.get('/inbox')).text();
    expect(pageText(html)).toContain('Inbox 2 unread');
    expect(pageText(html)).toContain(`${author.user.username} posted Chapter 3: Flow of “${work.title}”`);
    expect(html).toContain(`href="/works/${work.id}/chapters/2"`);
    expect(pageText(await (await browser.get('/inbox?kind=comment')).text())).toContain('No notifications here.');
    const id = /name="ids" value="(\d+)"/.exec(html)![1]!;
    expect((await browser.post('/inbox/read', { ids: id })).status).toBe(303);
    html = await (await browser.get('/inbox?unread=true')).text();
    expect(pageText(html)).toContain('Inbox 1 unread');
    expect(html.match(/class="inbox-item inbox-unread"/g)).toHaveLength(1);
    expect((await browser.post('/inbox/read', { all: '1' })).status).toBe(303);
    expect(pageText(await (await browser.get('/inbox')).text())).toContain('0 unread');
    expect((await t.browser().get('/inbox')).status).toBe(401);
  });

  it('without SMTP_URL confirms at sign-up and keeps notification email in the outbox for admins', async () => {
    const t = getT();
    const admin = await t.apiUser({ admin: true });
    const author = await t.apiUser();
    const reader = await t.apiUser();
    expect(reader.user.email_confirmed_at).not.toBeNull();
    const work = await postWork(t, author.token, { title: 'Harbour <Lights>' });
    await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { work_id: work.id } });
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { body: '<p>Fog.</p>' } });
    await runJobs(t);
    const rows = await t.db.selectFrom('outbox').selectAll().where('to_address', '=', reader.user.email).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sent_at).toBeNull();
    expect(JSON.parse(rows[0]!.headers)).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(await t.db.selectFrom('jobs').select('id').where('kind', '=', 'email.send').executeTakeFirst()).toBeUndefined();
    const page = await (await t.api('GET', '/admin/outbox', { token: admin.token })).text();
    expect(page).toContain('Harbour &lt;Lights&gt;');
  });

  it('lets only admins read the outbox, and saves the email frequency from settings and the API', async () => {
    const t = getT();
    const admin = await t.apiUser({ admin: true });
    const reader = await t.apiUser();
    expect((await t.api('GET', '/admin/outbox', { token: reader.token })).status).toBe(403);
    expect((await t.api('GET', '/admin/outbox', { token: admin.token })).status).toBe(200);
    const patched = await t.api('PATCH', '/api/v1/me', { token: reader.token, json: { email_frequency: 'daily' } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { email_frequency: string }).email_frequency).toBe('daily');
    expect(await t.db.selectFrom('jobs').select('id').where('kind', '=', 'email.digest').executeTakeFirst()).toBeDefined();
    expect((await t.api('PATCH', '/api/v1/me', { token: reader.token, json: { email_frequency: 'hourly' } })).status).toBe(422);
    const browser = t.browser();
    const user = await t.signUp(browser);
    expect(await (await browser.get('/settings')).text()).toContain('name="email_frequency"');
    await browser.post('/settings/preferences', { time_zone: 'UTC', email_frequency: 'off' });
    expect((await t.db.selectFrom('users').select('email_frequency').where('id', '=', user.id).executeTakeFirstOrThrow()).email_frequency).toBe('off');
  });
});
