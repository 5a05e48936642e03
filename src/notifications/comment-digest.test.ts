import { afterAll, expect, it } from 'vitest';
import { forEachDatabase, postWork, type TestContext } from '../../test/helpers.js';
import { makeJobsDue, runJobs, startTestSmtp } from '../../test/smtp.js';

const smtp = await startTestSmtp();
afterAll(() => smtp.close());

async function confirmed(t: TestContext) {
  const account = await t.apiUser();
  await t.db.updateTable('users').set({ email_confirmed_at: new Date().toISOString() }).where('id', '=', account.user.id).execute();
  return account;
}

async function kinds(t: TestContext, token: string): Promise<string[]> {
  const body = (await (await t.api('GET', '/api/v1/notifications', { token })).json()) as { items: { kind: string }[] };
  return body.items.map((i) => i.kind);
}

const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address) && !m.header('subject')!.startsWith('Confirm'));

forEachDatabase((getT) => {
  it('tells the author of a comment and the commenter of a reply, never the one who wrote it; the email link turns email off', async () => {
    const t = getT();
    const author = await confirmed(t);
    const reader = await confirmed(t);
    const work = await postWork(t, author.token, { title: 'Salt <& Stone>' });
    const comment = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'Lovely.' } });
    expect(comment.status).toBe(201);
    const commentId = ((await comment.json()) as { id: number }).id;
    expect((await t.api('POST', `/api/v1/comments/${commentId}/replies`, { token: author.token, json: { body: 'Thank you!' } })).status).toBe(201);
    await runJobs(t);
    expect(await kinds(t, author.token)).toEqual(['comment']);
    expect(await kinds(t, reader.token)).toEqual(['reply']);

    const mail = mailsTo(author.user.email)[0]!;
    expect(mail.html).toContain('Salt &lt;&amp; Stone&gt;');
    expect(mail.html).not.toContain('Salt <& Stone>');
    expect(mail.text).toContain('Salt <& Stone>');
    const unsubscribe = /^<http:\/\/archive\.test(\/unsubscribe\/[^>]+)>$/.exec(mail.header('list-unsubscribe')!)![1]!;
    expect((await t.app.request(unsubscribe, { method: 'POST' })).status).toBe(200);
    const row = await t.db.selectFrom('users').select('email_frequency').where('id', '=', author.user.id).executeTakeFirstOrThrow();
    expect(row.email_frequency).toBe('off');
    expect(await (await t.app.request(unsubscribe)).text()).toContain('already off');
  });

  it('sends a daily reader one digest of everything not yet emailed, once', async () => {
    const t = getT();
    const author = await t.apiUser();
    const reader = await confirmed(t);
    expect((await t.api('PATCH', '/api/v1/me', { token: reader.token, json: { email_frequency: 'daily' } })).status).toBe(200);
    const work = await postWork(t, author.token);
    await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { work_id: work.id } });
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'Low', body: '<p>Low.</p>' } });
    await t.api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'High', body: '<p>High.</p>' } });
    await runJobs(t);
    expect(mailsTo(reader.user.email)).toHaveLength(0);
    await makeJobsDue(t);
    await runJobs(t);
    await runJobs(t);
    const digests = mailsTo(reader.user.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Chapter 2: Low');
    expect(digests[0]!.text).toContain('Chapter 3: High');
    expect(digests[0]!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The next day's digest is queued, and running again sends nothing new.
    const next = await t.db.selectFrom('jobs').select('dedupe_key').where('kind', '=', 'email.digest').where('done_at', 'is', null).execute();
    expect(next).toHaveLength(1);
    await makeJobsDue(t);
    await runJobs(t);
    await runJobs(t);
    expect(mailsTo(reader.user.email)).toHaveLength(1);
  });
}, { smtpUrl: smtp.url });
