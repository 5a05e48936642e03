import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, fieldError, forEachDatabase, pageText, postWorkForm, unique, workFormFields, workInput, type TestBrowser, type TestContext } from '../../test/helpers.js';
import { formatDate } from '../ui/format.js';
import { findWork } from './works.queries.js';

/** Escapes text the way hono/jsx writes it into a page. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** How many work cards a listing page shows. */
function cardCount(html: string): number {
  return html.split('<article class="blurb"').length - 1;
}

/** The chapter ids of a work in their current order, read from its manage-chapters page. */
async function chapterIds(browser: TestBrowser, workId: number): Promise<number[]> {
  const html = await (await browser.get(`/works/${workId}/chapters/manage`)).text();
  return [...html.matchAll(/name="order_(\d+)"/g)].map((m) => Number(m[1]));
}

describe('posting, reading and editing works through the pages', () => {
  forEachDatabase((t: () => TestContext) => {
    // An administrator exists first, so the accounts these tests sign up are ordinary authors and readers.
    beforeAll(async () => { await t().apiUser({ admin: true }); });

    it('posts a work through the form and shows its metadata block, summary, notes and first chapter', async () => {
      const author = t().browser();
      const user = await t().signUp(author);
      const title = unique('Lamplight ');
      const response = await author.post('/works', workFormFields({
        title, summary: 'A keeper and a storm.', notes: 'Written for the winter exchange.', end_notes: 'Thank you for reading.',
        rating: 'Teen And Up Audiences', warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
        fandoms: 'Original Work, Lighthouse Tales', relationships: 'Keeper/Sea', characters: 'The Keeper, The Gull', freeforms: 'Slow burn, Weather',
        language: 'fr', expected_chapters: '1', chapter_title: 'Dusk', body: '<p>The lamp was lit at dusk, as it had been for a hundred years.</p>',
      }));
      expect(response.status).toBe(303);
      const id = Number(/^\/works\/(\d+)$/.exec(response.headers.get('location')!)![1]);
      const html = await (await author.get(`/works/${id}`)).text();
      const text = pageText(html);
      expect(text).toContain('Your work was posted.');
      expect(text).toContain('Rating Teen And Up Audiences');
      expect(text).toContain('Archive warnings Graphic Depictions Of Violence Major Character Death');
      expect(text).toContain('Fandoms Original Work Lighthouse Tales');
      expect(text).toContain('Relationships Keeper/Sea');
      expect(text).toContain('Characters The Keeper The Gull');
      expect(text).toContain('Additional tags Slow burn Weather');
      for (const tag of ['Original%20Work', 'Keeper%2FSea', 'The%20Gull', 'Weather']) expect(html).toContain(`href="/tags/${tag}/works"`);
      expect(text).toContain('Language French');
      const work = (await findWork(t().db, id))!;
      expect(work.published_at).toBeTruthy();
      expect(text).toContain(`Published ${formatDate(work.published_at)}`);
      expect(text).toContain('Words 14');
      expect(text).toContain('Chapters 1/1');
      expect(text).toContain(`${title} by ${user.username}`);
      expect(text).toContain('Summary A keeper and a storm.');
      expect(text).toContain('Notes Written for the winter exchange.');
      expect(text).toContain('The lamp was lit at dusk, as it had been for a hundred years.');
      expect(text).toContain('End notes Thank you for reading.');
      expect(text.indexOf('Written for the winter exchange.')).toBeLessThan(text.indexOf('The lamp was lit'));
    });

    it('shows an unknown expected chapter count as ?', async () => {
      const author = t().browser();
      await t().signUp(author);
      const id = await postWorkForm(author, { expected_chapters: '' });
      expect(pageText(await (await t().browser().get(`/works/${id}`)).text())).toContain('Chapters 1/?');
    });

    const invalid: [string, Record<string, string | string[] | null>, string, string][] = [
      ['a missing fandom', { fandoms: '' }, 'fandoms', 'Add at least one fandom.'],
      ['a 256-character title', { title: 'T'.repeat(256) }, 'title', 'Titles are at most 255 characters.'],
      ['a 1,251-character summary', { summary: 's'.repeat(1251) }, 'summary', 'Summaries are at most 1,250 characters.'],
      ['a missing rating', { rating: '' }, 'rating', 'Choose a rating: General Audiences, Teen And Up Audiences, Mature, Explicit, Not Rated.'],
      ['an unknown rating', { rating: 'Adults Only' }, 'rating', 'Choose a rating: General Audiences, Teen And Up Audiences, Mature, Explicit, Not Rated.'],
      ['no warnings', { warnings: null }, 'warnings', 'Choose at least one archive warning.'],
      ['an unknown warning', { warnings: ['Spiders'] }, 'warnings', 'Choose archive warnings from the list.'],
      ['an empty body', { body: '   ' }, 'body', 'Write the chapter text.'],
    ];
    it.each(invalid)('re-renders the form with 422 and the text kept for %s', async (_, override, field, message) => {
      const author = t().browser();
      await t().signUp(author);
      const fields = workFormFields({ relationships: 'Keeper/Sea', body: '<p>Kept <em>text</em> & more</p>', ...override });
      const response = await author.post('/works', fields);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(fieldError(html, field)).toBe(message);
      expect(html).toContain(`value="${escapeHtml(fields.title as string)}"`);
      expect(html).toContain(`value="${escapeHtml(fields.relationships as string)}"`);
      expect(html).toContain(`value="${escapeHtml(fields.characters as string)}"`);
      if (field !== 'body') expect(html).toContain(`>${escapeHtml(fields.body as string)}</textarea>`);
      if (field !== 'summary') expect(html).toContain(`>${escapeHtml(fields.summary as string)}</textarea>`);
      else expect(html).toContain(`>${'s'.repeat(1251)}</textarea>`);
      if (field !== 'warnings') expect(html).toMatch(/value="No Archive Warnings Apply" checked=""/);
      const stored = await t().db.selectFrom('works').select('id').where('title', '=', fields.title as string).execute();
      expect(stored).toHaveLength(0);
    });

    it('keeps a draft visible to its author only, until it is posted', async () => {
      const author = t().browser();
      const user = await t().signUp(author);
      const reader = t().browser();
      await t().signUp(reader);
      const title = unique('Draft ');
      const id = await postWorkForm(author, { title, action: 'draft' });
      const own = pageText(await (await author.get(`/works/${id}`)).text());
      expect(own).toContain('Your draft was saved. Only you can see it until you post it.');
      expect(own).toContain('This work is a draft: only you can see it.');
      for (const browser of [reader, t().browser()]) {
        expect((await browser.get(`/works/${id}`)).status).toBe(404);
        expect((await browser.get(`/works/${id}/chapters/1`)).status).toBe(404);
        expect((await browser.get(`/works/${id}?view_full_work=true`)).status).toBe(404);
      }
      expect(await (await reader.get('/works')).text()).not.toContain(title);
      expect(await (await reader.get(`/users/${user.username}`)).text()).not.toContain(title);
      expect((await reader.post(`/works/${id}/post`)).status).toBe(403);
      expect((await author.post(`/works/${id}/chapters/1/delete`)).status).toBe(422); // its only chapter

      const posted = await author.post(`/works/${id}/post`);
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe(`/works/${id}`);
      const page = await reader.get(`/works/${id}`);
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).not.toContain('This work is a draft');
      expect(text).toContain('Published');
      expect(await (await reader.get('/works')).text()).toContain(title);
    });

    it('adds, reads, edits, reorders and deletes chapters', async () => {
      const author = t().browser();
      await t().signUp(author);
      const reader = t().browser();
      const id = await postWorkForm(author, { chapter_title: 'Dusk', body: '<p>First chapter text.</p>' });

      const added = await author.post(`/works/${id}/chapters`, { title: 'Storm', summary: 'Wind rises.', notes: '', end_notes: '', body: 'The **wind** rose at night.', body_format: 'markdown', action: 'post' });
      expect(added.status).toBe(303);
      expect(added.headers.get('location')).toBe(`/works/${id}/chapters/2`);

      const second = await reader.get(`/works/${id}/chapters/2`);
      expect(second.status).toBe(200);
      const html2 = await second.text();
      expect(html2).toContain('The <strong>wind</strong> rose at night.');
      expect(html2).not.toContain('First chapter text.');
      expect(html2).toMatch(new RegExp(`href="/works/${id}/chapters/1" rel="prev"`));
      expect(html2).not.toMatch(/rel="next"/);
      const menu = /<details class="chapter-menu">([\s\S]*?)<\/details>/.exec(html2)?.[1] ?? '';
      expect(menu).toContain(`href="/works/${id}/chapters/1"`);
      expect(menu).toMatch(new RegExp(`href="/works/${id}/chapters/2" aria-current="page"`));
      expect(pageText(menu)).toContain('1. Dusk');
      expect(pageText(menu)).toContain('2. Storm');

      const first = await (await reader.get(`/works/${id}`)).text();
      expect(first).toContain('First chapter text.');
      expect(first).toMatch(new RegExp(`href="/works/${id}/chapters/2" rel="next"`));
      expect(pageText(first)).toContain('Chapters 2/?');
      expect((await reader.get(`/works/${id}/chapters/3`)).status).toBe(404);

      const full = pageText(await (await reader.get(`/works/${id}?view_full_work=true`)).text());
      expect(full).toContain('Chapter 1: Dusk');
      expect(full).toContain('Chapter 2: Storm');
      expect(full.indexOf('First chapter text.')).toBeLessThan(full.indexOf('The wind rose at night.'));

      const editPage = await author.get(`/works/${id}/chapters/1/edit`);
      expect(await editPage.text()).toContain('&lt;p&gt;First chapter text.&lt;/p&gt;</textarea>');
      const edited = await author.post(`/works/${id}/chapters/1/edit`, { title: 'Nightfall', body: '<p>Rewritten opening.</p>', body_format: 'html', action: 'post' });
      expect(edited.status).toBe(303);
      expect(edited.headers.get('location')).toBe(`/works/${id}/chapters/1`);
      const rewritten = pageText(await (await reader.get(`/works/${id}/chapters/1`)).text());
      expect(rewritten).toContain('Rewritten opening.');
      expect(rewritten).toContain('Chapter 1: Nightfall');
      expect(rewritten).not.toContain('First chapter text.');

      const [dusk, storm] = await chapterIds(author, id);
      const reordered = await author.post(`/works/${id}/chapters/order`, { [`order_${dusk}`]: '2', [`order_${storm}`]: '1' });
      expect(reordered.status).toBe(303);
      expect(await chapterIds(author, id)).toEqual([storm, dusk]);
      expect(pageText(await (await reader.get(`/works/${id}/chapters/1`)).text())).toContain('The wind rose at night.');
      expect(pageText(await (await reader.get(`/works/${id}/chapters/2`)).text())).toContain('Rewritten opening.');

      const deleted = await author.post(`/works/${id}/chapters/2/delete`);
      expect(deleted.status).toBe(303);
      expect((await reader.get(`/works/${id}/chapters/2`)).status).toBe(404);
      const after = pageText(await (await reader.get(`/works/${id}`)).text());
      expect(after).toContain('Chapters 1/?');
      expect(after).toContain('The wind rose at night.');
      const last = await author.post(`/works/${id}/chapters/1/delete`);
      expect(last.status).toBe(422);
      expect((await reader.get(`/works/${id}/chapters/1`)).status).toBe(200);
    });

    it('keeps a draft chapter from readers until it is posted', async () => {
      const author = t().browser();
      await t().signUp(author);
      const id = await postWorkForm(author);
      const saved = await author.post(`/works/${id}/chapters`, { title: 'Unfinished', body: '<p>Work in progress.</p>', body_format: 'html', action: 'draft' });
      expect(saved.headers.get('location')).toBe(`/works/${id}/chapters/2`);
      const own = pageText(await (await author.get(`/works/${id}/chapters/2`)).text());
      expect(own).toContain('Chapter 2: Unfinished Draft');
      expect(own).toContain('Work in progress.');
      const reader = t().browser();
      expect((await reader.get(`/works/${id}/chapters/2`)).status).toBe(404);
      const full = pageText(await (await reader.get(`/works/${id}?view_full_work=true`)).text());
      expect(full).not.toContain('Work in progress.');
      expect(full).toContain('Chapters 1/?');
      expect((await author.post(`/works/${id}/chapters/2/edit`, { title: 'Unfinished', body: '<p>Work in progress.</p>', body_format: 'html', action: 'post' })).status).toBe(303);
      expect(pageText(await (await reader.get(`/works/${id}/chapters/2`)).text())).toContain('Work in progress.');
      expect(pageText(await (await reader.get(`/works/${id}`)).text())).toContain('Chapters 2/?');
    });

    it('stores script payloads in every text field clean and renders them inert', async () => {
      const author = t().browser();
      await t().signUp(author);
      const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const fields = { title: `Title ${evil}`, summary: evil, notes: evil, end_notes: evil, fandoms: `Fandom ${evil}`, characters: evil, chapter_title: evil, chapter_notes: evil };
      const body = `<p>Body text</p>${evil}<a href="javascript:alert(3)">link</a><p onclick="alert(4)">para</p>`;
      const id = await postWorkForm(author, { ...fields, body });
      for (const path of [`/works/${id}`, `/works/${id}?view_full_work=true`, '/works', '/']) {
        const html = await (await t().browser().get(path)).text();
        expect(html, path).not.toMatch(/<script>alert|<img[^>]*onerror|javascript:|onclick=/i);
      }
      const html = await (await t().browser().get(`/works/${id}`)).text();
      expect(html).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(pageText(html)).toContain('Body text');
      expect(pageText(html)).toContain('para');
      const work = await t().db.selectFrom('works').select(['title', 'summary']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(work).toEqual({ title: fields.title, summary: evil });
    });

    it('edits a work’s metadata and keeps its chapters', async () => {
      const author = t().browser();
      await t().signUp(author);
      const id = await postWorkForm(author, { fandoms: 'Old Fandom', body: '<p>Chapter one stays.</p>' });
      await author.post(`/works/${id}/chapters`, { title: '', body: '<p>Chapter two stays.</p>', body_format: 'html', action: 'post' });
      const form = await (await author.get(`/works/${id}/edit`)).text();
      expect(form).toContain('value="Old Fandom"');

      const title = unique('Renamed ');
      const fields = workFormFields({ title, fandoms: 'New Fandom', rating: 'Teen And Up Audiences', action: 'save', body: null, body_format: null, chapter_title: null });
      const bad = await author.post(`/works/${id}/edit`, { ...fields, fandoms: '' });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(fieldError(badHtml, 'fandoms')).toBe('Add at least one fandom.');
      expect(badHtml).toContain(`value="${title}"`);

      const saved = await author.post(`/works/${id}/edit`, fields);
      expect(saved.status).toBe(303);
      const text = pageText(await (await t().browser().get(`/works/${id}`)).text());
      expect(text).toContain(title);
      expect(text).toContain('Rating Teen And Up Audiences');
      expect(text).toContain('Fandom New Fandom');
      expect(text).not.toContain('Old Fandom');
      expect(text).toContain('Chapters 2/?');
      expect(text).toContain('Chapter one stays.');
      expect(pageText(await (await t().browser().get(`/works/${id}/chapters/2`)).text())).toContain('Chapter two stays.');
    });

    it('deletes a work: its pages answer 410 and listings drop it', async () => {
      const author = t().browser();
      const user = await t().signUp(author);
      const title = unique('Doomed ');
      const id = await postWorkForm(author, { title });
      const confirm = await author.get(`/works/${id}/delete`);
      expect(confirm.status).toBe(200);
      expect(await confirm.text()).toContain(`action="/works/${id}/delete"`);
      const response = await author.post(`/works/${id}/delete`);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/users/${user.username}`);
      for (const path of [`/works/${id}`, `/works/${id}/chapters/1`, `/works/${id}?view_full_work=true`]) expect((await t().browser().get(path)).status).toBe(410);
      expect((await author.get(`/works/${id}/edit`)).status).toBe(410);
      expect(await (await t().browser().get('/works')).text()).not.toContain(title);
      expect(await (await author.get(`/users/${user.username}`)).text()).not.toContain(title);
    });

    it('refuses someone else’s edit and delete pages and posts with 403, and lets an admin in', async () => {
      const author = t().browser();
      await t().signUp(author);
      const title = unique('Mine ');
      const id = await postWorkForm(author, { title, body: '<p>Untouched.</p>' });
      await author.post(`/works/${id}/chapters`, { body: '<p>Also untouched.</p>', action: 'post' });
      const other = t().browser();
      await t().signUp(other);
      for (const path of [`/works/${id}/edit`, `/works/${id}/delete`, `/works/${id}/chapters/new`, `/works/${id}/chapters/manage`, `/works/${id}/chapters/1/edit`, `/works/${id}/chapters/1/delete`]) {
        expect((await other.get(path)).status, path).toBe(403);
      }
      const intruder = { body: 'Intruder', action: 'post' };
      const posts: [string, Record<string, string | string[] | null>][] = [[`/works/${id}/edit`, workFormFields({ title: 'Hijacked' })], [`/works/${id}/delete`, {}], [`/works/${id}/chapters`, intruder],
        [`/works/${id}/chapters/1/edit`, intruder], [`/works/${id}/chapters/order`, {}], [`/works/${id}/chapters/2/delete`, {}], [`/works/${id}/post`, {}]];
      for (const [path, fields] of posts) expect((await other.post(path, fields)).status, path).toBe(403);
      const text = pageText(await (await t().browser().get(`/works/${id}?view_full_work=true`)).text());
      expect(text).toContain(title);
      expect(text).toContain('Untouched.');
      expect(text).toContain('Also untouched.');
      expect(text).not.toContain('Intruder');

      const { user: admin } = await t().apiUser({ admin: true });
      const adminBrowser = t().browser();
      await adminBrowser.get('/login');
      expect((await adminBrowser.post('/login', { login: admin.username, password: TEST_PASSWORD })).status).toBe(303);
      expect((await adminBrowser.get(`/works/${id}/edit`)).status).toBe(200);
      expect((await other.get('/works/99999999/edit')).status).toBe(404);
    });

    it('asks a visitor to log in before posting, and refuses a post without a CSRF token', async () => {
      const visitor = t().browser();
      const page = await visitor.get('/works/new');
      expect(page.status).toBe(401);
      expect(await page.text()).toContain('href="/login?return_to=%2Fworks%2Fnew"');
      expect((await visitor.post('/works', workFormFields())).status).toBe(401);
      const author = t().browser();
      await t().signUp(author);
      expect((await author.get('/works/new')).status).toBe(200);
      const title = unique('Forged ');
      expect((await author.post('/works', workFormFields({ title, _csrf: null }))).status).toBe(403);
      expect((await author.post('/works', workFormFields({ title, _csrf: 'wrong' }))).status).toBe(403);
      expect(await t().db.selectFrom('works').select('id').where('title', '=', title).execute()).toHaveLength(0);
    });

    it('lists an author’s works and series on their page, drafts only for the author', async () => {
      const author = t().browser();
      const user = await t().signUp(author);
      const posted = unique('Shown ');
      const draft = unique('Hidden ');
      const series = unique('Saga ');
      await postWorkForm(author, { title: posted, new_series_title: series });
      await postWorkForm(author, { title: draft, action: 'draft' });

      const own = await (await author.get(`/users/${user.username}`)).text();
      expect(own).toContain(posted);
      expect(own).toContain(draft);
      expect(own).toMatch(/draft-badge/);
      expect(pageText(own)).toContain('Recent works (2)');
      expect(pageText(own)).toContain(`Series (1) ${series}`);

      for (const viewer of [t().browser(), author]) {
        const path = viewer === author ? `/users/${user.username}/works` : `/users/${user.username}`;
        const html = await (await viewer.get(path)).text();
        expect(html).toContain(posted);
        if (viewer === author) expect(html).toContain(draft);
        else {
          expect(html).not.toContain(draft);
          expect(pageText(html)).toContain('Recent works (1)');
          expect(html).toMatch(/href="\/series\/\d+">/);
          expect(html).toContain(series);
        }
      }
      expect(await (await t().browser().get(`/users/${user.username}/works`)).text()).not.toContain(draft);
      expect((await t().browser().get(`/users/${unique('nobody')}`)).status).toBe(404);
    });
  });
});

describe('the works listing', () => {
  forEachDatabase((t: () => TestContext) => {
    it('lists posted works newest update first, 20 per page, with the total and pagination', async () => {
      const { token } = await t().apiUser();
      const titles: string[] = [];
      const ids: number[] = [];
      for (let i = 0; i < 23; i++) {
        const title = `Listed ${String(i).padStart(2, '0')} ${unique('w')}`;
        const response = await t().api('POST', '/api/v1/works', { token, json: workInput({ title }) });
        expect(response.status).toBe(201);
        titles.push(title);
        ids.push(((await response.json()) as { id: number }).id);
      }
      const draft = unique('Unlisted draft ');
      expect((await t().api('POST', '/api/v1/works', { token, json: workInput({ title: draft, draft: true }) })).status).toBe(201);

      const browser = t().browser();
      const page1 = await (await browser.get('/works')).text();
      expect(cardCount(page1)).toBe(20);
      expect(pageText(page1)).toContain('1–20 of 23 works, newest update first');
      expect(pageText(page1)).toContain('Page 1 of 2');
      expect(page1).toContain('href="/works?page=2"');
      expect(page1).not.toContain(draft);
      const positions = titles.slice(3).reverse().map((title) => page1.indexOf(title));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      const page2 = await (await browser.get('/works?page=2')).text();
      expect(cardCount(page2)).toBe(3);
      expect(pageText(page2)).toContain('21–23 of 23 works');
      expect(pageText(page2)).toContain('Page 2 of 2');
      expect(page2).toContain('href="/works?page=1"');
      for (const title of titles.slice(0, 3)) expect(page2).toContain(title);
      expect((await browser.get('/works?page=3')).status).toBe(404);

      // Updating the oldest work (a new chapter) brings it to the top.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const chapter = await t().api('POST', `/api/v1/works/${ids[0]}/chapters`, { token, json: { body: '<p>More.</p>' } });
      expect(chapter.status).toBe(201);
      const updated = await (await browser.get('/works')).text();
      expect(updated.indexOf(titles[0]!)).toBeGreaterThan(0);
      expect(updated.indexOf(titles[0]!)).toBeLessThan(updated.indexOf(titles[22]!));
      expect(await (await browser.get('/')).text()).toContain(titles[0]!);
    });
  });
});
