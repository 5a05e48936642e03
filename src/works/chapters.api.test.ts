import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, workInput, type ApiErrorJson, type ChapterJson, type TestContext, type WorkJson } from '../../test/helpers.js';
import { MAX_BODY_CHARS } from './works.forms.js';

// /api/v1/works/:id/chapters: add, read, edit, reorder and delete chapters, and the work's totals that follow them.

interface ChapterList {
  items: ChapterJson[];
  total: number;
  next: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A body of exactly `length` characters: paragraphs of ordinary prose. */
function longBody(length: number): string {
  const sentence = 'The tide came in over the rocks and went out again. ';
  const paragraph = `<p>${sentence.repeat(40).trim()}</p>\n`;
  const count = Math.floor((length - 8) / paragraph.length);
  const rest = length - count * paragraph.length - '<p></p>'.length;
  return paragraph.repeat(count) + `<p>${sentence.repeat(Math.ceil(rest / sentence.length)).slice(0, rest)}</p>`;
}

describe('/api/v1/works/:id/chapters', () => {
  forEachDatabase((t: () => TestContext) => {
    const chaptersPath = (workId: number, rest = '') => `/api/v1/works/${workId}/chapters${rest}`;

    async function addChapter(workId: number, token: string, json: Record<string, unknown>): Promise<ChapterJson> {
      const response = await t().api('POST', chaptersPath(workId), { token, json });
      expect(response.status).toBe(201);
      return (await response.json()) as ChapterJson;
    }

    async function listChapters(workId: number, token?: string): Promise<ChapterList> {
      const response = await t().api('GET', chaptersPath(workId), token ? { token } : {});
      expect(response.status).toBe(200);
      return (await response.json()) as ChapterList;
    }

    async function work(id: number): Promise<WorkJson> {
      return (await (await t().api('GET', `/api/v1/works/${id}`)).json()) as WorkJson;
    }

    it('POST adds a chapter at the end with the documented JSON, and the work follows', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { expected_chapters: 2, chapters: [{ title: 'One', body: '<p>One two three.</p>' }] });
      expect(posted).toMatchObject({ chapter_count: 1, word_count: 3, complete: false });
      const chapter = await addChapter(posted.id, token, { title: 'Two', summary: 'S.', notes: 'N.', end_notes: 'E.', body: '<p>Four five.</p>' });
      expect(chapter).toEqual({
        id: expect.any(Number),
        work_id: posted.id,
        position: 2,
        title: 'Two',
        summary: 'S.',
        notes: 'N.',
        end_notes: 'E.',
        body_html: '<p>Four five.</p>',
        body_format: 'html',
        word_count: 2,
        draft: false,
        published_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
        url: `http://archive.test/works/${posted.id}/chapters/2`,
      });
      const after = await work(posted.id);
      expect(after).toMatchObject({ chapter_count: 2, word_count: 5, complete: true, updated_at: chapter.published_at });
      expect(await (await t().api('GET', chaptersPath(posted.id, '/2'))).json()).toEqual(chapter);
    });

    it('GET lists the chapters in order and answers 404 for a missing position or work', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ title: 'A', body: 'a' }, { title: 'B', body: 'b' }, { title: 'C', body: 'c' }] });
      const list = await listChapters(posted.id);
      expect(list.total).toBe(3);
      expect(list.next).toBeNull();
      expect(list.items.map((c) => [c.position, c.title])).toEqual([[1, 'A'], [2, 'B'], [3, 'C']]);
      for (const path of [chaptersPath(posted.id, '/4'), chaptersPath(posted.id, '/0'), chaptersPath(posted.id, '/x'), chaptersPath(999_999), chaptersPath(999_999, '/1')]) {
        const response = await t().api('GET', path);
        expect(response.status, path).toBe(404);
        expect(((await response.json()) as ApiErrorJson).error.code).toBe('not_found');
      }
    });

    it('POST with a position inserts the chapter there and moves the later ones down', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ title: 'A', body: 'a' }, { title: 'C', body: 'c' }] });
      const inserted = await addChapter(posted.id, token, { title: 'B', body: 'b', position: 2 });
      expect(inserted.position).toBe(2);
      expect((await listChapters(posted.id)).items.map((c) => c.title)).toEqual(['A', 'B', 'C']);
      const bad = await t().api('POST', chaptersPath(posted.id), { token, json: { body: 'x', position: 0 } });
      expect(bad.status).toBe(400);
      const missing = await t().api('POST', chaptersPath(posted.id), { token, json: { title: 'No text' } });
      expect(missing.status).toBe(422);
      expect(((await missing.json()) as ApiErrorJson).error.fields).toHaveProperty('body');
      expect((await listChapters(posted.id)).total).toBe(3);
    });

    it('stores bodies sanitized and renders Markdown', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ body: '<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>' }] });
      const first = (await (await t().api('GET', chaptersPath(posted.id, '/1'))).json()) as ChapterJson;
      expect(first.body_html).toBe('<p>Hi <a rel="nofollow ugc noopener">x</a></p>');
      const markdown = await addChapter(posted.id, token, { body: 'Some *x* and **y**.\n\nSecond <img src=x onerror=alert(1)> paragraph.', format: 'markdown' });
      expect(markdown.body_format).toBe('markdown');
      expect(markdown.body_html).toContain('<em>x</em>');
      expect(markdown.body_html).toContain('<strong>y</strong>');
      expect(markdown.body_html).toMatch(/<p>Some <em>x<\/em> and <strong>y<\/strong>.<\/p>\s*<p>Second\s+paragraph.<\/p>/);
      expect(markdown.body_html).not.toMatch(/<img|onerror/);
      expect(markdown.word_count).toBe(6);
      const wrongFormat = await t().api('POST', chaptersPath(posted.id), { token, json: { body: 'x', format: 'rtf' } });
      expect(wrongFormat.status).toBe(422);
      expect(((await wrongFormat.json()) as ApiErrorJson).error.fields).toHaveProperty('format');
    });

    it('PATCH changes only the given fields and re-renders the body and word counts', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ title: 'Old', notes: 'Kept notes.', body: '*one* two' }] });
      const original = (await (await t().api('GET', chaptersPath(posted.id, '/1'))).json()) as ChapterJson;
      const retitled = await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { title: 'New' } });
      expect(retitled.status).toBe(200);
      expect(await retitled.json()).toEqual({ ...original, title: 'New', updated_at: expect.stringMatching(ISO) });
      // Switching the format re-renders the stored source.
      const markdown = (await (await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { format: 'markdown' } })).json()) as ChapterJson;
      expect(markdown).toMatchObject({ title: 'New', notes: 'Kept notes.', body_format: 'markdown', body_html: '<p><em>one</em> two</p>\n' });
      const rewritten = (await (await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { body: 'one two three four five' } })).json()) as ChapterJson;
      expect(rewritten).toMatchObject({ word_count: 5, body_format: 'markdown' });
      expect(await work(posted.id)).toMatchObject({ word_count: 5 });
      const bad = await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { body: '' } });
      expect(bad.status).toBe(422);
      expect((await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { position: 2 } })).status).toBe(422);
      expect((await t().api('PATCH', chaptersPath(posted.id, '/9'), { token, json: { title: 'x' } })).status).toBe(404);
    });

    it('reorders chapters with POST .../chapters/order and refuses an incomplete order', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ title: 'A', body: 'a' }, { title: 'B', body: 'b' }, { title: 'C', body: 'c' }] });
      const ids = (await listChapters(posted.id)).items.map((c) => c.id);
      const response = await t().api('POST', chaptersPath(posted.id, '/order'), { token, json: { order: [ids[2], ids[0], ids[1]] } });
      expect(response.status).toBe(200);
      const reordered = (await response.json()) as ChapterList;
      expect(reordered.items.map((c) => [c.position, c.title])).toEqual([[1, 'C'], [2, 'A'], [3, 'B']]);
      expect((await (await t().api('GET', chaptersPath(posted.id, '/1'))).json()) as ChapterJson).toMatchObject({ id: ids[2], title: 'C' });
      for (const order of [[ids[0], ids[1]], [ids[0], ids[0], ids[1]], [ids[0], ids[1], ids[2], 999_999], [ids[0], ids[1], 999_999], 'abc']) {
        const refused = await t().api('POST', chaptersPath(posted.id, '/order'), { token, json: { order } });
        expect(refused.status, JSON.stringify(order)).toBe(422);
        expect(((await refused.json()) as ApiErrorJson).error.fields).toHaveProperty('order');
      }
      expect((await listChapters(posted.id)).items.map((c) => c.title)).toEqual(['C', 'A', 'B']);
    });

    it('DELETE removes a chapter, renumbers the later ones and updates the work', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { expected_chapters: 3, chapters: [{ title: 'A', body: 'one' }, { title: 'B', body: 'two words' }, { title: 'C', body: 'three more words' }] });
      expect(posted).toMatchObject({ chapter_count: 3, word_count: 6, complete: true });
      expect((await t().api('DELETE', chaptersPath(posted.id, '/2'), { token })).status).toBe(204);
      expect((await listChapters(posted.id)).items.map((c) => [c.position, c.title])).toEqual([[1, 'A'], [2, 'C']]);
      expect((await (await t().api('GET', chaptersPath(posted.id, '/2'))).json()) as ChapterJson).toMatchObject({ title: 'C', url: `http://archive.test/works/${posted.id}/chapters/2` });
      expect((await t().api('GET', chaptersPath(posted.id, '/3'))).status).toBe(404);
      expect(await work(posted.id)).toMatchObject({ chapter_count: 2, word_count: 4, complete: false });
      expect((await t().api('DELETE', chaptersPath(posted.id, '/3'), { token })).status).toBe(404);
    });

    it('refuses to delete the only chapter, or the only posted one, with 422', async () => {
      const { token } = await t().apiUser();
      const single = await postWork(t(), token);
      const only = await t().api('DELETE', chaptersPath(single.id, '/1'), { token });
      expect(only.status).toBe(422);
      expect(((await only.json()) as ApiErrorJson).error.code).toBe('validation_failed');
      const mixed = await postWork(t(), token, { chapters: [{ title: 'Posted', body: 'a' }, { title: 'Draft', body: 'b', draft: true }] });
      const onlyPosted = await t().api('DELETE', chaptersPath(mixed.id, '/1'), { token });
      expect(onlyPosted.status).toBe(422);
      expect((await listChapters(mixed.id, token)).total).toBe(2);
      // Unposting the only posted chapter is refused the same way.
      expect((await t().api('PATCH', chaptersPath(mixed.id, '/1'), { token, json: { draft: true } })).status).toBe(422);
      // The draft itself may go.
      expect((await t().api('DELETE', chaptersPath(mixed.id, '/2'), { token })).status).toBe(204);
      expect((await listChapters(mixed.id, token)).items.map((c) => c.title)).toEqual(['Posted']);
    });

    it('keeps draft chapters from readers until they are posted', async () => {
      const author = await t().apiUser();
      const reader = await t().apiUser();
      const posted = await postWork(t(), author.token, { expected_chapters: 2, chapters: [{ body: 'one two' }] });
      const draft = await addChapter(posted.id, author.token, { title: 'Secret', body: 'three four five', draft: true });
      expect(draft).toMatchObject({ position: 2, draft: true, published_at: null });
      const unchanged = await work(posted.id);
      expect(unchanged).toMatchObject({ chapter_count: 1, word_count: 2, complete: false, updated_at: posted.updated_at });
      for (const token of [undefined, reader.token]) {
        expect((await listChapters(posted.id, token)).items.map((c) => c.position)).toEqual([1]);
        expect((await t().api('GET', chaptersPath(posted.id, '/2'), token ? { token } : {})).status).toBe(404);
      }
      expect((await t().app.request(`/works/${posted.id}/chapters/2`)).status).toBe(404);
      expect((await listChapters(posted.id, author.token)).items.map((c) => c.title)).toEqual(['', 'Secret']);
      expect((await t().api('GET', chaptersPath(posted.id, '/2'), { token: author.token })).status).toBe(200);

      const published = await t().api('PATCH', chaptersPath(posted.id, '/2'), { token: author.token, json: { draft: false } });
      expect(published.status).toBe(200);
      const chapter = (await published.json()) as ChapterJson;
      expect(chapter).toMatchObject({ draft: false, published_at: expect.stringMatching(ISO) });
      expect(await work(posted.id)).toMatchObject({ chapter_count: 2, word_count: 5, complete: true, updated_at: chapter.published_at });
      expect((await t().api('GET', chaptersPath(posted.id, '/2'))).status).toBe(200);
    });

    it('numbers chapters posted at the same moment one after another, with exact totals', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token, { chapters: [{ title: 'First', body: 'one' }] });
      const responses = await Promise.all(
        [2, 3, 4, 5, 6].map((n) => t().api('POST', chaptersPath(posted.id), { token, json: { title: `Chapter ${n}`, body: 'two words' } })),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const positions = (await listChapters(posted.id)).items.map((c) => c.position);
      expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await work(posted.id)).toMatchObject({ chapter_count: 6, word_count: 11 });
    });

    it(`posts and renders a chapter of ${MAX_BODY_CHARS.toLocaleString('en')} characters and refuses one more`, async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token);
      const body = longBody(MAX_BODY_CHARS);
      expect(body).toHaveLength(MAX_BODY_CHARS);
      const chapter = await addChapter(posted.id, token, { title: 'Long', body });
      expect(chapter.word_count).toBeGreaterThan(90_000);
      const page = await t().app.request(`/works/${posted.id}/chapters/2`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('The tide came in over the rocks');
      expect(html.length).toBeGreaterThan(MAX_BODY_CHARS);
      const whole = await postWork(t(), token, { chapters: [{ body }] });
      expect((await t().app.request(`/works/${whole.id}/chapters/1`)).status).toBe(200);

      const tooLong = body.slice(0, -4) + 'x</p>';
      expect(tooLong).toHaveLength(MAX_BODY_CHARS + 1);
      const refused = await t().api('POST', chaptersPath(posted.id), { token, json: { body: tooLong } });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as ApiErrorJson).error.fields).toHaveProperty('body');
      const refusedWork = await t().api('POST', '/api/v1/works', { token, json: workInput({ chapters: [{ body: tooLong }] }) });
      expect(refusedWork.status).toBe(422);
      expect(((await refusedWork.json()) as ApiErrorJson).error.fields).toHaveProperty(['chapters.0.body']);
      const refusedEdit = await t().api('PATCH', chaptersPath(posted.id, '/1'), { token, json: { body: tooLong } });
      expect(refusedEdit.status).toBe(422);
      expect(await work(posted.id)).toMatchObject({ chapter_count: 2 });
    });

    it('counts the limit in characters: astral characters and CRLF line breaks count once', async () => {
      const { token } = await t().apiUser();
      const posted = await postWork(t(), token);
      // U+20000 is one CJK character but two UTF-16 units.
      const astral = '\u{20000}'.repeat(MAX_BODY_CHARS);
      expect([...astral]).toHaveLength(MAX_BODY_CHARS);
      const accepted = await t().api('POST', chaptersPath(posted.id), { token, json: { body: astral } });
      expect(accepted.status).toBe(201);
      expect(((await accepted.json()) as ChapterJson).word_count).toBe(MAX_BODY_CHARS);
      const refused = await t().api('POST', chaptersPath(posted.id), { token, json: { body: astral + '\u{20000}' } });
      expect(refused.status).toBe(422);
      // Browsers submit a textarea's line breaks as CRLF; the author typed one character each.
      const lines = ('x'.repeat(99) + '\r\n').repeat(MAX_BODY_CHARS / 100);
      expect(lines.replace(/\r\n/g, '\n')).toHaveLength(MAX_BODY_CHARS);
      expect((await t().api('POST', chaptersPath(posted.id), { token, json: { body: lines } })).status).toBe(201);
      expect((await t().api('POST', chaptersPath(posted.id), { token, json: { body: lines + 'x' } })).status).toBe(422);
    });
  });
});
