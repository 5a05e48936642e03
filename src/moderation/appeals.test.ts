import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, TEST_PASSWORD, type TestContext } from '../../test/helpers.js';

// Appeals (issue 6): the author of hidden content appeals once, in a thread with the moderators, who restore the
// content or uphold the decision; the outcome is recorded and audited, the author told, the reporter never shown.

interface AppealJson {
  id: number;
  status: string;
  outcome: string;
  target?: { hidden: boolean; hidden_reason: string | null };
  messages?: { body: string; author: { username: string | null; moderator: boolean } }[];
}

describe('appeals', () => {
  forEachDatabase((t: () => TestContext) => {
    async function hiddenWork() {
      const author = await t().apiUser();
      const stranger = await t().apiUser();
      const mod = await t().apiUser();
      await t().db.updateTable('users').set({ is_moderator: 1 }).where('id', '=', mod.user.id).execute();
      const reporter = await t().apiUser();
      const work = await postWork(t(), author.token);
      const at = new Date().toISOString();
      await t().db
        .insertInto('reports')
        .values({ target_type: 'work', target_id: work.id, reporter_id: reporter.user.id, reporter_email: 'tattle@example.org', category: 'spam', description: 'ads', created_at: at, updated_at: at })
        .execute();
      const hide = await t().api('POST', `/api/v1/admin/moderation/works/${work.id}/hide`, { token: mod.token, json: { reason: 'Looks like spam' } });
      expect(hide.status).toBe(200);
      return { author, stranger, mod, reporter, work };
    }

    it('lets the author appeal once; others, and content that is not hidden, are refused', async () => {
      const { author, stranger, work } = await hiddenWork();
      const input = { target_type: 'work', target_id: work.id, message: 'It is my own story, not spam.' };
      expect((await t().api('POST', '/api/v1/appeals', { json: input })).status).toBe(401);
      expect((await t().api('POST', '/api/v1/appeals', { token: stranger.token, json: input })).status).toBe(403);
      expect((await t().api('POST', '/api/v1/appeals', { token: author.token, json: { ...input, message: '' } })).status).toBe(422);
      const first = await t().api('POST', '/api/v1/appeals', { token: author.token, json: input });
      expect(first.status).toBe(201);
      expect(await first.json()).toMatchObject({ status: 'open', target: { hidden: true, hidden_reason: 'Looks like spam' }, messages: [{ body: input.message }] });
      const second = await t().api('POST', '/api/v1/appeals', { token: author.token, json: input });
      expect(second.status).toBe(409);
      const visible = await postWork(t(), author.token);
      expect((await t().api('POST', '/api/v1/appeals', { token: author.token, json: { ...input, target_id: visible.id } })).status).toBe(409);
    });

    it('shows the thread to its author and the staff only, never the reporter, and takes messages while open', async () => {
      const { author, stranger, mod, reporter, work } = await hiddenWork();
      const appeal = (await (await t().api('POST', '/api/v1/appeals', { token: author.token, json: { target_type: 'work', target_id: work.id, message: 'Please look again.' } })).json()) as AppealJson;
      expect((await t().api('GET', `/api/v1/appeals/${appeal.id}`)).status).toBe(401);
      expect((await t().api('GET', `/api/v1/appeals/${appeal.id}`, { token: stranger.token })).status).toBe(403);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/messages`, { token: stranger.token, json: { message: 'hi' } })).status).toBe(403);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/messages`, { token: mod.token, json: { message: 'Which links are yours?' } })).status).toBe(201);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/messages`, { token: author.token, json: { message: 'None: they are citations.' } })).status).toBe(201);

      const seen = await t().api('GET', `/api/v1/appeals/${appeal.id}`, { token: author.token });
      const text = await seen.text();
      expect(text).not.toContain(reporter.user.username);
      expect(text).not.toContain('tattle@example.org');
      const json = JSON.parse(text) as AppealJson;
      expect(json.messages!.map((m) => [m.body, m.author.moderator])).toEqual([
        ['Please look again.', false],
        ['Which links are yours?', true],
        ['None: they are citations.', false],
      ]);
      // The author sees "a moderator", not who.
      expect(json.messages![1]!.author.username).toBeNull();

      const browser = t().browser();
      await browser.post('/login', { login: author.user.username, password: TEST_PASSWORD });
      const page = await browser.get(`/appeals/${appeal.id}`);
      expect(page.status).toBe(200);
      const html = pageText(await page.text());
      expect(html).toContain('Looks like spam');
      expect(html).toContain('Which links are yours?');
      expect(html).not.toContain(reporter.user.username);
      expect(html).not.toContain(mod.user.username);
    });

    it('restores the content when the appeal is granted, records and audits the outcome, and tells the author', async () => {
      const { author, mod, work } = await hiddenWork();
      const appeal = (await (await t().api('POST', '/api/v1/appeals', { token: author.token, json: { target_type: 'work', target_id: work.id, message: 'Please.' } })).json()) as AppealJson;
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/decide`, { token: author.token, json: { outcome: 'restored', outcome_text: 'x' } })).status).toBe(403);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/decide`, { token: mod.token, json: { outcome: 'maybe', outcome_text: 'x' } })).status).toBe(422);
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(404);

      const decided = await t().api('POST', `/api/v1/appeals/${appeal.id}/decide`, { token: mod.token, json: { outcome: 'restored', outcome_text: 'The links are citations.' } });
      expect(decided.status).toBe(200);
      expect(await decided.json()).toMatchObject({ status: 'restored', outcome: 'The links are citations.', target: { hidden: false } });
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(200);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/decide`, { token: mod.token, json: { outcome: 'upheld', outcome_text: 'x' } })).status).toBe(409);
      expect((await t().api('POST', `/api/v1/appeals/${appeal.id}/messages`, { token: author.token, json: { message: 'Thanks' } })).status).toBe(409);

      const audit = await t().db.selectFrom('audit_log').select(['action', 'target_type', 'reason']).where('actor_id', '=', mod.user.id).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['work.hide', 'work.restore', 'appeal.decide']);
      expect(audit[2]).toMatchObject({ target_type: 'appeal', reason: 'The links are citations.' });
      const inbox = (await (await t().api('GET', '/api/v1/notifications?kind=moderation', { token: author.token })).json()) as { items: { text: string }[] };
      expect(inbox.items.some((n) => n.text.includes('granted') && n.text.includes('The links are citations.'))).toBe(true);
    });

    it('keeps the content hidden when upheld, and lists appeals for the staff, open first', async () => {
      const { author, mod, work } = await hiddenWork();
      const browser = t().browser();
      await browser.post('/login', { login: author.user.username, password: TEST_PASSWORD });
      const form = await browser.get(`/appeals/new?target_type=work&target_id=${work.id}`);
      expect(form.status).toBe(200);
      expect(pageText(await form.text())).toContain('Looks like spam');
      const empty = await browser.post(`/appeals/new?target_type=work&target_id=${work.id}`, { target_type: 'work', target_id: String(work.id), message: '' });
      expect(empty.status).toBe(422);
      const sent = await browser.post(`/appeals/new?target_type=work&target_id=${work.id}`, { target_type: 'work', target_id: String(work.id), message: 'Mine, honestly.' });
      expect(sent.status).toBe(303);
      const appealPath = sent.headers.get('location')!;
      expect(appealPath).toMatch(/^\/appeals\/\d+$/);
      // Asking again leads to the same thread.
      const again = await browser.get(`/appeals/new?target_type=work&target_id=${work.id}`);
      expect(again.headers.get('location')).toBe(appealPath);
      expect((await browser.get('/admin/appeals')).status).toBe(403);

      const staff = t().browser();
      await staff.post('/login', { login: mod.user.username, password: TEST_PASSWORD });
      const list = await staff.get('/admin/appeals');
      expect(list.status).toBe(200);
      expect(await list.text()).toContain(`href="${appealPath}"`);
      const upheld = await staff.post(`${appealPath}/decide`, { outcome: 'upheld', outcome_text: 'The links are still ads.' });
      expect(upheld.status).toBe(303);
      expect((await t().app.request(`/works/${work.id}`)).status).toBe(404);
      const thread = pageText(await (await browser.get(appealPath)).text());
      expect(thread).toContain('The links are still ads.');
    });
  });
});
