import { afterAll, beforeEach, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, type TestContext } from '../../test/helpers.js';
import { makeJobsDue, runJobs, startTestSmtp } from '../../test/smtp.js';

const smtp = await startTestSmtp();
afterAll(() => smtp.close());

async function reader(t: TestContext, confirmed = true) {
  const account = await t.apiUser();
  if (confirmed) await t.db.updateTable('users').set({ email_confirmed_at: new Date().toISOString() }).where('id', '=', account.user.id).execute();
  return account;
}

async function inbox(t: TestContext, token: string, query = '') {
  const response = await t.api('GET', `/api/v1/notifications${query}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: { id: number; kind: string; text: string; url: string; read: boolean }[]; total: number; unread_count: number };
}

function mailTo(address: string) {
  return smtp.received.filter((m) => m.to.includes(address) && !m.header('subject')!.startsWith('Confirm'));
}

forEachDatabase((getT) => {
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('tells a subscriber of a new chapter in the inbox and by email, with a working link and a one-click unsubscribe', async () => {
    const t = getT();
    const author = await t.apiUser();
    const fan = await reader(t);
    const work = await postWork(t, author.token);
    for (let i = 0; i < 2; i++) expect((await t.api('POST', '/api/v1/subscriptions', { token: fan.token, json: { work_id: work.id } })).status).toBe(200);
    expect((await (await t.api('GET', '/api/v1/subscriptions', { token: fan.token })).json()).items).toHaveLength(1);

    // A draft chapter notifies no one; posting it does.
    expect((await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'Storm', body: '<p>Wind.</p>', draft: true } })).status).toBe(201);
    await runJobs(t);
    expect((await inbox(t, fan.token)).total).toBe(0);
    expect((await t.api('PATCH', `/api/v1/works/${work.id}/chapters/2`, { token: author.token, json: { draft: false } })).status).toBe(200);
    await runJobs(t);
    const box = await inbox(t, fan.token);
    expect(box.total).toBe(1);
    expect(box.unread_count).toBe(1);
    expect(box.items[0]!.kind).toBe('chapter');
    expect(box.items[0]!.url).toBe(`http://archive.test/works/${work.id}/chapters/2`);
    expect((await inbox(t, author.token)).total).toBe(0);

    const mails = mailTo(fan.user.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.header('message-id')).toMatch(/^<[A-Za-z0-9_-]+@archive\.test>$/);
    expect(Math.abs(Date.parse(mail.header('date')!) - Date.now())).toBeLessThan(120_000);
    expect(mail.header('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(http:\/\/archive\.test\/unsubscribe\/[^>]+)>$/.exec(mail.header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toBeDefined();
    expect(mail.text).toContain(unsubscribe);
    expect(mail.html).toContain('Storm');
    const link = /Read it: (\S+)/.exec(mail.text)![1]!;
    const page = await t.app.request(link.replace('http://archive.test', ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Wind.');

    // GET confirms, POST performs; a reused link and a forged one change nothing and say so.
    const path = unsubscribe!.replace('http://archive.test', '');
    const confirm = await t.app.request(path);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post"');
    expect((await (await t.api('GET', '/api/v1/subscriptions', { token: fan.token })).json()).items).toHaveLength(1);
    const done = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect((await (await t.api('GET', '/api/v1/subscriptions', { token: fan.token })).json()).items).toHaveLength(0);
    const again = await t.app.request(path, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already unsubscribed');
    const forged = await t.app.request(path.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), { method: 'POST' });
    expect(forged.status).toBe(200);
    expect(await forged.text()).toContain('not valid');
  });

  it('retries a delivery the SMTP server refused and delivers it once', async () => {
    const t = getT();
    const author = await t.apiUser();
    const fan = await reader(t);
    const work = await postWork(t, author.token);
    await t.api('POST', '/api/v1/subscriptions', { token: fan.token, json: { work_id: work.id } });
    await runJobs(t);
    smtp.rejectNext(1);
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { body: '<p>Two.</p>' } });
    await runJobs(t);
    expect(mailTo(fan.user.email)).toHaveLength(0);
    const outbox = await t.db.selectFrom('outbox').selectAll().where('to_address', '=', fan.user.email).where('subject', 'not like', 'Confirm%').execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.sent_at).toBeNull();
    expect(outbox[0]!.error).toMatch(/Try again later/);
    await makeJobsDue(t);
    await runJobs(t);
    await makeJobsDue(t);
    await runJobs(t);
    expect(mailTo(fan.user.email)).toHaveLength(1);
    expect((await t.db.selectFrom('outbox').select('sent_at').where('id', '=', outbox[0]!.id).executeTakeFirstOrThrow()).sent_at).not.toBeNull();
  });

  it('tells series and author subscribers of a new work once each, skips unconfirmed addresses and muters, and nothing for a deleted work', async () => {
    const t = getT();
    const author = await t.apiUser();
    const series = await t.apiUser();
    const both = await reader(t);
    const unconfirmed = await reader(t, false);
    const muter = await reader(t);
    const first = await postWork(t, author.token, { series: { title: unique('Saga ') } });
    const seriesId = (await t.db.selectFrom('series_works').select('series_id').where('work_id', '=', first.id).executeTakeFirstOrThrow()).series_id;
    await runJobs(t);
    for (const who of [series, both, unconfirmed, muter]) await t.api('POST', '/api/v1/subscriptions', { token: who.token, json: { series_id: seriesId } });
    for (const who of [both, muter]) await t.api('POST', '/api/v1/subscriptions', { token: who.token, json: { username: author.user.username } });
    await t.db.insertInto('mutes').values({ user_id: muter.user.id, muted_id: author.user.id, created_at: new Date().toISOString() }).execute();

    const second = await postWork(t, author.token, { series: { id: seriesId } });
    await runJobs(t);
    expect((await inbox(t, series.token)).items.map((i) => i.kind)).toEqual(['series_part']);
    expect((await inbox(t, both.token)).total).toBe(1);
    expect((await inbox(t, unconfirmed.token)).total).toBe(1);
    expect((await inbox(t, muter.token)).total).toBe(0);
    expect(mailTo(both.user.email)).toHaveLength(1);
    expect(mailTo(unconfirmed.user.email)).toHaveLength(0);
    expect(mailTo(series.user.email)).toHaveLength(0); // not confirmed either
    expect((await inbox(t, series.token)).items[0]!.url).toBe(`http://archive.test/works/${second.id}`);

    // A work deleted before the job runs tells no one.
    const third = await postWork(t, author.token, { series: { id: seriesId } });
    expect((await t.api('DELETE', `/api/v1/works/${third.id}`, { token: author.token })).status).toBe(204);
    await runJobs(t);
    expect((await inbox(t, series.token)).total).toBe(1);
    // A draft placed in the series tells no one until posted.
    const draft = await postWork(t, author.token, { series: { id: seriesId }, draft: true });
    await runJobs(t);
    expect((await inbox(t, series.token)).total).toBe(1);
    expect((await t.api('PATCH', `/api/v1/works/${draft.id}`, { token: author.token, json: { draft: false } })).status).toBe(200);
    await runJobs(t);
    expect((await inbox(t, series.token)).total).toBe(2);
    // A posted work added to the series later is a new part too.
    const standalone = await postWork(t, author.token);
    await runJobs(t);
    expect((await t.api('PATCH', `/api/v1/works/${standalone.id}`, { token: author.token, json: { series: { id: seriesId } } })).status).toBe(200);
    await runJobs(t);
    const latest = await inbox(t, series.token);
    expect(latest.total).toBe(3);
    expect(latest.items[0]!.url).toBe(`http://archive.test/works/${standalone.id}`);
  });

  it('keeps the unread count exact through mark read and mark all read', async () => {
    const t = getT();
    const author = await t.apiUser();
    const fan = await reader(t);
    const work = await postWork(t, author.token);
    await t.api('POST', '/api/v1/subscriptions', { token: fan.token, json: { work_id: work.id } });
    for (let i = 0; i < 3; i++) await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { body: `<p>Part ${i}</p>` } });
    await runJobs(t);
    await runJobs(t);
    let box = await inbox(t, fan.token);
    expect(box.total).toBe(3);
    expect(box.unread_count).toBe(3);
    const read = await t.api('POST', '/api/v1/notifications/read', { token: fan.token, json: { ids: [box.items[0]!.id, box.items[0]!.id] } });
    expect(await read.json()).toEqual({ unread_count: 2 });
    expect((await inbox(t, fan.token, '?unread=true')).total).toBe(2);
    expect((await inbox(t, fan.token, '?kind=comment')).total).toBe(0);
    expect((await t.api('POST', '/api/v1/notifications/read', { token: fan.token, json: { ids: 'x' } })).status).toBe(422);
    await t.api('POST', '/api/v1/notifications/read', { token: fan.token, json: { all: true } });
    box = await inbox(t, fan.token);
    expect(box.unread_count).toBe(0);
    const user = await t.db.selectFrom('users').select('unread_notifications').where('id', '=', fan.user.id).executeTakeFirstOrThrow();
    expect(user.unread_notifications).toBe(0);
  });

  it('fans out to 2,000 subscribers exactly once, with batched email', async () => {
    const t = getT();
    const author = await t.apiUser();
    const work = await postWork(t, author.token);
    const at = new Date().toISOString();
    const prefix = unique('bulk');
    const rows = Array.from({ length: Number(process.env.FANOUT_N ?? 2000) }, (_, i) => ({ username: `${prefix}_${i}`, username_key: `${prefix}_${i}`, email: `${prefix}_${i}@example.org`, password_hash: 'x', created_at: at, updated_at: at, email_confirmed_at: i % 20 === 0 ? at : null }));
    for (let i = 0; i < rows.length; i += 500) await t.db.insertInto('users').values(rows.slice(i, i + 500)).execute();
    const ids = await t.db.selectFrom('users').select('id').where('username', 'like', `${prefix}_%`).execute();
    for (let i = 0; i < ids.length; i += 500) await t.db.insertInto('subscriptions').values(ids.slice(i, i + 500).map(({ id }) => ({ user_id: id, target_type: 'work', target_id: work.id, created_at: at }))).execute();
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { body: '<p>More.</p>' } });
    const started = Date.now();
    await runJobs(t);
    const count = await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('dedupe_key', 'like', 'chapter:%').where('work_id', '=', work.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(rows.length);
    const unread = await t.db.selectFrom('users').select((eb) => eb.fn.sum<number>('unread_notifications').as('n')).where('username', 'like', `${prefix}_%`).executeTakeFirstOrThrow();
    expect(Number(unread.n)).toBe(rows.length);
    expect(smtp.received.filter((m) => m.to[0]!.startsWith(prefix))).toHaveLength(Math.ceil(rows.length / 20));
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
}, { smtpUrl: smtp.url });
