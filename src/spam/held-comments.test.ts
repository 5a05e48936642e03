import { beforeEach, describe, expect, it } from 'vitest';
import { updateUser } from '../accounts/users.queries.js';
import { saveSiteSettings } from '../admin/site-settings.js';
import type { CommentJson } from '../comments/comments.presenters.js';
import { forEachDatabase, pageText, postWork, type TestContext, type TestBrowser, type WorkJson } from '../../test/helpers.js';
import { containsLink } from './holding.js';

const LINKED = 'Great story! More at https://cheap-pills.example/now';

describe('link detection', () => {
  it('finds http(s) URLs, www. addresses and <a> tags, and nothing else', () => {
    expect(containsLink('see https://x.example')).toBe(true);
    expect(containsLink('see HTTP://x.example')).toBe(true);
    expect(containsLink('visit www.example.com')).toBe(true);
    expect(containsLink('<a href="/x">x</a>')).toBe(true);
    expect(containsLink('[x](http://x.example)')).toBe(true);
    expect(containsLink(null, 'www.spam.example')).toBe(true);
    expect(containsLink('I loved chapter 3: the www of it all... no links here. abbr <abbr>ok</abbr>')).toBe(false);
    expect(containsLink('https is a protocol')).toBe(false);
  });
});

describe('held comments', () => {
  forEachDatabase((t) => {
    beforeEach(async () => {
      await saveSiteSettings(t().db, { hold_first_link_comments: true });
    });

    async function setup(ctx: TestContext, workOverrides: Record<string, unknown> = {}) {
      const author = await ctx.apiUser();
      const work = await postWork(ctx, author.token, { comment_permissions: 'everyone', ...workOverrides });
      const commenter = await ctx.apiUser();
      const moderator = await ctx.apiUser();
      await updateUser(ctx.db, moderator.user.id, { is_moderator: 1 });
      return { author, work, commenter, moderator };
    }

    const comment = (ctx: TestContext, work: WorkJson, token: string | undefined, body: string, guest = false) =>
      ctx.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { ...(token ? { token } : {}), json: guest ? { body, guest_name: 'Guest', guest_email: 'guest@example.org' } : { body } });

    const commentCount = async (ctx: TestContext, workId: number) =>
      (await ctx.db.selectFrom('works').select('comment_count').where('id', '=', workId).executeTakeFirstOrThrow()).comment_count;

    it('holds a new account’s comment with a link: shown to its commenter only, not counted', async () => {
      const { work, commenter, author } = await setup(t());
      const response = await comment(t(), work, commenter.token, LINKED);
      expect(response.status).toBe(201);
      const held = (await response.json()) as CommentJson;
      expect(held.status).toBe('held');
      expect(await commentCount(t(), work.id)).toBe(0);
      const listFor = async (token?: string) =>
        ((await (await t().api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, token ? { token } : {})).json()) as { items: CommentJson[] }).items.map((c) => c.id);
      expect(await listFor(commenter.token)).toEqual([held.id]);
      expect(await listFor(author.token)).toEqual([]);
      expect(await listFor()).toEqual([]);
      expect((await t().api('GET', `/api/v1/comments/${held.id}`, { token: author.token })).status).toBe(404);
      // A guest's comment with a link is held too; one without a link is published.
      expect(((await (await comment(t(), work, undefined, 'www.spam.example', true)).json()) as CommentJson).status).toBe('held');
      expect(((await (await comment(t(), work, commenter.token, 'No links, just praise.')).json()) as CommentJson).status).toBe('published');
      expect(await commentCount(t(), work.id)).toBe(1);
    });

    it('tells the commenter on the page that the comment is held', async () => {
      const { work } = await setup(t());
      // An admin exists first, so the account signed up below is an ordinary one (the first account becomes admin).
      await t().apiUser({ admin: true });
      const browser: TestBrowser = t().browser();
      await t().signUp(browser);
      await browser.get(`/works/${work.id}/chapters/1`);
      const posted = await browser.post(`/works/${work.id}/chapters/1/comments`, { body: LINKED });
      expect(posted.status).toBe(303);
      const page = await (await browser.get(posted.headers.get('location')!)).text();
      expect(pageText(page)).toContain('Your comment is held for moderation');
      expect(pageText(page)).toContain('Held for moderation');
      expect(page).toContain('cheap-pills.example');
      const other = t().browser();
      expect(await (await other.get(`/works/${work.id}/chapters/1`)).text()).not.toContain('cheap-pills.example');
    });

    it('lets established accounts, the work’s author and staff post links; the setting turns holding off', async () => {
      const { work, author, commenter, moderator } = await setup(t());
      expect(((await (await comment(t(), work, author.token, LINKED)).json()) as CommentJson).status).toBe('published');
      expect(((await (await comment(t(), work, moderator.token, LINKED)).json()) as CommentJson).status).toBe('published');
      // Old enough but with fewer than three published comments: still held.
      await updateUser(t().db, commenter.user.id, { created_at: new Date(Date.now() - 30 * 86_400_000).toISOString() });
      expect(((await (await comment(t(), work, commenter.token, LINKED)).json()) as CommentJson).status).toBe('held');
      for (let i = 0; i < 3; i += 1) await comment(t(), work, commenter.token, `Plain comment ${i}`);
      expect(((await (await comment(t(), work, commenter.token, LINKED)).json()) as CommentJson).status).toBe('published');
      // A new account while the setting is off.
      await saveSiteSettings(t().db, { hold_first_link_comments: false });
      const fresh = await t().apiUser();
      expect(((await (await comment(t(), work, fresh.token, LINKED)).json()) as CommentJson).status).toBe('published');
    }, 20_000);

    it('gives moderators the queue; approving publishes with counters and the notification', async () => {
      const { work, commenter, moderator, author } = await setup(t());
      const held = (await (await comment(t(), work, commenter.token, LINKED)).json()) as CommentJson;
      const staff = t().browser();
      await staff.get('/login');
      await staff.post('/login', { login: moderator.user.username, password: 'correct horse battery' });
      const page = await staff.get('/admin/comments/held');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`action="/admin/comments/held/${held.id}/approve"`);
      expect(pageText(html)).toContain(commenter.user.username);
      expect(pageText(html)).toContain(work.title);

      const approved = await staff.post(`/admin/comments/held/${held.id}/approve`, { reason: 'Looks fine' });
      expect(approved.status).toBe(303);
      expect(approved.headers.get('location')).toBe('/admin/comments/held');
      const row = await t().db.selectFrom('comments').select('status').where('id', '=', held.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('published');
      expect(await commentCount(t(), work.id)).toBe(1);
      const job = await t().db.selectFrom('jobs').select('kind').where('dedupe_key', '=', `notify.comment:${held.id}`).executeTakeFirst();
      expect(job?.kind).toBe('notify.comment');
      const audit = await t().db.selectFrom('audit_log').selectAll().where('target_type', '=', 'comment').where('target_id', '=', held.id).execute();
      expect(audit.map((a) => [a.action, a.actor_id, a.reason])).toEqual([['comment.release', moderator.user.id, 'Looks fine']]);
      // Now everyone sees it; approving again is a conflict.
      const seen = ((await (await t().api('GET', `/api/v1/works/${work.id}/chapters/1/comments`, { token: author.token })).json()) as { items: CommentJson[] }).items;
      expect(seen.map((c) => c.id)).toEqual([held.id]);
      expect((await t().api('POST', `/api/v1/admin/comments/held/${held.id}/approve`, { token: moderator.token })).status).toBe(409);
    });

    it('passes an approved comment on to the authors when the work holds comments for them', async () => {
      const { work, commenter, moderator } = await setup(t(), { moderate_comments: true });
      const held = (await (await comment(t(), work, commenter.token, LINKED)).json()) as CommentJson;
      expect(held.status).toBe('held');
      const response = await t().api('POST', `/api/v1/admin/comments/held/${held.id}/approve`, { token: moderator.token, json: {} });
      expect(response.status).toBe(200);
      expect(((await response.json()) as CommentJson).status).toBe('pending');
      expect(await commentCount(t(), work.id)).toBe(0);
    });

    it('deletes through the API, audited with an excerpt; others get 403', async () => {
      const { work, commenter, moderator } = await setup(t());
      const held = (await (await comment(t(), work, commenter.token, LINKED)).json()) as CommentJson;
      const list = await t().api('GET', '/api/v1/admin/comments/held', { token: moderator.token });
      expect(list.status).toBe(200);
      const body = (await list.json()) as { items: { id: number; author: { username: string } | null; work_title: string }[]; total: number; next: string | null };
      expect(body.items.find((i) => i.id === held.id)).toMatchObject({ author: { username: commenter.user.username }, work_title: work.title });
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(body.next).toBeNull();

      expect((await t().api('GET', '/api/v1/admin/comments/held', { token: commenter.token })).status).toBe(403);
      expect((await t().api('GET', '/api/v1/admin/comments/held')).status).toBe(401);
      expect((await t().api('POST', `/api/v1/admin/comments/held/${held.id}/delete`, { token: commenter.token })).status).toBe(403);
      expect((await t().browser().get('/admin/comments/held')).status).toBe(401);

      const deleted = await t().api('POST', `/api/v1/admin/comments/held/${held.id}/delete`, { token: moderator.token, json: { reason: 'Spam' } });
      expect(deleted.status).toBe(204);
      const row = await t().db.selectFrom('comments').select(['status', 'deleted_at', 'body_source']).where('id', '=', held.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'rejected', body_source: '' });
      expect(row.deleted_at).not.toBeNull();
      const audit = await t().db.selectFrom('audit_log').selectAll().where('target_type', '=', 'comment').where('target_id', '=', held.id).executeTakeFirstOrThrow();
      expect(audit.action).toBe('comment.delete_held');
      expect(audit.reason).toBe('Spam');
      expect(JSON.parse(audit.before_state)).toMatchObject({ status: 'held', excerpt: LINKED });
      // Gone from the queue and from its commenter's view; a second delete is a conflict.
      const after = (await (await t().api('GET', '/api/v1/admin/comments/held', { token: moderator.token })).json()) as { items: { id: number }[] };
      expect(after.items.map((i) => i.id)).not.toContain(held.id);
      expect((await t().api('POST', `/api/v1/admin/comments/held/${held.id}/delete`, { token: moderator.token })).status).toBe(409);
      expect((await t().api('POST', '/api/v1/admin/comments/held/999999/delete', { token: moderator.token })).status).toBe(404);
    });
  }, { commentLimit: 1000 });
});
