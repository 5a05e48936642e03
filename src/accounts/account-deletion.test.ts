import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exportsDir } from '../exports/exports.js';
import { buildJobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/jobs.js';
import { fieldError, forEachDatabase, pageText, postWork, TEST_PASSWORD, type ApiErrorJson, type TestContext, type WorkJson } from '../../test/helpers.js';
import { USER_REFERENCES } from './account-deletion.js';
import { userForeignKeyColumns } from './account-deletion.queries.js';

// Leaving: personal data goes at once, works are deleted or orphaned as chosen, comments stay as "Deleted account",
// kudos stay counted, the audit log keeps only an id, and no table referencing users is left holding the id.

async function runJobs(t: TestContext): Promise<void> {
  await new JobRunner({ db: t.db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config: t.config, secret: t.services.secret }) }).runUntilIdle();
}

async function rowsReferencing(t: TestContext, userId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const column of await userForeignKeyColumns(t.db)) {
    const [table, name] = column.split('.') as [string, string];
    const row = await t.db
      .selectFrom(table as 'users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(name as 'id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) out[column] = Number(row.n);
  }
  return out;
}

/** An author with a work in a series, who commented, replied, left kudos, bookmarked, subscribed and exported. */
async function leavingAuthor(t: TestContext) {
  const author = await t.apiUser();
  const reader = await t.apiUser();
  const work = await postWork(t, author.token, { title: 'The Orchard at Night', series: { title: 'Orchard Years' } });
  const readerWork = await postWork(t, reader.token, { title: 'Letters from the Valley' });
  const comment = (await (await t.api('POST', `/api/v1/works/${readerWork.id}/chapters/1/comments`, { token: author.token, json: { body: 'The valley letters are lovely.' } })).json()) as { id: number };
  expect((await t.api('POST', `/api/v1/comments/${comment.id}/replies`, { token: reader.token, json: { body: 'Thank you kindly.' } })).status).toBe(201);
  expect((await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'Beautiful orchard.' } })).status).toBe(201);
  expect((await t.api('POST', `/api/v1/works/${readerWork.id}/kudos`, { token: author.token })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/bookmarks', { token: author.token, json: { work_id: readerWork.id, notes: 'Keep.' } })).status).toBe(201);
  expect((await t.api('POST', '/api/v1/subscriptions', { token: reader.token, json: { username: author.user.username } })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/subscriptions', { token: author.token, json: { work_id: readerWork.id } })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/mutes', { token: reader.token, json: { username: author.user.username } })).status).toBeLessThan(300);
  expect((await t.api('POST', '/api/v1/me/export', { token: author.token })).status).toBe(202);
  await runJobs(t);
  const exportFile = (await t.db.selectFrom('exports').select('file_name').where('user_id', '=', author.user.id).executeTakeFirstOrThrow()).file_name!;
  const seriesId = (work as unknown as { series: { id: number }[] }).series[0]!.id;
  return { author, reader, work, readerWork, comment, exportFile, seriesId };
}

forEachDatabase((t) => {
  describe('deleting an account', () => {
    it('handles every table that references users', async () => {
      // A new table with a user id must say what account deletion does to it (USER_REFERENCES in account-deletion.ts).
      expect(await userForeignKeyColumns(t().db)).toEqual(Object.keys(USER_REFERENCES).sort());
    });

    it('orphans the works: still readable, credited to orphan_account, editable by admins only; personal data gone', async () => {
      const { author, reader, work, readerWork, comment, exportFile, seriesId } = await leavingAuthor(t());
      const deleted = await t().api('DELETE', '/api/v1/me', { token: author.token, json: { password: TEST_PASSWORD, works: 'orphan' } });
      expect(deleted.status).toBe(200);
      expect(await deleted.json()).toEqual({ deleted: true, deleted_works: 0, orphaned_works: 1 });

      // The work stays, credited to the orphan account, in its series; search finds it under the new name.
      const shown = (await (await t().api('GET', `/api/v1/works/${work.id}`)).json()) as WorkJson;
      expect(shown.authors).toEqual(['orphan_account']);
      expect(shown.series).toEqual([expect.objectContaining({ id: seriesId, position: 1 })]);
      expect(pageText(await (await t().api('GET', `/works/${work.id}`)).text())).toContain('orphan_account');
      expect((await t().api('GET', `/series/${seriesId}`)).status).toBe(200);
      const found = (await (await t().api('GET', '/api/v1/search?q=author:orphan_account')).json()) as { items: { id: number }[] };
      expect(found.items.map((i) => i.id)).toContain(work.id);

      // Only admins may change it.
      expect((await t().api('PATCH', `/api/v1/works/${work.id}`, { token: reader.token, json: { title: 'Taken' } })).status).toBe(403);
      const admin = await t().apiUser({ admin: true });
      expect((await t().api('PATCH', `/api/v1/works/${work.id}`, { token: admin.token, json: { summary: 'Kept by the archive.' } })).status).toBe(200);

      // The orphan account can never sign in, and its name cannot be taken.
      expect((await t().api('POST', '/api/v1/tokens', { json: { login: 'orphan_account', password: '!', name: 'x' } })).status).toBe(422);
      const signup = await t().api('POST', '/api/v1/accounts', { json: { username: 'Orphan_Account', email: 'o@example.org', password: TEST_PASSWORD } });
      expect(((await signup.json()) as ApiErrorJson).error.fields).toEqual({ username: 'That username is taken.' });

      // Comments stay in their threads as "Deleted account", with no link; the reply to it stays too.
      const thread = await (await t().api('GET', `/comments/${comment.id}`)).text();
      expect(pageText(thread)).toContain('Deleted account');
      expect(pageText(thread)).toContain('The valley letters are lovely.');
      expect(pageText(thread)).toContain('Thank you kindly.');
      expect(thread).not.toContain(`/users/${author.user.username}`);
      const apiComment = (await (await t().api('GET', `/api/v1/comments/${comment.id}`)).json()) as { author: unknown };
      expect(apiComment.author).toBeNull();

      // Kudos stay counted; the public bookmark count goes down with the bookmark.
      const after = (await (await t().api('GET', `/api/v1/works/${readerWork.id}`)).json()) as WorkJson;
      expect(after.stats).toMatchObject({ kudos: 1, bookmarks: 0 });

      // Signed out everywhere, cannot sign in again, and the name is held.
      expect((await t().api('GET', '/api/v1/me', { token: author.token })).status).toBe(401);
      expect((await t().api('POST', '/api/v1/tokens', { json: { login: author.user.username, password: TEST_PASSWORD, name: 'x' } })).status).toBe(422);
      const again = await t().api('POST', '/api/v1/accounts', { json: { username: author.user.username, email: 'new@example.org', password: TEST_PASSWORD } });
      expect(((await again.json()) as ApiErrorJson).error.fields).toEqual({ username: 'That username is taken.' });

      // Nothing left that points at the account, the export file is gone, and the audit row holds only the id.
      expect(await rowsReferencing(t(), author.user.id)).toEqual({});
      expect(await t().db.selectFrom('users').select('id').where('id', '=', author.user.id).executeTakeFirst()).toBeUndefined();
      expect(await t().db.selectFrom('subscriptions').select('id').where('target_type', '=', 'user').where('target_id', '=', author.user.id).executeTakeFirst()).toBeUndefined();
      expect(fs.existsSync(path.join(exportsDir(t().config), exportFile))).toBe(false);
      const audit = await t().db.selectFrom('audit_log').selectAll().where('action', '=', 'account.delete').where('target_id', '=', author.user.id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: author.user.id, target_type: 'user' });
      expect(audit[0]!.details).not.toContain(author.user.email);
      expect(audit[0]!.details).not.toContain(author.user.username);
      expect(JSON.parse(audit[0]!.details)).toEqual({ works: 'orphan', deleted_works: 0, orphaned_works: 1, shared_works: 0 });
    });

    it('deletes the works when asked: 410, out of search, series gone', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { title: 'Quillwort Meadow', series: { title: 'Meadow Tales' } });
      const seriesId = (work as unknown as { series: { id: number }[] }).series[0]!.id;
      const draft = await postWork(t(), author.token, { title: 'Quillwort Draft', draft: true });
      const response = await t().api('DELETE', '/api/v1/me', { token: author.token, json: { password: TEST_PASSWORD, works: 'delete' } });
      expect(await response.json()).toEqual({ deleted: true, deleted_works: 2, orphaned_works: 0 });
      expect((await t().api('GET', `/api/v1/works/${work.id}`)).status).toBe(410);
      expect((await t().api('GET', `/api/v1/works/${draft.id}`)).status).toBe(410);
      expect((await t().api('GET', `/series/${seriesId}`)).status).toBe(410);
      const found = (await (await t().api('GET', '/api/v1/search?q=Quillwort')).json()) as { items: unknown[] };
      expect(found.items).toEqual([]);
      expect(await rowsReferencing(t(), author.user.id)).toEqual({});
      const workAudit = await t().db.selectFrom('audit_log').select('action').where('target_type', '=', 'work').where('target_id', '=', work.id).execute();
      expect(workAudit.map((a) => a.action)).toEqual(['work.delete']);
    });

    it('refuses a wrong password or a missing choice, deleting nothing', async () => {
      const author = await t().apiUser();
      const wrong = await t().api('DELETE', '/api/v1/me', { token: author.token, json: { password: 'not it', works: 'orphan' } });
      expect(wrong.status).toBe(422);
      expect(((await wrong.json()) as ApiErrorJson).error.fields).toEqual({ password: 'That is not your current password.' });
      const missing = await t().api('DELETE', '/api/v1/me', { token: author.token, json: { password: TEST_PASSWORD } });
      expect(missing.status).toBe(422);
      expect(((await missing.json()) as ApiErrorJson).error.fields).toHaveProperty('works');
      expect((await t().api('GET', '/api/v1/me', { token: author.token })).status).toBe(200);
      expect((await t().api('DELETE', '/api/v1/me', { json: { password: TEST_PASSWORD, works: 'orphan' } })).status).toBe(401);
    });

    it('has a settings page that offers the export first, asks for the password, and signs out', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const page = await (await browser.get('/settings/delete-account')).text();
      expect(page).toContain('href="/settings/export"');
      const wrong = await browser.post('/settings/delete-account', { password: 'nope', works: 'orphan' });
      expect(wrong.status).toBe(422);
      const html = await wrong.text();
      expect(fieldError(html, 'password')).toBe('That is not your current password.');
      expect(html).toMatch(/value="orphan" checked/);
      const done = await browser.post('/settings/delete-account', { password: TEST_PASSWORD, works: 'orphan' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/');
      expect(pageText(await (await browser.get('/')).text())).toContain('Your account has been deleted.');
      expect((await browser.get('/settings')).status).toBe(401);
      expect(await t().db.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst()).toBeUndefined();
    });
  });
});
