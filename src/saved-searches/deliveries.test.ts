import { afterAll, beforeEach, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, type TestContext } from '../../test/helpers.js';
import { runJobs, startTestSmtp } from '../../test/smtp.js';

const smtp = await startTestSmtp();
afterAll(() => smtp.close());

async function confirmedReader(t: TestContext) {
  const account = await t.apiUser();
  await t.db.updateTable('users').set({ email_confirmed_at: new Date().toISOString() }).where('id', '=', account.user.id).execute();
  return account;
}

async function inbox(t: TestContext, token: string) {
  const response = await t.api('GET', '/api/v1/notifications', { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { kind: string; text: string; url: string; work_id: number | null }[] }).items;
}

const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address) && !m.header('subject')!.startsWith('Confirm'));

async function subscribe(t: TestContext, token: string, json: unknown) {
  const response = await t.api('POST', '/api/v1/subscriptions', { token, json });
  expect(response.status).toBe(200);
  return (await response.json()) as { target_type: string; target_id: number };
}

async function makeWrangler(t: TestContext): Promise<string> {
  const admin = await t.apiUser({ admin: true });
  const wrangler = await t.apiUser();
  expect((await t.api('PATCH', `/api/v1/users/${wrangler.user.username}`, { token: admin.token, json: { wrangler: true } })).status).toBe(200);
  return wrangler.token;
}

async function wrangle(t: TestContext, token: string, name: string, json: unknown) {
  const response = await t.api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token, json });
  if (response.status !== 200) throw new Error(`wrangling ${name}: ${response.status} ${await response.text()}`);
}

forEachDatabase((getT) => {
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('subscribing to a synonym follows its canonical tag; new works under it, its synonyms and sub tags are delivered once', async () => {
    const t = getT();
    const wrangler = await makeWrangler(t);
    const author = await t.apiUser();
    const fan = await confirmedReader(t);
    const canonical = unique('Sea Monsters ');
    const synonym = unique('Sea Beasts ');
    const sub = unique('Krakens ');
    await postWork(t, author.token, { freeforms: [canonical, synonym, sub] });
    await wrangle(t, wrangler, canonical, { canonical: true });
    await wrangle(t, wrangler, synonym, { synonym_of: canonical });
    await wrangle(t, wrangler, sub, { canonical: true, add_parents: [canonical] });
    await runJobs(t);

    const result = await subscribe(t, fan.token, { tag: synonym.toUpperCase() });
    const canonicalRow = await t.db.selectFrom('tags').select('id').where('name', '=', canonical).executeTakeFirstOrThrow();
    expect(result).toEqual({ subscribed: true, target_type: 'tag', target_id: canonicalRow.id });
    const subs = (await (await t.api('GET', '/api/v1/subscriptions', { token: fan.token })).json()) as { items: { target_type: string; label: string }[] };
    expect(subs.items).toEqual([expect.objectContaining({ target_type: 'tag', label: canonical })]);
    expect((await t.api('POST', '/api/v1/subscriptions', { token: fan.token, json: { tag: 'No such tag at all' } })).status).toBe(404);

    // Tagged with the synonym only, with the sub tag only, with something else: two deliveries.
    const viaSynonym = await postWork(t, author.token, { title: 'By synonym', freeforms: [synonym] });
    const viaSub = await postWork(t, author.token, { title: 'By sub tag', freeforms: [sub] });
    await postWork(t, author.token, { title: 'Unrelated', freeforms: [unique('Gardens ')] });
    await runJobs(t);
    const items = await inbox(t, fan.token);
    expect(items.map((i) => i.kind)).toEqual(['tag_work', 'tag_work']);
    expect(items.map((i) => i.work_id).sort()).toEqual([viaSynonym.id, viaSub.id].sort());
    expect(items[0]!.text).toContain(`New work in tag ${canonical}`);
    // Each came by email at once, with an unsubscribe link for the tag subscription.
    const mails = mailTo(fan.user.email);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain('you subscribed to this tag');

    // The tag page offers the button, showing the state; unsubscribing through the synonym works too.
    const page = t.browser();
    await t.signUp(page);
    expect(await (await page.get(`/tags/${encodeURIComponent(synonym)}`)).text()).toContain('Subscribe to this tag');
    await subscribe(t, fan.token, { tag: canonical });
    expect((await t.api('DELETE', '/api/v1/subscriptions', { token: fan.token, json: { tag: synonym } })).status).toBe(200);
    expect(((await (await t.api('GET', '/api/v1/subscriptions', { token: fan.token })).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('delivers to a saved search as its owner sees it, once per work across every route, respecting mutes and exclusions', async () => {
    const t = getT();
    const author = await t.apiUser();
    const mutedAuthor = await t.apiUser();
    const owner = await t.apiUser();
    const everything = await t.apiUser();
    const theme = unique('Orchards ');
    const avoided = unique('Frost ');
    const save = async (token: string, query: string) => {
      const response = await t.api('POST', '/api/v1/me/saved-searches', { token, json: { name: 'Orchard stories', query } });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: number }).id;
    };
    await postWork(t, author.token, { freeforms: [theme, avoided] });
    const ownerSearch = await save(owner.token, `tags=${encodeURIComponent(theme)}&ratings=Mature`);
    await subscribe(t, owner.token, { saved_search_id: ownerSearch });
    expect((await t.api('POST', '/api/v1/me/exclusions', { token: owner.token, json: { tag: avoided } })).status).toBe(201);
    expect((await t.api('POST', '/api/v1/mutes', { token: owner.token, json: { username: mutedAuthor.user.username } })).status).toBeLessThan(300);
    await runJobs(t);
    expect(await inbox(t, owner.token)).toEqual([]);

    // `everything` follows the author, the tag and a saved search all matching the same work.
    await subscribe(t, everything.token, { username: author.user.username });
    await subscribe(t, everything.token, { tag: theme });
    await subscribe(t, everything.token, { saved_search_id: await save(everything.token, `tags=${encodeURIComponent(theme)}`) });

    const matching = await postWork(t, author.token, { title: 'Apples in autumn', rating: 'Mature', freeforms: [theme] });
    await postWork(t, author.token, { title: 'Wrong rating', rating: 'General Audiences', freeforms: [theme] });
    await postWork(t, author.token, { title: 'Excluded', rating: 'Mature', freeforms: [theme, avoided] });
    const byMuted = await postWork(t, mutedAuthor.token, { title: 'Muted', rating: 'Mature', freeforms: [theme] });
    // The author's own saved search never tells them of their own work.
    const own = await save(author.token, `tags=${encodeURIComponent(theme)}`);
    await subscribe(t, author.token, { saved_search_id: own });
    await runJobs(t);

    const ownerItems = await inbox(t, owner.token);
    expect(ownerItems.map((i) => [i.kind, i.work_id])).toEqual([['saved_search_work', matching.id]]);
    expect(ownerItems[0]!.text).toBe(`New work matching your saved search “Orchard stories”: “Apples in autumn” by ${author.user.username}`);

    const everyItems = await inbox(t, everything.token);
    const byWork = new Map<number | null, string[]>();
    for (const item of everyItems) byWork.set(item.work_id, [...(byWork.get(item.work_id) ?? []), item.kind]);
    for (const kinds of byWork.values()) expect(kinds).toHaveLength(1);
    expect(byWork.get(matching.id)).toEqual(['work']);
    // The author hears of someone else's matching work, never of their own.
    expect((await inbox(t, author.token)).map((i) => [i.kind, i.work_id])).toEqual([['saved_search_work', byMuted.id]]);

    // Rerunning the job changes nothing.
    await t.db.insertInto('jobs').values({ kind: 'notify.work', payload: JSON.stringify({ work_id: matching.id }), run_at: new Date().toISOString(), created_at: new Date().toISOString() }).execute();
    await runJobs(t);
    expect(await inbox(t, owner.token)).toHaveLength(1);
  });

  it('walks many subscribed saved searches in batches', async () => {
    const t = getT();
    const author = await t.apiUser();
    const theme = unique('Lighthouses ');
    const readers = await Promise.all(Array.from({ length: 3 }, () => t.apiUser()));
    // More saved searches than one batch holds, spread over three readers, most of them not matching.
    const at = new Date().toISOString();
    for (const [i, reader] of readers.entries()) {
      const rows = Array.from({ length: 90 }, (_, j) => ({ user_id: reader.user.id, name: `S${j}`, query: j === 89 ? new URLSearchParams({ tags: theme }).toString() : new URLSearchParams({ tags: theme, words_from: '100000' }).toString(), feed_token: `batch-${reader.user.id}-${i}-${j}`, created_at: at }));
      const inserted = await t.db.insertInto('saved_searches').values(rows).returning('id').execute();
      await t.db.insertInto('subscriptions').values(inserted.map((r) => ({ user_id: reader.user.id, target_type: 'saved_search', target_id: r.id, created_at: at }))).execute();
    }
    const work = await postWork(t, author.token, { freeforms: [theme] });
    await runJobs(t);
    for (const reader of readers) expect((await inbox(t, reader.token)).map((i) => [i.kind, i.work_id])).toEqual([['saved_search_work', work.id]]);
  });

  it('emails one digest when many new works arrive at once, instead of one email each', async () => {
    const t = getT();
    const author = await t.apiUser();
    const fan = await confirmedReader(t);
    const theme = unique('Comets ');
    await postWork(t, author.token, { freeforms: [theme] });
    await runJobs(t);
    await subscribe(t, fan.token, { tag: theme });
    const titles = ['First comet', 'Second comet', 'Third comet', 'Fourth comet'];
    for (const title of titles) await postWork(t, author.token, { title, freeforms: [theme] });
    await runJobs(t);
    expect(await inbox(t, fan.token)).toHaveLength(4);
    const mails = mailTo(fan.user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.header('subject')).toBe('4 new works for you on Chapterhouse');
    for (const title of titles) expect(mails[0]!.text).toContain(title);
    expect(mails[0]!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // Nothing is sent twice.
    await runJobs(t);
    expect(mailTo(fan.user.email)).toHaveLength(1);
  });
}, { smtpUrl: smtp.url });
