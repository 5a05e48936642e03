import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DIALECTS, unique } from '../helpers.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../smtp.js';
import { BROWSER_TEST_TIMEOUT, postWorkThroughForm, signUpThroughForm, startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 3's whole loop in real Chromium, with real email: the app runs its job runner and sends mail by SMTP to a
// server on loopback. An author posts part 1 of a series that takes guest comments; a guest comments; the author
// hears of it in the inbox and replies; a reader confirms their address from the first email, subscribes to the
// series; the author posts part 2; the reader's inbox shows it, and an email arrives whose links open the new part
// and unsubscribe. The steps share state and run in order, once per database (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set).

/** A header with its RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded, as a mail client shows it. */
function decodedHeader(mail: ReceivedMail, name: string): string {
  const value = mail.header(name) ?? '';
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
          bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(...Buffer.from(text[i] === '_' ? ' ' : text[i]!, 'utf8'));
      }
      return Buffer.from(bytes).toString('utf8');
    });
}

/** Waits (polling, as the job runner works in the background) for a message that `match` accepts. */
async function waitForMail(smtp: TestSmtp, match: (mail: ReceivedMail) => boolean, what: string, timeoutMs = 20_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = smtp.received.find(match);
    if (mail) return mail;
    if (Date.now() > deadline) {
      const seen = smtp.received.map((m) => `${m.to.join(',')}: ${decodedHeader(m, 'subject')}`).join('\n  ');
      throw new Error(`No email ${what} reached the SMTP server within ${timeoutMs} ms. Received:\n  ${seen || '(nothing)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first absolute link to this archive in `text` whose path starts with `pathPrefix`. */
function linkIn(text: string, baseUrl: string, pathPrefix: string): string {
  const escaped = (baseUrl + pathPrefix).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s<>"]*`).exec(text);
  if (!match) throw new Error(`No link to ${baseUrl}${pathPrefix}… in:\n${text}`);
  return match[0];
}

/** Reloads `path` until `ready` holds (notifications arrive through background jobs, not the request). */
async function reloadUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(path);
    if (await ready()) return;
    if (Date.now() > deadline) {
      const main = ((await page.locator('header').first().innerText().catch(() => '')) + '\n' + (await page.locator('main').innerText().catch(() => ''))).slice(0, 2000);
      throw new Error(`${what} did not appear on ${path} within ${timeoutMs} ms. The page (${page.url()}) reads:\n${main}`);
    }
    await page.waitForTimeout(200);
  }
}

for (const dialect of DIALECTS) {
  describe(`the community loop in Chromium, with email (${dialect})`, () => {
    let smtp: TestSmtp;
    let harness: BrowserHarness;
    let author: Page;
    let guest: Page;
    let reader: Page;
    let authorName = '';
    let readerName = '';
    let readerEmail = '';
    const seriesTitle = unique('The Tidewater Books ');
    const firstTitle = unique('Low Water ');
    const secondTitle = unique('High Water ');
    const guestName = unique('Wandering Gull ');
    const guestEmail = `${unique('gull')}@example.net`;
    const guestComment = unique('The storm scene made me hold my breath ');
    const authorReply = unique('Thank you, the storm was the hardest part to write ');
    let firstId = 0;
    let secondId = 0;
    let seriesId = 0;
    let guestCommentId = 0;

    beforeAll(async () => {
      smtp = await startTestSmtp();
      harness = await startBrowserHarness({ dialect, config: { smtpUrl: smtp.url }, runJobs: true });
      author = await harness.newPage();
      guest = await harness.newPage();
      reader = await harness.newPage();
    }, BROWSER_TEST_TIMEOUT);

    afterAll(async () => {
      await harness?.close();
      await smtp?.close();
    });

    test('an author signs up and posts part 1 of a new series, open to guest comments', async () => {
      authorName = await signUpThroughForm(author, unique('author'));
      firstId = await postWorkThroughForm(author, {
        title: firstTitle,
        summary: 'The estuary at its lowest, and what the mud gives back.',
        chapterTitle: 'Ebb',
        newSeriesTitle: seriesTitle,
        commentPermissions: 'Everyone, including guests',
        body: '<p>At low water the wreck showed its ribs, and the storm came in behind it.</p>',
      });
      expect(await author.locator('h1.work-title').textContent()).toBe(firstTitle);
      const seriesLink = author.locator('.series-nav').getByRole('link', { name: seriesTitle });
      seriesId = Number((await seriesLink.getAttribute('href'))!.split('/').pop());
      expect(seriesId).toBeGreaterThan(0);
      const stored = await harness.db.selectFrom('works').select('comment_permissions').where('id', '=', firstId).executeTakeFirstOrThrow();
      expect(stored.comment_permissions).toBe('everyone');
    }, BROWSER_TEST_TIMEOUT);

    test('a guest comments on chapter 1 with a name and an email, and the email is never shown', async () => {
      await guest.goto(`/works/${firstId}/chapters/1`);
      expect(await guest.getByRole('button', { name: 'Log out' }).count()).toBe(0);
      await guest.getByLabel('Your name').fill(guestName);
      await guest.getByLabel('Your email').fill(guestEmail);
      await guest.getByLabel('Comment (required)', { exact: true }).fill(guestComment);
      await Promise.all([guest.waitForURL((url) => url.pathname === `/works/${firstId}/chapters/1` && url.hash.startsWith('#comment-')), guest.getByRole('button', { name: 'Post comment' }).click()]);
      expect(await guest.locator('.flash').textContent()).toContain('Your comment was posted.');
      guestCommentId = Number(new URL(guest.url()).hash.replace('#comment-', ''));
      const comment = guest.locator(`#comment-${guestCommentId}`);
      expect(await comment.locator('.comment-body').textContent()).toContain(guestComment);
      expect(await comment.locator('.comment-name').textContent()).toBe(guestName);
      expect(await guest.content()).not.toContain(guestEmail);
      await harness.screenshot(guest, `loop-${dialect}-01-guest-comment`);
    }, BROWSER_TEST_TIMEOUT);

    test('the author sees the comment in the inbox, with the unread count in the header, and replies', async () => {
      const unread = author.getByRole('navigation', { name: 'Site' }).locator('a[href="/inbox"] .unread-count');
      await reloadUntil(author, '/inbox', async () => (await unread.count()) === 1, 'The unread count in the header');
      expect((await unread.textContent())?.replace(/\D+/g, '')).toBe('1');
      const item = author.locator('.inbox-list li.inbox-unread').filter({ hasText: `${guestName} commented on “${firstTitle}”` });
      expect(await item.count()).toBe(1);
      await harness.screenshot(author, `loop-${dialect}-02-author-inbox`);

      await Promise.all([author.waitForURL(`**/comments/${guestCommentId}`), item.getByRole('link').click()]);
      expect(await author.locator(`#comment-${guestCommentId} .comment-body`).textContent()).toContain(guestComment);
      await author.locator('#reply').getByLabel('Comment (required)', { exact: true }).fill(authorReply);
      await Promise.all([author.waitForURL((url) => url.pathname === `/comments/${guestCommentId}` && url.hash.startsWith('#comment-')), author.getByRole('button', { name: 'Post reply' }).click()]);
      expect(await author.locator('.flash').textContent()).toContain('Your reply was posted.');
      const replyId = Number(new URL(author.url()).hash.replace('#comment-', ''));
      const reply = author.locator(`#comment-${guestCommentId} .comment-replies #comment-${replyId}`);
      expect(await reply.locator('.comment-body').textContent()).toContain(authorReply);
      expect(await reply.locator('.comment-author-badge').textContent()).toBe('Author');

      // The guest, reading the chapter again, sees the author's answer under their comment.
      await guest.goto(`/works/${firstId}/chapters/1`);
      expect(await guest.locator(`#comment-${guestCommentId} #comment-${replyId} .comment-body`).textContent()).toContain(authorReply);
    }, BROWSER_TEST_TIMEOUT);

    test('a reader signs up, confirms the address from the first email, and subscribes to the series', async () => {
      readerName = await signUpThroughForm(reader);
      readerEmail = `${readerName}@example.org`.toLowerCase();
      const confirmation = await waitForMail(smtp, (m) => m.to.includes(readerEmail), `to ${readerEmail}`);
      expect(decodedHeader(confirmation, 'subject')).toMatch(/confirm/i);
      await reader.goto(linkIn(confirmation.text, harness.baseUrl, '/confirm-email?token='));
      expect(await reader.locator('main').textContent()).toContain('your email address is confirmed');
      const user = await harness.db.selectFrom('users').select('email_confirmed_at').where('username', '=', readerName).executeTakeFirstOrThrow();
      expect(user.email_confirmed_at).not.toBeNull();

      await reader.goto(`/series/${seriesId}`);
      await Promise.all([reader.waitForURL(`**/series/${seriesId}`), reader.getByRole('button', { name: 'Subscribe to this series' }).click()]);
      expect(await reader.locator('.flash').textContent()).toContain('Subscribed.');
      expect(await reader.getByRole('button', { name: 'Unsubscribe from this series' }).count()).toBe(1);
      await reader.goto('/subscriptions');
      expect(await reader.locator('.subscription-list').getByRole('link', { name: seriesTitle }).count()).toBe(1);
    }, BROWSER_TEST_TIMEOUT);

    test('the author posts the next part of the series', async () => {
      secondId = await postWorkThroughForm(author, {
        title: secondTitle,
        continuesSeries: seriesTitle,
        body: '<p>The spring tide came over the wall at midnight.</p>',
      });
      expect(await author.locator('.flash').textContent()).toContain('Your work was posted.');
      expect(await author.locator('.series-nav').textContent()).toContain(seriesTitle);
    }, BROWSER_TEST_TIMEOUT);

    test("the reader's inbox shows the new part, and its link opens it", async () => {
      const unread = reader.getByRole('navigation', { name: 'Site' }).locator('a[href="/inbox"] .unread-count');
      const item = reader.locator('.inbox-list li.inbox-unread').filter({ hasText: `posted “${secondTitle}”, a new part of the series “${seriesTitle}”` });
      await reloadUntil(reader, '/inbox', async () => (await item.count()) === 1, 'The new-part notification');
      expect((await unread.textContent())?.replace(/\D+/g, '')).toBe('1');
      await harness.screenshot(reader, `loop-${dialect}-03-reader-inbox`);
      await Promise.all([reader.waitForURL(`**/works/${secondId}`), item.getByRole('link').click()]);
      expect(await reader.locator('h1.work-title').textContent()).toBe(secondTitle);
    }, BROWSER_TEST_TIMEOUT);

    test('an email reaches the SMTP server with a working link to the new part and a working unsubscribe link', async () => {
      const mail = await waitForMail(smtp, (m) => m.to.includes(readerEmail) && decodedHeader(m, 'subject') === `${authorName} posted “${secondTitle}”, a new part of the series “${seriesTitle}”`, `about the new part to ${readerEmail}`);
      expect(mail.header('from')).toBe(harness.config.mailFrom);
      expect(mail.header('message-id')).toMatch(/^<[^@>]+@127\.0\.0\.1>$/);
      expect(Number.isNaN(Date.parse(mail.header('date') ?? ''))).toBe(false);
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const workLink = linkIn(mail.text, harness.baseUrl, `/works/${secondId}`);
      const unsubscribeLink = linkIn(mail.text, harness.baseUrl, '/unsubscribe/');
      expect(mail.header('list-unsubscribe')).toBe(`<${unsubscribeLink}>`);
      // The HTML part carries the same two links.
      expect(mail.html).toContain(`href="${workLink}"`);
      expect(mail.html).toContain(`href="${unsubscribeLink}"`);
      // Exactly one such email: the fan-out sent nothing twice.
      expect(smtp.received.filter((m) => m.to.includes(readerEmail) && decodedHeader(m, 'subject').includes(secondTitle))).toHaveLength(1);

      // The link opens the new part, in a browser that is not signed in.
      const mailReader = await harness.newPage();
      await mailReader.goto(workLink);
      expect(await mailReader.locator('h1.work-title').textContent()).toBe(secondTitle);
      expect(await mailReader.locator('.userstuff').textContent()).toContain('The spring tide came over the wall');

      // The unsubscribe link needs no login: it asks, the reader confirms, and the subscription is gone.
      await mailReader.goto(unsubscribeLink);
      expect(await mailReader.locator('main').textContent()).toContain(seriesTitle);
      await mailReader.getByRole('button', { name: 'Unsubscribe' }).click();
      await expect.poll(() => mailReader.locator('main').textContent()).toContain('You are unsubscribed.');
      await harness.screenshot(mailReader, `loop-${dialect}-04-unsubscribed`);

      await reader.goto('/subscriptions');
      expect(await reader.locator('.subscription-list li').count()).toBe(0);
      expect(await reader.locator('main').textContent()).toContain('You follow nothing yet.');
      await reader.goto(`/series/${seriesId}`);
      expect(await reader.getByRole('button', { name: 'Subscribe to this series' }).count()).toBe(1);

      // Used again, the link changes nothing and says so.
      await mailReader.goto(unsubscribeLink);
      expect(await mailReader.locator('main').textContent()).toContain('already unsubscribed');
      expect(await mailReader.getByRole('button', { name: 'Unsubscribe' }).count()).toBe(0);
    }, BROWSER_TEST_TIMEOUT);
  });
}
