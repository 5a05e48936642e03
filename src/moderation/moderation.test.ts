import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, fieldError, type TestContext, type WorkJson } from '../../test/helpers.js';
import { readCounter } from '../db/counters.queries.js';
import { exportWorks } from '../exports/export-data.queries.js';
import { POSTED_WORKS_COUNTER } from '../works/works.js';

// Hiding, restoring and deleting content (issue 6): hidden content is gone from every public place, its author still
// sees it with the reason, counters stay exact, each action is audited, settles reports and notifies the author.

/** A word of letters only, so search and tag names find exactly this test's work. */
function word(prefix: string): string {
  return prefix + [...crypto.randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}

async function moderator(t: TestContext) {
  const account = await t.apiUser();
  await t.db.updateTable('users').set({ is_moderator: 1 }).where('id', '=', account.user.id).execute();
  return account;
}

async function auditActions(t: TestContext, targetType: string, targetId: number) {
  return t.db.selectFrom('audit_log').select(['action', 'reason', 'actor_id', 'before_state', 'after_state']).where('target_type', '=', targetType).where('target_id', '=', targetId).orderBy('id').execute();
}

describe('moderation: hide, restore, delete', () => {
  forEachDatabase((t: () => TestContext) => {
    async function setUp() {
      const author = await t().apiUser();
      const stranger = await t().apiUser();
      const mod = await moderator(t());
      const key = word('moonwell');
      const tag = word('Tidewatch ');
      const work = await postWork(t(), author.token, { title: `The ${key} lamp`, freeforms: [tag] });
      return { author, stranger, mod, key, tag, work };
    }

    async function publicPlaces(key: string, tag: string, work: WorkJson) {
      const tagPath = `/tags/${encodeURIComponent(tag)}`;
      const [listing, tagListing, search, apiSearch, feed, apiList, home] = await Promise.all([
        Promise.resolve(t().app.request('/works')).then((r) => r.text()),
        Promise.resolve(t().app.request(`${tagPath}/works`)).then((r) => r.text()),
        Promise.resolve(t().app.request(`/search?q=${key}`)).then((r) => r.text()),
        t().api('GET', `/api/v1/search?q=${key}`).then((r) => r.json() as Promise<{ total: number }>),
        Promise.resolve(t().app.request(`${tagPath}/feed.atom`)).then((r) => r.text()),
        t().api('GET', '/api/v1/works').then((r) => r.json() as Promise<{ items: { id: number }[] }>),
        Promise.resolve(t().app.request('/')).then((r) => r.text()),
      ]);
      // Pages are checked for a link to the work (a search page echoes the words searched for).
      const link = `href="/works/${work.id}"`;
      return {
        listing: listing.includes(link),
        tagListing: tagListing.includes(link),
        search: search.includes(link),
        apiSearch: apiSearch.total,
        feed: feed.includes(`/works/${work.id}`),
        apiList: apiList.items.some((w) => w.id === work.id),
        home: home.includes(link),
      };
    }

    it('lets moderators act and nobody else: guest 401, stranger 403, author 403', async () => {
      const { author, stranger, mod, work } = await setUp();
      const path = `/api/v1/admin/moderation/works/${work.id}/hide`;
      expect((await t().api('POST', path, { json: { reason: 'spam' } })).status).toBe(401);
      expect((await t().api('POST', path, { token: stranger.token, json: { reason: 'spam' } })).status).toBe(403);
      expect((await t().api('POST', path, { token: author.token, json: { reason: 'spam' } })).status).toBe(403);
      const noReason = await t().api('POST', path, { token: mod.token, json: { reason: '  ' } });
      expect(noReason.status).toBe(422);
      expect(((await noReason.json()) as { error: { fields: Record<string, string> } }).error.fields.reason).toMatch(/reason/i);
      const hidden = await t().api('POST', path, { token: mod.token, json: { reason: 'Copied text' } });
      expect(hidden.status).toBe(200);
      expect(await hidden.json()).toMatchObject({ type: 'work', id: work.id, hidden: true, hidden_reason: 'Copied text', deleted: false });
      expect((await t().api('POST', path, { token: mod.token, json: { reason: 'again' } })).status).toBe(409);
      expect((await t().api('POST', `/api/v1/admin/moderation/poems/${work.id}/hide`, { token: mod.token, json: { reason: 'x' } })).status).toBe(404);
      const admin = await t().apiUser({ admin: true });
      expect((await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/restore`, { token: admin.token, json: { reason: 'Fine after all' } })).status).toBe(200);
    });

    it('takes a hidden work out of every public place, keeps it for its author with the reason, and brings it back on restore', async () => {
      const { author, stranger, mod, key, tag, work } = await setUp();
      const everywhere = { listing: true, tagListing: true, search: true, apiSearch: 1, feed: true, apiList: true, home: true };
      expect(await publicPlaces(key, tag, work)).toEqual(everywhere);

      expect((await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'Harassment in the notes' } })).status).toBe(200);
      expect(await publicPlaces(key, tag, work)).toEqual({ listing: false, tagListing: false, search: false, apiSearch: 0, feed: false, apiList: false, home: false });
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(404);
      expect((await t().api('GET', `/api/v1/works/${work.id}`, { token: stranger.token })).status).toBe(404);
      expect((await t().app.request(`/works/${work.id}/download.epub`)).status).toBe(404);
      expect((await t().app.request(`/works/${work.id}/feed.atom`)).status).toBe(404);
      const authorPage = await t().app.request(`/users/${author.user.username}`);
      expect(await authorPage.text()).not.toContain(key);

      // The author still reads it, marked with the reason and a way to appeal; so does a moderator, with Restore.
      const own = await t().api('GET', `/api/v1/works/${work.id}`, { token: author.token });
      expect(own.status).toBe(200);
      const authorBrowser = t().browser();
      await authorBrowser.post('/login', { login: author.user.username, password: 'correct horse battery' });
      const ownPage = await authorBrowser.get(`/works/${work.id}`);
      expect(ownPage.status).toBe(200);
      const ownHtml = await ownPage.text();
      expect(pageText(ownHtml)).toContain('Hidden by a moderator: Harassment in the notes');
      expect(ownHtml).toContain(`/appeals/new?target_type=work&amp;target_id=${work.id}`);
      const ownList = pageText(await (await authorBrowser.get(`/users/${author.user.username}/works`)).text());
      expect(ownList).toContain(`The ${key} lamp Hidden by a moderator`);

      // The author is told what and why, in the inbox.
      const inbox = (await (await t().api('GET', '/api/v1/notifications', { token: author.token })).json()) as { items: { kind: string; text: string; url: string }[] };
      expect(inbox.items[0]).toMatchObject({ kind: 'moderation', text: expect.stringContaining('Harassment in the notes') });
      expect(inbox.items[0]!.text).toContain(`The ${key} lamp`);

      expect((await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/restore`, { token: mod.token, json: { reason: 'Notes edited' } })).status).toBe(200);
      expect(await publicPlaces(key, tag, work)).toEqual(everywhere);
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(200);
    });

    it('keeps the posted-works counter and tag counts exact through hide, restore and delete', async () => {
      const { mod, tag, work } = await setUp();
      const tagCount = async () => ((await (await t().api('GET', `/api/v1/tags/${encodeURIComponent(tag)}`)).json()) as { work_count: number }).work_count;
      const before = await readCounter(t().db, POSTED_WORKS_COUNTER);
      expect(await tagCount()).toBe(1);
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'r' } });
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before - 1);
      expect(await tagCount()).toBe(0);
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/restore`, { token: mod.token, json: { reason: 'r' } });
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before);
      expect(await tagCount()).toBe(1);
      // Deleting a hidden work takes it out once, not twice.
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'r' } });
      expect((await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/delete`, { token: mod.token, json: { reason: 'Illegal content' } })).status).toBe(204);
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before - 1);
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(410);
      const posted = await t().db.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).where('posted', '=', 1).where('deleted_at', 'is', null).where('hidden_at', 'is', null).executeTakeFirstOrThrow();
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(Number(posted.n));
    });

    it('keeps the counter exact when the author deletes a hidden work, or posts a hidden draft', async () => {
      const { author, mod, work } = await setUp();
      const before = await readCounter(t().db, POSTED_WORKS_COUNTER);
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'r' } });
      expect((await t().api('DELETE', `/api/v1/works/${work.id}`, { token: author.token })).status).toBe(204);
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before - 1);

      const draft = await postWork(t(), author.token, { draft: true });
      await t().api('POST', `/api/v1/admin/moderation/works/${draft.id}/hide`, { token: mod.token, json: { reason: 'r' } });
      expect((await t().api('PATCH', `/api/v1/works/${draft.id}`, { token: author.token, json: { draft: false } })).status).toBe(200);
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before - 1);
      await t().api('POST', `/api/v1/admin/moderation/works/${draft.id}/restore`, { token: mod.token, json: { reason: 'r' } });
      expect(await readCounter(t().db, POSTED_WORKS_COUNTER)).toBe(before);
    });

    it('audits each action with its reason and before/after, and resolves the open reports about the target', async () => {
      const { mod, work, stranger } = await setUp();
      const at = new Date().toISOString();
      await t().db
        .insertInto('reports')
        .values({ target_type: 'work', target_id: work.id, reporter_id: stranger.user.id, category: 'spam', description: 'ads', created_at: at, updated_at: at })
        .execute();
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'Advertising' } });
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/restore`, { token: mod.token, json: { reason: 'Advert removed' } });
      const entries = await auditActions(t(), 'work', work.id);
      expect(entries.map((e) => [e.action, e.reason, e.actor_id])).toEqual([
        ['work.hide', 'Advertising', mod.user.id],
        ['work.restore', 'Advert removed', mod.user.id],
      ]);
      expect(JSON.parse(entries[0]!.after_state)).toMatchObject({ hidden_reason: 'Advertising' });
      const report = await t().db.selectFrom('reports').select(['status', 'audit_id']).where('target_id', '=', work.id).where('target_type', '=', 'work').executeTakeFirstOrThrow();
      expect(report.status).toBe('resolved');
      expect(report.audit_id).toEqual(expect.any(Number));
    });

    it('shows a hidden comment as a placeholder to others, keeping the thread, and as it is to its commenter', async () => {
      const { author, stranger, mod, work } = await setUp();
      const commenter = await t().apiUser();
      const posted = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: commenter.token, json: { body: 'A very rude remark xyzzy' } });
      expect(posted.status).toBe(201);
      const comment = (await posted.json()) as { id: number };
      const reply = await t().api('POST', `/api/v1/comments/${comment.id}/replies`, { token: author.token, json: { body: 'Please be kind' } });
      expect([200, 201]).toContain(reply.status);
      expect((await t().api('POST', `/api/v1/admin/moderation/comments/${comment.id}/hide`, { token: mod.token, json: { reason: 'Rude to the author' } })).status).toBe(200);

      const thread = (await (await t().api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, { token: stranger.token })).json()) as { items: { id: number; body_html: string; author: unknown; replies: { body_html: string }[] }[] };
      const shown = thread.items.find((c) => c.id === comment.id)!;
      expect(shown).toMatchObject({ body_html: '', author: null });
      expect(shown.replies.map((r) => r.body_html).join('')).toContain('Please be kind');
      const page = await (await t().app.request(`/works/${work.id}`)).text();
      expect(page).not.toContain('xyzzy');
      expect(pageText(page)).toContain('This comment has been hidden by a moderator.');
      expect(page).toContain('Please be kind');

      const own = (await (await t().api('GET', `/api/v1/comments/${comment.id}`, { token: commenter.token })).json()) as { body_html: string };
      expect(own.body_html).toContain('xyzzy');
      const modView = (await (await t().api('GET', `/api/v1/comments/${comment.id}`, { token: mod.token })).json()) as { body_html: string };
      expect(modView.body_html).toContain('xyzzy');
      expect((await t().api('POST', `/api/v1/comments/${comment.id}/replies`, { token: stranger.token, json: { body: 'me too' } })).status).toBe(403);
      const audit = await auditActions(t(), 'comment', comment.id);
      expect(audit.map((a) => a.action)).toEqual(['comment.hide']);
    });

    it('hides a chapter from readers (404, left out of the totals) and a series (404 but for its creator)', async () => {
      const { author, mod, work } = await setUp();
      const second = await t().api('POST', `/api/v1/works/${work.id}/chapters`, { token: author.token, json: { title: 'Two', body: '<p>More words here.</p>' } });
      expect(second.status).toBe(201);
      const chapter = (await second.json()) as { id: number };
      expect((await t().api('POST', `/api/v1/admin/moderation/chapters/${chapter.id}/hide`, { token: mod.token, json: { reason: 'Spoilers unmarked' } })).status).toBe(200);
      expect((await t().app.request(`/works/${work.id}/chapters/2`)).status).toBe(404);
      expect(((await (await t().api('GET', `/api/v1/works/${work.id}`)).json()) as { chapter_count: number }).chapter_count).toBe(1);
      expect(((await (await t().api('GET', `/api/v1/works/${work.id}/chapters`, { token: author.token })).json()) as { total: number }).total).toBe(2);
      await t().api('POST', `/api/v1/admin/moderation/chapters/${chapter.id}/restore`, { token: mod.token, json: { reason: 'Marked now' } });
      expect(((await (await t().api('GET', `/api/v1/works/${work.id}`)).json()) as { chapter_count: number }).chapter_count).toBe(2);

      const series = (await (await t().api('POST', '/api/v1/series', { token: author.token, json: { title: word('Saga ') } })).json()) as { id: number };
      expect((await t().api('POST', `/api/v1/admin/moderation/series/${series.id}/hide`, { token: mod.token, json: { reason: 'Offensive title' } })).status).toBe(200);
      expect((await t().app.request(`/series/${series.id}`)).status).toBe(404);
      expect((await t().api('GET', `/api/v1/series/${series.id}`, { token: author.token })).status).toBe(200);
    });

    it('keeps hidden works in the author’s personal export', async () => {
      const { author, mod, work } = await setUp();
      await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'r' } });
      const exported = await exportWorks(t().db, author.user.id);
      expect(exported.find((w) => w.id === work.id)).toMatchObject({ hidden_reason: 'r' });
    });

    it('offers the moderation page to staff only, with a reason field that must be filled', async () => {
      const { mod, work } = await setUp();
      const browser = t().browser();
      await browser.post('/login', { login: mod.user.username, password: 'correct horse battery' });
      const page = await browser.get(`/admin/moderation/works/${work.id}`);
      expect(page.status).toBe(200);
      expect(pageText(await page.text())).toContain('Hide from the public');
      const empty = await browser.post(`/admin/moderation/works/${work.id}/hide`, { reason_hide: '' });
      expect(empty.status).toBe(422);
      expect(fieldError(await empty.text(), 'reason_hide')).toMatch(/reason/i);
      const done = await browser.post(`/admin/moderation/works/${work.id}/hide`, { reason_hide: 'Spam links' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`/admin/moderation/works/${work.id}`);
      const after = await browser.get(`/admin/moderation/works/${work.id}`);
      expect(pageText(await after.text())).toContain('Restore');

      const guest = await t().app.request(`/admin/moderation/works/${work.id}`);
      expect(guest.status).toBe(401);
      const stranger = t().browser();
      await t().signUp(stranger);
      expect((await stranger.get(`/admin/moderation/works/${work.id}`)).status).toBe(403);
    });
  });
});
