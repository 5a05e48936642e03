import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { countPublishedComments } from './comments.queries.js';
import type { CommentJson } from './comments.presenters.js';

type Page = { items: CommentJson[]; total: number; next: string | null };

/** Posts a comment on chapter 1 of a work and returns its JSON (throws unless 201). */
async function comment(t: TestContext, workId: number, json: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<CommentJson> {
  const response = await t.api('POST', `/api/v1/works/${workId}/chapters/1/comments`, { json, ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
  if (response.status !== 201) throw new Error(`commenting failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as CommentJson;
}

async function reply(t: TestContext, parentId: number, body: string, token: string): Promise<CommentJson> {
  const response = await t.api('POST', `/api/v1/comments/${parentId}/replies`, { json: { body }, token });
  if (response.status !== 201) throw new Error(`replying failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as CommentJson;
}

/** Checks that the stored counters equal a recount of published, undeleted comments. */
async function expectExactCounters(t: TestContext, workId: number, expected: number): Promise<void> {
  const counted = await countPublishedComments(t.db, workId);
  const work = await t.db.selectFrom('works').select('comment_count').where('id', '=', workId).executeTakeFirstOrThrow();
  const chapters = await t.db.selectFrom('chapters').select(['id', 'comment_count']).where('work_id', '=', workId).execute();
  expect(counted.work).toBe(expected);
  expect(work.comment_count).toBe(expected);
  for (const ch of chapters) expect(ch.comment_count).toBe(counted.chapters.get(ch.id) ?? 0);
}

describe('comments API', () => {
  forEachDatabase((ctx) => {
    it('posts, reads, edits and deletes a comment, with exact counters and the work setting in JSON', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const work = await postWork(t, author.token, { comment_permissions: 'everyone', moderate_comments: false });
      expect(work).toMatchObject({ comment_permissions: 'everyone', moderate_comments: false });
      const first = await comment(t, work.id, { body: 'Loved the **lamp**.' }, reader.token);
      expect(first).toMatchObject({ work_id: work.id, parent_id: null, depth: 0, author: { username: reader.user.username }, status: 'published', deleted: false, edited_at: null });
      expect(first.body_html).toContain('<strong>lamp</strong>');
      await expectExactCounters(t, work.id, 1);
      const workJson = (await (await t.api('GET', `/api/v1/works/${work.id}`)).json()) as { stats: { comments: number } };
      expect(workJson.stats.comments).toBe(1);

      const edited = await t.api('PATCH', `/api/v1/comments/${first.id}`, { json: { body: 'Loved the lamp, truly.' }, token: reader.token });
      expect(edited.status).toBe(200);
      expect(((await edited.json()) as CommentJson).edited_at).not.toBeNull();
      expect((await t.api('PATCH', `/api/v1/comments/${first.id}`, { json: { body: 'hijack' }, token: author.token })).status).toBe(403);
      const stranger = await t.apiUser();
      expect((await t.api('DELETE', `/api/v1/comments/${first.id}`, { token: stranger.token })).status).toBe(403);
      expect((await t.api('DELETE', `/api/v1/comments/${first.id}`)).status).toBe(401);

      expect((await t.api('DELETE', `/api/v1/comments/${first.id}`, { token: reader.token })).status).toBe(204);
      await expectExactCounters(t, work.id, 0);
      const list = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`)).json()) as Page;
      expect(list.total).toBe(0);
      expect(list.items).toEqual([]);
    });

    it('lets guests comment where everyone may, never showing their email, and wants a name and an email', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
      const guest = await comment(t, work.id, { body: 'From a passer-by', guest_name: 'Wanderer', guest_email: 'wanderer@example.org' });
      expect(guest).toMatchObject({ author: null, guest_name: 'Wanderer' });
      const raw = await (await t.api('GET', `/api/v1/comments/${guest.id}`)).text();
      expect(raw).not.toContain('wanderer@example.org');
      const list = await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, { token: author.token })).text();
      expect(list).not.toContain('wanderer@example.org');

      const missing = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'no name' } });
      expect(missing.status).toBe(422);
      const fields = ((await missing.json()) as ApiErrorJson).error.fields!;
      expect(Object.keys(fields).sort()).toEqual(['guest_email', 'guest_name']);
      const badEmail = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'x', guest_name: 'A', guest_email: 'nope' } });
      expect(((await badEmail.json()) as ApiErrorJson).error.fields).toHaveProperty('guest_email');
    });

    it('refuses comments where they are off (403), guests where sign-in is needed (401), and missing chapters (404)', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const off = await postWork(t, author.token, { comment_permissions: 'none' });
      const response = await t.api('POST', `/api/v1/works/${off.id}/chapters/1/comments`, { json: { body: 'hello' }, token: reader.token });
      expect(response.status).toBe(403);
      expect(((await response.json()) as ApiErrorJson).error.message).toBe('Comments are turned off for this work.');

      const registered = await postWork(t, author.token);
      expect(registered.comment_permissions).toBe('registered');
      const guest = await t.api('POST', `/api/v1/works/${registered.id}/chapters/1/comments`, { json: { body: 'hi', guest_name: 'G', guest_email: 'g@example.org' } });
      expect(guest.status).toBe(401);
      expect(((await guest.json()) as ApiErrorJson).error.message).toMatch(/Log in to comment/);

      expect((await t.api('POST', `/api/v1/works/${registered.id}/chapters/9/comments`, { json: { body: 'hi' }, token: reader.token })).status).toBe(404);
      expect((await t.api('POST', `/api/v1/works/999999/chapters/1/comments`, { json: { body: 'hi' }, token: reader.token })).status).toBe(404);
      expect((await t.api('GET', `/api/v1/works/${registered.id}/chapters/9/comments`)).status).toBe(404);

      const patched = await t.api('PATCH', `/api/v1/works/${off.id}`, { json: { comment_permissions: 'registered', moderate_comments: true }, token: author.token });
      expect(await patched.json()).toMatchObject({ comment_permissions: 'registered', moderate_comments: true });
      expect((await t.api('PATCH', `/api/v1/works/${off.id}`, { json: { comment_permissions: 'some' }, token: author.token })).status).toBe(422);
    });

    it('keeps the work’s count exact when a commented chapter is deleted', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const work = await postWork(t, author.token, { chapters: [{ body: 'One' }, { body: 'Two' }] });
      const top = await comment(t, work.id, { body: 'On one' }, author.token);
      await reply(t, top.id, 'A reply on one', author.token);
      const two = await t.api('POST', `/api/v1/works/${work.id}/chapters/2/comments`, { json: { body: 'On two' }, token: author.token });
      expect(two.status).toBe(201);
      await expectExactCounters(t, work.id, 3);
      expect((await t.api('DELETE', `/api/v1/works/${work.id}/chapters/1`, { token: author.token })).status).toBe(204);
      await expectExactCounters(t, work.id, 1);
    });

    it('refuses a comment over 10,000 characters and accepts one of exactly 10,000', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const work = await postWork(t, author.token);
      const long = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'a'.repeat(10_001) }, token: author.token });
      expect(long.status).toBe(422);
      expect(((await long.json()) as ApiErrorJson).error.fields).toHaveProperty('body');
      await comment(t, work.id, { body: 'é'.repeat(10_000) }, author.token);
    });

    it('freezes threads against replies, and refuses replies from a blocked account', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const troll = await t.apiUser();
      const work = await postWork(t, author.token);
      const top = await comment(t, work.id, { body: 'Top' }, reader.token);
      const child = await reply(t, top.id, 'Child', author.token);
      expect(child).toMatchObject({ parent_id: top.id, depth: 1 });
      expect((await t.api('POST', `/api/v1/comments/${child.id}/freeze`, { token: reader.token })).status).toBe(403);
      const frozen = await t.api('POST', `/api/v1/comments/${child.id}/freeze`, { token: author.token });
      expect(((await frozen.json()) as CommentJson)).toMatchObject({ id: top.id, frozen: true });
      const refused = await t.api('POST', `/api/v1/comments/${child.id}/replies`, { json: { body: 'more' }, token: reader.token });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ApiErrorJson).error.message).toMatch(/frozen/);
      await t.api('DELETE', `/api/v1/comments/${top.id}/freeze`, { token: author.token });
      await reply(t, child.id, 'Thawed', reader.token);

      // The reader blocks the troll: no replies to the reader's comments. The author blocks them: no comments at all.
      await t.db.insertInto('blocks').values({ user_id: reader.user.id, blocked_id: troll.user.id, created_at: new Date().toISOString() }).execute();
      expect((await t.api('POST', `/api/v1/comments/${top.id}/replies`, { json: { body: 'hah' }, token: troll.token })).status).toBe(403);
      await reply(t, child.id, 'to the author is fine', troll.token);
      await t.db.insertInto('blocks').values({ user_id: author.user.id, blocked_id: troll.user.id, created_at: new Date().toISOString() }).execute();
      expect((await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'hah' }, token: troll.token })).status).toBe(403);
      expect((await t.api('POST', `/api/v1/comments/${child.id}/replies`, { json: { body: 'hah' }, token: troll.token })).status).toBe(403);
      await expectExactCounters(t, work.id, 4);
    });

    it('holds comments on moderated works until the author approves them; the author is never held', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const other = await t.apiUser();
      const work = await postWork(t, author.token, { moderate_comments: true });
      const held = await comment(t, work.id, { body: 'Please approve' }, reader.token);
      expect(held.status).toBe('pending');
      await expectExactCounters(t, work.id, 0);
      const own = await comment(t, work.id, { body: 'Author here' }, author.token);
      expect(own.status).toBe('published');
      const seenBy = async (token?: string) => ((await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, token ? { token } : {})).json()) as Page).items.map((c) => c.id);
      expect(await seenBy(other.token)).toEqual([own.id]);
      expect(await seenBy(reader.token)).toEqual([held.id, own.id]);
      expect(await seenBy(author.token)).toEqual([held.id, own.id]);
      expect((await t.api('GET', `/api/v1/comments/${held.id}`)).status).toBe(404);

      const queue = (await (await t.api('GET', `/api/v1/works/${work.id}/comments/pending`, { token: author.token })).json()) as Page;
      expect(queue.items.map((c) => c.id)).toEqual([held.id]);
      expect((await t.api('GET', `/api/v1/works/${work.id}/comments/pending`, { token: reader.token })).status).toBe(403);
      expect((await t.api('POST', `/api/v1/comments/${held.id}/approve`, { token: reader.token })).status).toBe(403);
      const approved = await t.api('POST', `/api/v1/comments/${held.id}/approve`, { token: author.token });
      expect(((await approved.json()) as CommentJson).status).toBe('published');
      expect((await t.api('POST', `/api/v1/comments/${held.id}/approve`, { token: author.token })).status).toBe(409);
      await expectExactCounters(t, work.id, 2);
      const jobs = await t.db.selectFrom('jobs').select('dedupe_key').where('kind', '=', 'notify.comment').execute();
      expect(jobs.map((j) => j.dedupe_key)).toEqual(expect.arrayContaining([`notify.comment:${held.id}`, `notify.comment:${own.id}`]));

      const rejectMe = await comment(t, work.id, { body: 'spam' }, other.token);
      await t.api('POST', `/api/v1/comments/${rejectMe.id}/reject`, { token: author.token });
      expect(await seenBy(other.token)).toEqual([held.id, own.id]);
      await expectExactCounters(t, work.id, 2);
    });

    it('keeps a deleted comment with replies as a placeholder, and drops it when its last reply goes', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const work = await postWork(t, author.token);
      const top = await comment(t, work.id, { body: 'Secret words' }, reader.token);
      const child = await reply(t, top.id, 'Answer', author.token);
      // The work's author may delete anyone's comment on their work.
      expect((await t.api('DELETE', `/api/v1/comments/${top.id}`, { token: author.token })).status).toBe(204);
      const page = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`)).json()) as Page;
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ id: top.id, deleted: true, body_html: '', author: null });
      expect(page.items[0]!.replies![0]).toMatchObject({ id: child.id, deleted: false });
      expect(JSON.stringify(page)).not.toContain('Secret words');
      expect((await t.api('POST', `/api/v1/comments/${top.id}/replies`, { json: { body: 'x' }, token: reader.token })).status).toBe(403);
      await expectExactCounters(t, work.id, 1);

      await t.api('DELETE', `/api/v1/comments/${child.id}`, { token: author.token });
      const after = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`)).json()) as Page;
      expect(after).toMatchObject({ items: [], total: 0 });
      expect((await t.api('DELETE', `/api/v1/comments/${child.id}`, { token: author.token })).status).toBe(410);
      await expectExactCounters(t, work.id, 0);
    });

    it('shows five levels of replies and continues deeper ones on the comment’s own page', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const work = await postWork(t, author.token);
      const chain = [await comment(t, work.id, { body: 'level 0' }, author.token)];
      for (let depth = 1; depth <= 7; depth++) chain.push(await reply(t, chain[depth - 1]!.id, `level ${depth}`, author.token));
      const page = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`)).json()) as Page;
      let node = page.items[0]!;
      for (let depth = 1; depth <= 5; depth++) node = node.replies![0]!;
      expect(node).toMatchObject({ depth: 5, replies: [], continues: true });
      const deeper = (await (await t.api('GET', `/api/v1/comments/${chain[5]!.id}`)).json()) as CommentJson;
      expect(deeper.replies![0]!.replies![0]).toMatchObject({ id: chain[7]!.id, depth: 7 });
    });

    it('paginates top-level comments twenty to a page', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const work = await postWork(t, author.token);
      const ids: number[] = [];
      const at = new Date().toISOString();
      const chapter = await t.db.selectFrom('chapters').select('id').where('work_id', '=', work.id).executeTakeFirstOrThrow();
      for (let i = 0; i < 45; i++) {
        const row = await t.db
          .insertInto('comments')
          .values({ work_id: work.id, chapter_id: chapter.id, depth: 0, user_id: author.user.id, body_source: `c${i}`, body_html: `<p>c${i}</p>`, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.db.updateTable('comments').set({ thread_id: row.id }).where('id', '=', row.id).execute();
        ids.push(row.id);
      }
      const first = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`)).json()) as Page;
      expect(first.total).toBe(45);
      expect(first.items.map((c) => c.id)).toEqual(ids.slice(0, 20));
      const third = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments?cursor=${(await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments?cursor=${first.next}`)).json() as Page).next}`)).json()) as Page;
      expect(third.items.map((c) => c.id)).toEqual(ids.slice(40));
      expect(third.next).toBeNull();
      expect((await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments?cursor=garbage`)).status).toBe(400);
    });

    it('renders script payloads inert and hides comments of muted accounts from the reader who muted them', async () => {
      const t = ctx();
      const author = await t.apiUser();
      const reader = await t.apiUser();
      const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
      const hostile = await comment(t, work.id, { body: '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a><h2>big</h2>ok', guest_name: '<script>alert(4)</script>', guest_email: 'x@example.org' });
      expect(hostile.body_html).not.toMatch(/<script|onerror|javascript:|<img|<h2/i);
      expect(hostile.body_html).toContain('ok');
      await comment(t, work.id, { body: 'from the author' }, author.token);
      await t.db.insertInto('mutes').values({ user_id: reader.user.id, muted_id: author.user.id, created_at: new Date().toISOString() }).execute();
      const page = (await (await t.api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token })).json()) as Page;
      expect(page.items.map((c) => c.id)).toEqual([hostile.id]);
      expect(page.total).toBe(1);
    });
  }, { commentLimit: 1000 });
});

describe('comment flooding', () => {
  forEachDatabase(
    (ctx) => {
      it('limits comments per account and per IP with 429 and Retry-After', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const reader = await t.apiUser();
        const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
        const from = (ip: string) => ({ 'x-forwarded-for': ip });
        for (let i = 0; i < 3; i++) await comment(t, work.id, { body: `n${i}` }, reader.token, from(`203.0.113.${i + 1}`));
        // Per account: a fourth comment from yet another address is refused.
        const flood = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'again' }, token: reader.token, headers: from('203.0.113.9') });
        expect(flood.status).toBe(429);
        expect(Number(flood.headers.get('retry-after'))).toBeGreaterThan(0);
        // Per IP: guests from one address share a limit, whatever names they give.
        const guest = (name: string) => ({ body: 'g', guest_name: name, guest_email: `${name}@example.org` });
        for (let i = 0; i < 3; i++) await comment(t, work.id, guest(`g${i}`), undefined, from('198.51.100.7'));
        const guestFlood = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: guest('g9'), headers: from('198.51.100.7') });
        expect(guestFlood.status).toBe(429);
        expect(guestFlood.headers.get('retry-after')).toMatch(/^\d+$/);
        await comment(t, work.id, guest('elsewhere'), undefined, from('198.51.100.8'));
        // Addresses are stored only as keyed hashes.
        const stored = await t.db.selectFrom('comments').select('ip_hash').where('work_id', '=', work.id).execute();
        expect(stored).toHaveLength(7);
        for (const row of stored) expect(row.ip_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const dump = JSON.stringify(await t.db.selectFrom('rate_limits').selectAll().execute());
        expect(dump).not.toContain('198.51.100.7');
      });
    },
    { commentLimit: 3, trustProxy: true },
  );
});
