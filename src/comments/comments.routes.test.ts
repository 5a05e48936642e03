import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, postWorkForm, type TestContext } from '../../test/helpers.js';
import { countPublishedComments } from './comments.queries.js';

/** Comment ids in page order, from their anchors. */
function commentIds(html: string): number[] {
  return [...html.matchAll(/<article class="comment[^"]*" id="comment-(\d+)"/g)].map((m) => Number(m[1]));
}

async function apiComment(t: TestContext, workId: number, body: string, token: string, position = 1): Promise<number> {
  const response = await t.api('POST', `/api/v1/works/${workId}/chapters/${position}/comments`, { json: { body }, token });
  if (response.status !== 201) throw new Error(`commenting failed with ${response.status}`);
  return ((await response.json()) as { id: number }).id;
}

describe('comment pages', () => {
  forEachDatabase(
    (ctx) => {
      it('shows the first page of comments under the chapter, marks the author, and posts from the form', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const work = await postWork(t, author.token);
        await apiComment(t, work.id, 'A note from the *author*', author.token);
        const browser = t.browser();
        const reader = await t.signUp(browser);
        const page = await browser.get(`/works/${work.id}`);
        const html = await page.text();
        expect(html).toContain(`id="comments-`);
        expect(pageText(html)).toContain('Comments (1)');
        expect(html).toContain('comment-author-badge');
        expect(html).toMatch(/<label for="field-body">Comment/);
        const posted = await browser.post(`/works/${work.id}/chapters/1/comments`, { body: 'What a *lamp*!' });
        expect(posted.status).toBe(303);
        expect(posted.headers.get('location')).toMatch(new RegExp(`^/works/${work.id}/chapters/1#comment-\\d+$`));
        const after = await (await browser.get(`/works/${work.id}/chapters/1`)).text();
        expect(after).toContain('What a <em>lamp</em>!');
        expect(pageText(after)).toContain('Your comment was posted.');
        expect(pageText(after)).toContain(reader.username);
        expect((await countPublishedComments(t.db, work.id)).work).toBe(2);
      });

      it('keeps the text on a 422 for a guest without a name or email, and for a comment over the limit', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
        const guest = t.browser();
        const form = await (await guest.get(`/works/${work.id}`)).text();
        expect(form).toContain('name="guest_email"');
        const missing = await guest.post(`/works/${work.id}/chapters/1/comments`, { body: 'Kept words', guest_name: '', guest_email: '' });
        expect(missing.status).toBe(422);
        const html = await missing.text();
        expect(fieldError(html, 'guest_name')).toMatch(/name/);
        expect(fieldError(html, 'guest_email')).toMatch(/email/);
        expect(html).toContain('Kept words</textarea>');

        const signedIn = t.browser();
        await t.signUp(signedIn);
        const long = 'x'.repeat(10_001);
        const tooLong = await signedIn.post(`/works/${work.id}/chapters/1/comments`, { body: long });
        expect(tooLong.status).toBe(422);
        const longHtml = await tooLong.text();
        expect(fieldError(longHtml, 'body')).toMatch(/10,000/);
        expect(longHtml).toContain(`${long}</textarea>`);
      });

      it('answers 403 with a clear message where comments are off, and asks guests to log in where sign-in is needed', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const off = await postWork(t, author.token, { comment_permissions: 'none' });
        const browser = t.browser();
        await t.signUp(browser);
        expect(pageText(await (await browser.get(`/works/${off.id}`)).text())).toContain('Comments are turned off for this work.');
        const refused = await browser.post(`/works/${off.id}/chapters/1/comments`, { body: 'hello' });
        expect(refused.status).toBe(403);
        expect(pageText(await refused.text())).toContain('Comments are turned off for this work.');
        expect((await browser.post(`/works/${off.id}/chapters/7/comments`, { body: 'hello' })).status).toBe(404);

        const registered = await postWork(t, author.token);
        const guest = t.browser();
        const page = await (await guest.get(`/works/${registered.id}`)).text();
        expect(page).not.toContain('name="guest_name"');
        expect(pageText(page)).toContain('Log in to comment');
        const guestPost = await guest.post(`/works/${registered.id}/chapters/1/comments`, { body: 'hi', guest_name: 'G', guest_email: 'g@example.org' });
        expect(guestPost.status).toBe(401);
        expect(await guestPost.text()).toContain('/login?return_to=');
      });

      it('lets the commenter edit (marked edited) and delete; others get 403; the author deletes and freezes', async () => {
        const t = ctx();
        const author = t.browser();
        const authorUser = await t.signUp(author);
        const workId = await postWorkForm(author);
        const reader = t.browser();
        await t.signUp(reader);
        await reader.post(`/works/${workId}/chapters/1/comments`, { body: 'First draft of a thought' });
        const [id] = commentIds(await (await reader.get(`/works/${workId}`)).text());
        const editForm = await (await reader.get(`/comments/${id}/edit`)).text();
        expect(editForm).toContain('First draft of a thought</textarea>');
        expect((await reader.post(`/comments/${id}/edit`, { body: 'A better thought' })).status).toBe(303);
        const permalink = await (await reader.get(`/comments/${id}`)).text();
        expect(pageText(permalink)).toMatch(/A better thought.*|edited/);
        expect(pageText(permalink)).toContain('(edited');
        expect((await author.post(`/comments/${id}/edit`, { body: 'Not yours' })).status).toBe(403);
        const stranger = t.browser();
        await t.signUp(stranger);
        expect((await stranger.post(`/comments/${id}/delete`)).status).toBe(403);

        expect((await author.post(`/comments/${id}/freeze`)).status).toBe(303);
        const frozen = await reader.post(`/comments/${id}/replies`, { body: 'Let me in' });
        expect(frozen.status).toBe(403);
        expect(pageText(await (await reader.get(`/comments/${id}`)).text())).toContain('This thread is frozen');
        await author.post(`/comments/${id}/unfreeze`);
        const replied = await reader.post(`/comments/${id}/replies`, { body: 'Thawed reply' });
        expect(replied.status).toBe(303);
        expect(pageText(await (await author.get(`/comments/${id}`)).text())).toContain('Thawed reply');

        const deleted = await author.post(`/comments/${id}/delete`);
        expect(deleted.status).toBe(303);
        const chapter = await (await reader.get(`/works/${workId}`)).text();
        expect(pageText(chapter)).toContain('This comment was deleted.');
        expect(pageText(chapter)).not.toContain('A better thought');
        expect(pageText(chapter)).toContain('Thawed reply');
        expect(authorUser.id).toBeGreaterThan(0);
      });

      it('paginates top-level comments with ?comments_page and continues deep threads on the comment page', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const work = await postWork(t, author.token);
        const ids: number[] = [];
        for (let i = 0; i < 23; i++) ids.push(await apiComment(t, work.id, `comment ${i}`, author.token));
        const browser = t.browser();
        const first = await (await browser.get(`/works/${work.id}`)).text();
        expect(commentIds(first)).toEqual(ids.slice(0, 20));
        expect(first).toContain(`/works/${work.id}/chapters/1?comments_page=2#comments-`);
        const second = await (await browser.get(`/works/${work.id}/chapters/1?comments_page=2`)).text();
        expect(commentIds(second)).toEqual(ids.slice(20));

        let parent = ids[22]!;
        const chain = [parent];
        for (let depth = 1; depth <= 6; depth++) {
          const r = await t.api('POST', `/api/v1/comments/${parent}/replies`, { json: { body: `depth ${depth}` }, token: author.token });
          parent = ((await r.json()) as { id: number }).id;
          chain.push(parent);
        }
        const page = await (await browser.get(`/works/${work.id}/chapters/1?comments_page=2`)).text();
        expect(commentIds(page)).not.toContain(chain[6]);
        expect(page).toContain(`<a href="/comments/${chain[5]}">Continue this thread`);
        const continued = await (await browser.get(`/comments/${chain[5]}`)).text();
        expect(commentIds(continued)).toEqual([chain[5], chain[6]]);
        expect(continued).toContain(`/works/${work.id}/chapters/1?comments_page=2#comment-${chain[5]}`);
      });

      it('renders one page of a chapter with 2,000 comments, and each chapter’s comments in the full-work view', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const work = await postWork(t, author.token, { chapters: [{ body: 'One' }, { body: 'Two' }] });
        const chapter = await t.db.selectFrom('chapters').select('id').where('work_id', '=', work.id).orderBy('position').executeTakeFirstOrThrow();
        const at = new Date().toISOString();
        const rows = Array.from({ length: 2000 }, (_, i) => ({ work_id: work.id, chapter_id: chapter.id, depth: 0, user_id: author.user.id, body_source: `c${i}`, body_html: `<p>c${i}</p>`, created_at: at, updated_at: at }));
        for (let i = 0; i < rows.length; i += 250) await t.db.insertInto('comments').values(rows.slice(i, i + 250)).execute();
        await t.db.updateTable('comments').set((eb) => ({ thread_id: eb.ref('id') })).where('work_id', '=', work.id).execute();
        const browser = t.browser();
        const last = await browser.get(`/works/${work.id}/chapters/1?comments_page=100`);
        expect(last.status).toBe(200);
        const html = await last.text();
        expect(commentIds(html)).toHaveLength(20);
        expect(pageText(html)).toContain('Page 100 of 100');
        await apiComment(t, work.id, 'On the second chapter', author.token, 2);
        const full = await (await browser.get(`/works/${work.id}?view_full_work=true`)).text();
        expect(pageText(full)).toContain('Comments on chapter 1');
        expect(pageText(full)).toContain('Comments on chapter 2 (1)');
        expect(pageText(full)).toContain('On the second chapter');
        expect(commentIds(full)).toHaveLength(21);
      });

      it('renders script payloads in bodies and guest names inert', async () => {
        const t = ctx();
        const author = await t.apiUser();
        const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
        const guest = t.browser();
        await guest.get(`/works/${work.id}`);
        const response = await guest.post(`/works/${work.id}/chapters/1/comments`, {
          body: '<script>alert("body")</script><img src=x onerror="alert(1)"> <a href="javascript:alert(2)">link</a>',
          guest_name: '<script>alert("name")</script>',
          guest_email: 'evil@example.org',
        });
        expect(response.status).toBe(303);
        const html = await (await guest.get(`/works/${work.id}`)).text();
        expect(html).not.toContain('alert("body")');
        expect(html).not.toContain('<script>alert("name")');
        expect(html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
        expect(html).not.toMatch(/onerror|javascript:alert/);
        expect(html).not.toContain('evil@example.org');
      });

      it('holds comments on a moderated work for the author’s queue, set from the work form', async () => {
        const t = ctx();
        const author = t.browser();
        await t.signUp(author);
        const workId = await postWorkForm(author, { comment_permissions: 'everyone', moderate_comments: '1' });
        const form = await (await author.get(`/works/${workId}/edit`)).text();
        expect(form).toMatch(/<option value="everyone" selected/);
        expect(form).toMatch(/name="moderate_comments" value="1" checked/);
        const guest = t.browser();
        await guest.get(`/works/${workId}`);
        const sent = await guest.post(`/works/${workId}/chapters/1/comments`, { body: 'Held for review', guest_name: 'Quiet', guest_email: 'q@example.org' });
        expect(sent.status).toBe(303);
        expect(pageText(await (await t.browser().get(`/works/${workId}`)).text())).not.toContain('Held for review');
        const queue = await (await author.get(`/works/${workId}/comments/moderation`)).text();
        const [id] = commentIds(queue);
        expect(pageText(queue)).toContain('Held for review');
        expect((await guest.get(`/works/${workId}/comments/moderation`)).status).toBe(401);
        expect((await author.post(`/comments/${id}/approve`)).headers.get('location')).toBe(`/works/${workId}/comments/moderation`);
        expect(pageText(await (await t.browser().get(`/works/${workId}`)).text())).toContain('Held for review');
        expect((await countPublishedComments(t.db, workId)).work).toBe(1);
      });
    },
    { commentLimit: 1000 },
  );
});
