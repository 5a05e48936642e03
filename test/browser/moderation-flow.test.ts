import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { unique } from '../helpers.js';
import { axeCheck, BROWSER_TEST_TIMEOUT, formatViolations, postWorkThroughForm, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 6's moderation loop in real Chromium: a guest reports a comment; a moderator hides it with a reason; the
// commenter sees why and appeals; the moderator restores it; the admin's audit log shows each step. axe-core finds
// no serious or critical violations on the moderation page and the appeal pages.

describe('moderation flow in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await harness?.close();
  });

  async function expectAccessible(page: Page, where: string) {
    const violations = await axeCheck(page);
    expect(violations, formatViolations(where, violations)).toEqual([]);
  }

  test(
    'report, hide, appeal, restore, audit',
    async () => {
      // The first account of a new archive is its administrator; a second is made a moderator.
      const admin = await harness.newPage();
      await signUpThroughForm(admin, unique('admin'));
      const moderator = await harness.newPage();
      const moderatorName = await signUpThroughForm(moderator, unique('mod'));
      await harness.db.updateTable('users').set({ is_moderator: 1 }).where('username', '=', moderatorName).execute();

      const author = await harness.newPage();
      await signUpThroughForm(author, unique('author'));
      const workId = await postWorkThroughForm(author, { title: unique('Harbour '), body: '<p>The tide came in twice that night.</p>' });

      const commenter = await harness.newPage();
      await signUpThroughForm(commenter, unique('commenter'));
      await commenter.goto(`/works/${workId}`);
      await commenter.getByLabel('Comment (required)', { exact: true }).fill('You are all fools, every one of you.');
      await Promise.all([commenter.waitForURL((url) => url.hash.startsWith('#comment-')), commenter.getByRole('button', { name: 'Post comment' }).click()]);
      const commentId = Number(new URL(commenter.url()).hash.replace('#comment-', ''));
      expect(commentId).toBeGreaterThan(0);

      // A guest reports the comment.
      const guest = await harness.newPage();
      await guest.goto(`/works/${workId}`);
      await Promise.all([guest.waitForURL('**/reports/new?*'), guest.locator(`#comment-${commentId}`).getByRole('link', { name: 'Report' }).click()]);
      await guest.getByLabel('What is the problem?').selectOption('harassment');
      await guest.getByLabel('Details').fill('Insults everyone in the thread.');
      await guest.getByLabel('Your email address').fill('guest-reporter@example.org');
      await guest.getByRole('button', { name: 'Send report' }).click();
      await guest.waitForLoadState();
      const report = await harness.db.selectFrom('reports').select(['id', 'status']).where('target_type', '=', 'comment').where('target_id', '=', commentId).executeTakeFirstOrThrow();
      expect(report.status).toBe('open');

      // The moderator hides it from the comment's own "Hide" link, with a reason (a first try without one is refused).
      await moderator.goto(`/works/${workId}`);
      await Promise.all([moderator.waitForURL(`**/admin/moderation/comments/${commentId}`), moderator.getByRole('link', { name: 'Hide this comment' }).click()]);
      await expectAccessible(moderator, 'moderation page');
      // Past the browser's own check of the required field, to see the server's answer beside it.
      await moderator.getByRole('button', { name: 'Hide from the public' }).evaluate((button) => {
        (button.closest('form') as HTMLFormElement).noValidate = true;
      });
      await moderator.getByRole('button', { name: 'Hide from the public' }).click();
      await moderator.locator('#error-reason_hide').waitFor();
      await moderator.getByLabel('Reason').first().fill('Insulting other readers.');
      await Promise.all([moderator.waitForURL(`**/admin/moderation/comments/${commentId}`), moderator.getByRole('button', { name: 'Hide from the public' }).click()]);
      expect(await moderator.locator('.flash').textContent()).toContain('hidden');
      expect((await harness.db.selectFrom('reports').select('status').where('id', '=', report.id).executeTakeFirstOrThrow()).status).toBe('resolved');

      // Others see a placeholder; the commenter sees why, and appeals.
      await guest.goto(`/works/${workId}`);
      expect(await guest.locator(`#comment-${commentId}`).textContent()).toContain('This comment has been hidden by a moderator.');
      expect(await guest.content()).not.toContain('fools');
      await commenter.goto(`/works/${workId}`);
      expect(await commenter.locator(`#comment-${commentId} .hidden-notice`).textContent()).toContain('Insulting other readers.');
      await Promise.all([commenter.waitForURL('**/appeals/new?*'), commenter.getByRole('link', { name: 'Appeal this decision' }).click()]);
      await expectAccessible(commenter, 'new appeal');
      await commenter.getByLabel('Your message to the moderators').fill('I was quoting the villain of the story, not the readers.');
      await Promise.all([commenter.waitForURL(/\/appeals\/\d+$/), commenter.getByRole('button', { name: 'Send appeal' }).click()]);
      const appealUrl = new URL(commenter.url()).pathname;
      await expectAccessible(commenter, 'appeal thread');

      // The moderator restores it from the appeals list.
      await moderator.goto('/admin/appeals');
      await expectAccessible(moderator, 'appeals list');
      await Promise.all([moderator.waitForURL(`**${appealUrl}`), moderator.locator(`a[href="${appealUrl}"]`).click()]);
      await moderator.getByLabel('Outcome').selectOption('restored');
      await moderator.getByLabel('Explanation for the author').fill('Fair: it reads as a quotation in context.');
      await Promise.all([moderator.waitForURL(`**${appealUrl}`), moderator.getByRole('button', { name: 'Record the decision' }).click()]);
      expect(await moderator.locator('.flash').textContent()).toContain('granted');
      await guest.goto(`/works/${workId}`);
      expect(await guest.locator(`#comment-${commentId}`).textContent()).toContain('You are all fools');
      await commenter.goto(appealUrl);
      expect(await commenter.locator('main').textContent()).toContain('Fair: it reads as a quotation in context.');

      // The administrator's audit log shows each step.
      await admin.goto('/admin/audit');
      const log = (await admin.locator('main').textContent()) ?? '';
      for (const action of ['comment.hide', 'comment.restore', 'appeal.decide']) expect(log).toContain(action);
      await harness.screenshot(commenter, 'moderation-appeal-thread');
    },
    BROWSER_TEST_TIMEOUT * 3,
  );
});
