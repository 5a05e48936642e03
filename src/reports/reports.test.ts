import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, testConfig, unique, type TestBrowser, type TestContext } from '../../test/helpers.js';
import type { User } from '../db/schema.js';

// Reports: filing (guests with an email, accounts), the honeypot, the per-target and per-reporter limits, the
// acknowledgement email, the moderators' grouped queue, audited status changes and notes, and the rule that the
// reported never learn who reported them.

async function makeModerator(t: TestContext, browser: TestBrowser): Promise<User> {
  const user = await t.signUp(browser);
  await t.db.updateTable('users').set({ is_moderator: 1 }).where('id', '=', user.id).execute();
  return user;
}

async function reportCount(t: TestContext, targetType: string, targetId: number): Promise<number> {
  const rows = await t.db.selectFrom('reports').select('id').where('target_type', '=', targetType).where('target_id', '=', targetId).execute();
  return rows.length;
}

async function outboxTo(t: TestContext, address: string) {
  return t.db.selectFrom('outbox').selectAll().where('to_address', '=', address).execute();
}

/** A posted work by a fresh author, with the author's token. */
async function authorWithWork(t: TestContext) {
  const author = await t.apiUser();
  const work = await postWork(t, author.token);
  return { author, work };
}

forEachDatabase((t) => {
  describe('filing a report from the page', () => {
    it('takes a guest report with an email address, acknowledges it and emails the guest', async () => {
      const { work } = await authorWithWork(t());
      const guest = t().browser();
      const form = await guest.get(`/reports/new?target_type=work&target_id=${work.id}`);
      expect(form.status).toBe(200);
      const html = await form.text();
      expect(pageText(html)).toContain(work.title);
      expect(html).toMatch(/<div class="honeypot" aria-hidden="true">/);
      expect(html).toMatch(/name="website"[^>]*tabindex="-1"[^>]*autocomplete="off"|tabindex="-1"[^>]*autocomplete="off"[^>]*/);
      const email = `${unique('guest')}@example.org`;
      const response = await guest.post('/reports/new', { target_type: 'work', target_id: String(work.id), category: 'spam', description: 'Links to a casino in every chapter.', email });
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      expect(location).toBe(`/reports/received?target_type=work&target_id=${work.id}`);
      const ack = await guest.get(location);
      expect(ack.status).toBe(200);
      expect(pageText(await ack.text())).toContain('your report was received');
      const stored = await t().db.selectFrom('reports').selectAll().where('target_type', '=', 'work').where('target_id', '=', work.id).execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ reporter_id: null, reporter_email: email, category: 'spam', description: 'Links to a casino in every chapter.', status: 'open' });
      expect(stored[0]!.reporter_ip_hash).toMatch(/\S{16,}/);
      const mail = await outboxTo(t(), email);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe('We received your report');
      expect(mail[0]!.text_body).toContain(work.title);
      expect(mail[0]!.text_body).not.toContain('casino');
    });

    it('re-renders a guest report without an email address with 422, the text intact and the error beside the field', async () => {
      const { work } = await authorWithWork(t());
      const guest = t().browser();
      await guest.get(`/reports/new?target_type=work&target_id=${work.id}`);
      const description = 'The rating says General but <b>chapter 3</b> is explicit & graphic.';
      const response = await guest.post('/reports/new', { target_type: 'work', target_id: String(work.id), category: 'rating', description, email: '' });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('The rating says General but &lt;b&gt;chapter 3&lt;/b&gt; is explicit &amp; graphic.');
      expect(html).toMatch(/<option value="rating" selected/);
      expect(html).toMatch(/id="error-email"/);
      const bad = await guest.post('/reports/new', { target_type: 'work', target_id: String(work.id), category: 'rating', description, email: 'not an address' });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toMatch(/id="error-email"/);
      expect(await reportCount(t(), 'work', work.id)).toBe(0);
    });

    it('takes a report from a signed-in reader without asking for an email, and emails their own address', async () => {
      const { work } = await authorWithWork(t());
      const reader = t().browser();
      const user = await t().signUp(reader);
      const chapterId = (await t().db.selectFrom('chapters').select('id').where('work_id', '=', work.id).executeTakeFirstOrThrow()).id;
      const form = await reader.get(`/reports/new?target_type=chapter&target_id=${chapterId}`);
      expect(await form.text()).not.toContain('name="email"');
      const response = await reader.post('/reports/new', { target_type: 'chapter', target_id: String(chapterId), category: 'copyright', description: 'Copied from a published novel.' });
      expect(response.status).toBe(303);
      const stored = await t().db.selectFrom('reports').selectAll().where('target_type', '=', 'chapter').where('target_id', '=', chapterId).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ reporter_id: user.id, reporter_email: null, category: 'copyright' });
      expect(await outboxTo(t(), user.email)).toHaveLength(1);
    });

    it('answers a filled honeypot like a stored report but stores and sends nothing', async () => {
      const { work } = await authorWithWork(t());
      const bot = t().browser();
      await bot.get(`/reports/new?target_type=work&target_id=${work.id}`);
      const email = `${unique('bot')}@example.org`;
      const response = await bot.post('/reports/new', { target_type: 'work', target_id: String(work.id), category: 'other', description: 'Buy cheap watches', email, website: 'http://spam.example' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/reports/received?target_type=work&target_id=${work.id}`);
      expect(await reportCount(t(), 'work', work.id)).toBe(0);
      expect(await outboxTo(t(), email)).toHaveLength(0);
      const api = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'other', description: 'Buy', email, website: 'x' } });
      expect(api.status).toBe(201);
      expect(await reportCount(t(), 'work', work.id)).toBe(0);
    });

    it('refuses what the reporter cannot see: a missing work, a stranger’s draft, an unknown type', async () => {
      const { author } = await authorWithWork(t());
      const draft = await postWork(t(), author.token, { draft: true });
      const guest = t().browser();
      expect((await guest.get('/reports/new?target_type=work&target_id=99999999')).status).toBe(404);
      expect((await guest.get(`/reports/new?target_type=work&target_id=${draft.id}`)).status).toBe(404);
      expect((await guest.get('/reports/new?target_type=tag&target_id=1')).status).toBe(404);
      const api = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: draft.id, category: 'spam', description: 'x', email: 'a@example.org' } });
      expect(api.status).toBe(404);
    });

    it('shows a Report link on work, comment, series and profile pages, and not to the work’s author', async () => {
      const { author, work } = await authorWithWork(t());
      const reader = t().browser();
      const workPage = await (await reader.get(`/works/${work.id}`)).text();
      expect(workPage).toContain(`/reports/new?target_type=work&amp;target_id=${work.id}`);
      const profile = await (await reader.get(`/users/${author.user.username}`)).text();
      expect(profile).toContain(`/reports/new?target_type=user&amp;target_id=${author.user.id}`);
      const series = await t().api('POST', '/api/v1/series', { token: author.token, json: { title: unique('Series ') } });
      const seriesId = ((await series.json()) as { id: number }).id;
      expect(await (await reader.get(`/series/${seriesId}`)).text()).toContain(`/reports/new?target_type=series&amp;target_id=${seriesId}`);
      const commenter = await t().apiUser();
      const comment = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: commenter.token, json: { body: 'Lovely.' } });
      expect(comment.status).toBe(201);
      const commentId = ((await comment.json()) as { id: number }).id;
      expect(await (await reader.get(`/works/${work.id}`)).text()).toContain(`/reports/new?target_type=comment&amp;target_id=${commentId}`);
      const own = t().browser();
      await own.post('/login', { login: author.user.username, password: 'correct horse battery' });
      expect(await (await own.get(`/works/${work.id}`)).text()).not.toContain('target_type=work&amp;');
    });
  });

  describe('the API', () => {
    it('takes a guest report with an email and refuses one without (422 with the field)', async () => {
      const { work } = await authorWithWork(t());
      const missing = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'harassment', description: 'Targets a real person.' } });
      expect(missing.status).toBe(422);
      expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('email');
      const email = `${unique('g')}@example.org`;
      const ok = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'harassment', description: 'Targets a real person.', email } });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ received: true, target: { type: 'work', id: work.id, title: work.title } });
      const badCategory = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'boring', description: 'x', email } });
      expect(badCategory.status).toBe(422);
      const tooLong = await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'other', description: 'x'.repeat(5001), email } });
      expect(tooLong.status).toBe(422);
    });

    it('refuses a second report about the same target from the same reporter within a day (429 + Retry-After)', async () => {
      const { work } = await authorWithWork(t());
      const reader = await t().apiUser();
      const body = { target_type: 'work', target_id: work.id, category: 'spam', description: 'Spam.' };
      expect((await t().api('POST', '/api/v1/reports', { token: reader.token, json: body })).status).toBe(201);
      const again = await t().api('POST', '/api/v1/reports', { token: reader.token, json: { ...body, category: 'other' } });
      expect(again.status).toBe(429);
      const retryAfter = Number(again.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(23 * 3600);
      expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('report_duplicate');
      // Someone else may still report it, and this reader may report something else.
      const other = await t().apiUser();
      expect((await t().api('POST', '/api/v1/reports', { token: other.token, json: body })).status).toBe(201);
      expect((await t().api('POST', '/api/v1/reports', { token: reader.token, json: { ...body, target_type: 'user', target_id: other.user.id } })).status).toBe(201);
      expect(await reportCount(t(), 'work', work.id)).toBe(2);
    });

    it('shows the duplicate refusal as a page with 429 and Retry-After on the form', async () => {
      const { work } = await authorWithWork(t());
      const reader = t().browser();
      await t().signUp(reader);
      const fields = { target_type: 'work', target_id: String(work.id), category: 'spam', description: 'Spam.' };
      expect((await reader.post('/reports/new', fields)).status).toBe(303);
      const again = await reader.post('/reports/new', fields);
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(pageText(await again.text())).toContain('You already reported this');
    });
  });

  describe('the moderators’ queue', () => {
    it('groups reports by target with count, categories and status, and filters by status', async () => {
      const { author, work } = await authorWithWork(t());
      const [a, b] = [await t().apiUser(), await t().apiUser()];
      await t().api('POST', '/api/v1/reports', { token: a.token, json: { target_type: 'work', target_id: work.id, category: 'spam', description: 'one' } });
      await t().api('POST', '/api/v1/reports', { token: b.token, json: { target_type: 'work', target_id: work.id, category: 'rating', description: 'two' } });
      await t().api('POST', '/api/v1/reports', { token: a.token, json: { target_type: 'user', target_id: author.user.id, category: 'harassment', description: 'three' } });
      const mod = t().browser();
      await makeModerator(t(), mod);
      const page = await mod.get('/admin/reports');
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).toContain(work.title);
      expect(text).toMatch(/Wrong rating or warnings, Spam|Spam, Wrong rating or warnings/);

      const { token } = await t().apiUser();
      expect((await t().api('GET', '/api/v1/admin/reports', { token })).status).toBe(403);
      const staff = await t().apiUser();
      await t().db.updateTable('users').set({ is_moderator: 1 }).where('id', '=', staff.user.id).execute();
      const list = (await (await t().api('GET', '/api/v1/admin/reports?limit=100', { token: staff.token })).json()) as { items: { target_type: string; target_id: number; report_count: number; categories: string[]; status: string }[]; total: number };
      const group = list.items.find((g) => g.target_type === 'work' && g.target_id === work.id)!;
      expect(group).toMatchObject({ report_count: 2, categories: ['rating', 'spam'], status: 'open' });
      expect(list.items.find((g) => g.target_type === 'user' && g.target_id === author.user.id)).toMatchObject({ report_count: 1 });

      // Dismissed groups leave the default view and appear under status=dismissed.
      const dismissed = await t().api('POST', `/api/v1/admin/reports/work/${work.id}/status`, { token: staff.token, json: { status: 'dismissed' } });
      expect(dismissed.status).toBe(200);
      const open = (await (await t().api('GET', '/api/v1/admin/reports?limit=100', { token: staff.token })).json()) as { items: { target_type: string; target_id: number }[] };
      expect(open.items.some((g) => g.target_type === 'work' && g.target_id === work.id)).toBe(false);
      const done = (await (await t().api('GET', '/api/v1/admin/reports?status=dismissed&limit=100', { token: staff.token })).json()) as { items: { target_type: string; target_id: number; status: string }[] };
      expect(done.items.find((g) => g.target_type === 'work' && g.target_id === work.id)).toMatchObject({ status: 'dismissed' });
      expect(pageText(await (await mod.get('/admin/reports?status=dismissed')).text())).toContain(work.title);
    });

    it('changes the status of a group or of one report, audited, from the page', async () => {
      const { work } = await authorWithWork(t());
      const [a, b] = [await t().apiUser(), await t().apiUser()];
      await t().api('POST', '/api/v1/reports', { token: a.token, json: { target_type: 'work', target_id: work.id, category: 'spam', description: 'one' } });
      await t().api('POST', '/api/v1/reports', { token: b.token, json: { target_type: 'work', target_id: work.id, category: 'spam', description: 'two' } });
      const mod = t().browser();
      const moderator = await makeModerator(t(), mod);
      const group = await mod.get(`/admin/reports/work/${work.id}`);
      expect(group.status).toBe(200);
      const html = await group.text();
      expect(html).toContain(`action="/admin/moderation/works/${work.id}/hide"`);
      expect(pageText(html)).toContain(a.user.username);

      const all = await mod.post(`/admin/reports/work/${work.id}/status`, { status: 'in_progress' });
      expect(all.status).toBe(303);
      const rows = await t().db.selectFrom('reports').selectAll().where('target_type', '=', 'work').where('target_id', '=', work.id).orderBy('id').execute();
      expect(rows.map((r) => [r.status, r.assignee_id])).toEqual([['in_progress', moderator.id], ['in_progress', moderator.id]]);
      const one = await mod.post(`/admin/reports/work/${work.id}/status`, { status: 'resolved', report_id: String(rows[0]!.id) });
      expect(one.status).toBe(303);
      const after = await t().db.selectFrom('reports').select(['id', 'status']).where('target_type', '=', 'work').where('target_id', '=', work.id).orderBy('id').execute();
      expect(after.map((r) => r.status)).toEqual(['resolved', 'in_progress']);
      const audit = await t().db.selectFrom('audit_log').selectAll().where('action', '=', 'report.status').where('target_type', '=', 'work').where('target_id', '=', work.id).orderBy('id').execute();
      expect(audit).toHaveLength(2);
      expect(audit.map((e) => e.actor_id)).toEqual([moderator.id, moderator.id]);
      expect(JSON.parse(audit[1]!.after_state)).toEqual({ status: 'resolved' });
      expect(JSON.parse(audit[1]!.details)).toEqual({ report_ids: [rows[0]!.id] });
      // A report of another target is refused, and so is an unknown status.
      expect((await mod.post(`/admin/reports/work/${work.id}/status`, { status: 'banana' })).status).toBe(422);
    });

    it('keeps notes for staff: moderators add and read them (audited), others get 403', async () => {
      const { work } = await authorWithWork(t());
      const reader = await t().apiUser();
      await t().api('POST', '/api/v1/reports', { token: reader.token, json: { target_type: 'work', target_id: work.id, category: 'illegal', description: 'See chapter 1.' } });
      // The reporter, a stranger and a guest cannot read or write notes.
      expect((await t().api('POST', `/api/v1/admin/reports/work/${work.id}/notes`, { token: reader.token, json: { body: 'sneaky' } })).status).toBe(403);
      expect((await t().api('GET', `/api/v1/admin/reports/work/${work.id}`, { token: reader.token })).status).toBe(403);
      expect((await t().api('GET', `/api/v1/admin/reports/work/${work.id}`)).status).toBe(401);
      const stranger = t().browser();
      await t().signUp(stranger);
      expect((await stranger.post(`/admin/reports/work/${work.id}/notes`, { body: 'sneaky' })).status).toBe(403);
      expect((await stranger.get(`/admin/reports/work/${work.id}`)).status).toBe(403);
      expect((await stranger.get('/admin/reports')).status).toBe(403);

      const mod = t().browser();
      const moderator = await makeModerator(t(), mod);
      const empty = await mod.post(`/admin/reports/work/${work.id}/notes`, { body: '   ' });
      expect(empty.status).toBe(422);
      const added = await mod.post(`/admin/reports/work/${work.id}/notes`, { body: 'Checked with legal: <script>alert(1)</script>' });
      expect(added.status).toBe(303);
      const page = await (await mod.get(`/admin/reports/work/${work.id}`)).text();
      expect(page).toContain('Checked with legal: &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toContain('<script>alert(1)</script>');
      const notes = await t().db.selectFrom('report_notes').selectAll().execute();
      expect(notes.filter((n) => n.author_id === moderator.id)).toHaveLength(1);
      const audit = await t().db.selectFrom('audit_log').selectAll().where('action', '=', 'report.note').where('actor_id', '=', moderator.id).execute();
      expect(audit).toHaveLength(1);
      expect(notes.filter((n) => n.body === 'sneaky')).toHaveLength(0);
    });

    it('escapes the description on the moderators’ page and links the audit entry of the action taken', async () => {
      const { work } = await authorWithWork(t());
      const reader = await t().apiUser();
      await t().api('POST', '/api/v1/reports', { token: reader.token, json: { target_type: 'work', target_id: work.id, category: 'other', description: '<img src=x onerror=alert(1)>' } });
      const { resolveReportsForTarget } = await import('./reports.queries.js');
      const { recordAudit } = await import('../admin/audit.js');
      const mod = t().browser();
      const moderator = await makeModerator(t(), mod);
      const auditId = await recordAudit(t().db, { actorId: moderator.id, action: 'work.hide', targetType: 'work', targetId: work.id, reason: 'spam' });
      expect(await resolveReportsForTarget(t().db, 'work', work.id, auditId, new Date().toISOString())).toBe(1);
      const html = await (await mod.get(`/admin/reports/work/${work.id}`)).text();
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain(`/admin/audit?target_type=work&amp;target_id=${work.id}`);
      expect(html).toContain(`audit entry #${auditId}`);
    });
  });

  describe('the reported never learn who reported them', () => {
    it('keeps the reporter’s name and email out of the author’s pages, API and notifications', async () => {
      const authorBrowser = t().browser();
      const author = await t().signUp(authorBrowser);
      const authorToken = await (async () => {
        const r = await t().app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: author.username, password: 'correct horse battery', name: 't' }) });
        return ((await r.json()) as { token: string }).token;
      })();
      const work = await postWork(t(), authorToken);
      const commentId = ((await (await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: authorToken, json: { body: 'Author note' } })).json()) as { id: number }).id;
      const reporterBrowser = t().browser();
      const reporter = await t().signUp(reporterBrowser);
      for (const [type, id] of [['work', work.id], ['comment', commentId], ['user', author.id]] as const) {
        const r = await reporterBrowser.post('/reports/new', { target_type: type, target_id: String(id), category: 'harassment', description: `about ${type}` });
        expect(r.status).toBe(303);
      }
      const guestEmail = `${unique('witness')}@example.org`;
      expect((await t().api('POST', '/api/v1/reports', { json: { target_type: 'work', target_id: work.id, category: 'spam', description: 'guest', email: guestEmail } })).status).toBe(201);

      const seen: string[] = [];
      for (const path of [`/works/${work.id}`, `/works/${work.id}/chapters/1`, `/comments/${commentId}`, `/users/${author.username}`, '/inbox', '/settings']) {
        const response = await authorBrowser.get(path);
        expect(response.status, path).toBe(200);
        seen.push(await response.text());
      }
      for (const path of [`/api/v1/works/${work.id}`, '/api/v1/notifications', `/api/v1/comments/${commentId}`, '/api/v1/me']) {
        const response = await t().api('GET', path, { token: authorToken });
        expect(response.status, path).toBe(200);
        seen.push(await response.text());
      }
      const everything = seen.join('\n');
      expect(everything).toContain(work.title);
      for (const secret of [reporter.username, reporter.email, guestEmail]) expect(everything).not.toContain(secret);
      // The author is not staff: the queue and the group stay closed to them.
      expect((await authorBrowser.get(`/admin/reports/work/${work.id}`)).status).toBe(403);
      expect((await t().api('GET', `/api/v1/admin/reports/user/${author.id}`, { token: authorToken })).status).toBe(403);
    });
  });
});

// The general per-reporter limit is the `report` rate-limit bucket (src/http/rate-limit.ts), set low here.
forEachDatabase(
  (t) => {
    it('limits reports per reporter (429 + Retry-After past the bucket)', async () => {
      const reader = await t().apiUser();
      const targets = await Promise.all([t().apiUser(), t().apiUser(), t().apiUser()]);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (const target of targets) {
        const response = await t().api('POST', '/api/v1/reports', { token: reader.token, json: { target_type: 'user', target_id: target.user.id, category: 'spam', description: 'Spam account.' } });
        statuses.push(response.status);
        retryAfter = response.headers.get('retry-after');
      }
      expect(statuses).toEqual([201, 201, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(await t().db.selectFrom('reports').select('id').where('reporter_id', '=', reader.user.id).execute()).toHaveLength(2);
    });
  },
  { rateLimits: { ...testConfig().rateLimits, report: { count: 2, seconds: 3600 } } },
);
