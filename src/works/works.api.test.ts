import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, workInput, type ApiErrorJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// POST/GET/PATCH/DELETE /api/v1/works: the documented JSON, validation, drafts, completeness and word counts.
// The listing, tags and series placement are in works-list.api.test.ts.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('/api/v1/works', () => {
  forEachDatabase((t: () => TestContext) => {
    async function errorOf(response: Response): Promise<ApiErrorJson['error']> {
      return ((await response.json()) as ApiErrorJson).error;
    }

    async function getWork(id: number, token?: string): Promise<Response> {
      return t().api('GET', `/api/v1/works/${id}`, token ? { token } : {});
    }

    async function patchWork(id: number, token: string, json: unknown): Promise<Response> {
      return t().api('PATCH', `/api/v1/works/${id}`, { token, json });
    }

    describe('POST', () => {
      it('answers 201 with the documented work JSON', async () => {
        const { user, token } = await t().apiUser();
        const title = unique('Lamp ');
        const response = await t().api('POST', '/api/v1/works', {
          token,
          json: workInput({
            title,
            summary: 'Summary text.',
            notes: 'Beginning notes.',
            end_notes: 'End notes.',
            language: 'zh-Hant',
            rating: 'Teen And Up Audiences',
            warnings: ['Major Character Death', 'Graphic Depictions Of Violence'],
            fandoms: ['Original Work'],
            relationships: ['Keeper/Sea'],
            characters: ['The Keeper'],
            freeforms: ['Slow burn'],
            expected_chapters: 3,
            chapters: [{ title: 'One', body: '<p>One two three four.</p>' }, { title: 'Two', body: '<p>Five six.</p>' }],
          }),
        });
        expect(response.status).toBe(201);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const work = (await response.json()) as WorkJson;
        expect(work).toEqual({
          id: expect.any(Number),
          title,
          summary: 'Summary text.',
          notes: 'Beginning notes.',
          end_notes: 'End notes.',
          language: 'zh-Hant',
          rating: 'Teen And Up Audiences',
          warnings: ['Major Character Death', 'Graphic Depictions Of Violence'],
          fandoms: ['Original Work'],
          relationships: ['Keeper/Sea'],
          characters: ['The Keeper'],
          freeforms: ['Slow burn'],
          authors: [user.username],
          word_count: 6,
          chapter_count: 2,
          expected_chapters: 3,
          complete: false,
          draft: false,
          published_at: expect.stringMatching(ISO),
          updated_at: expect.stringMatching(ISO),
          series: [],
          comment_permissions: 'registered',
          moderate_comments: false,
          stats: { kudos: 0, comments: 0, bookmarks: 0, hits: 0 },
          url: `http://archive.test/works/${work.id}`,
        });
        // GET answers the same document.
        expect(await (await getWork(work.id)).json()).toEqual(work);
      });

      it('fills the optional fields with their defaults', async () => {
        const { token } = await t().apiUser();
        const response = await t().api('POST', '/api/v1/works', {
          token,
          json: { title: 'Bare', rating: 'Not Rated', warnings: ['Creator Chose Not To Use Archive Warnings'], fandoms: ['Original Work'], chapters: [{ body: 'Just words here.' }] },
        });
        expect(response.status).toBe(201);
        expect(await response.json()).toMatchObject({
          title: 'Bare', summary: '', notes: '', end_notes: '', language: 'en', relationships: [], characters: [], freeforms: [],
          expected_chapters: null, complete: false, draft: false, chapter_count: 1, word_count: 3,
        });
      });

      it.each([
        ['title', { title: undefined }, 'title'],
        ['an empty title', { title: '   ' }, 'title'],
        ['rating', { rating: undefined }, 'rating'],
        ['warnings', { warnings: [] }, 'warnings'],
        ['warnings (absent)', { warnings: undefined }, 'warnings'],
        ['fandoms', { fandoms: [] }, 'fandoms'],
        ['fandoms (absent)', { fandoms: undefined }, 'fandoms'],
        ['chapters', { chapters: [] }, 'chapters'],
        ['a chapter body', { chapters: [{ title: 'No body' }] }, 'chapters.0.body'],
        ['a blank chapter body', { chapters: [{ body: ' \n ' }] }, 'chapters.0.body'],
      ])('answers 422 naming the field when %s is missing, and creates nothing', async (_, overrides, field) => {
        const { token } = await t().apiUser();
        const before = ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
        const response = await t().api('POST', '/api/v1/works', { token, json: workInput(overrides) });
        expect(response.status).toBe(422);
        const error = await errorOf(response);
        expect(error.code).toBe('validation_failed');
        expect(error.fields?.[field]).toEqual(expect.any(String));
        const after = ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
        expect(after).toBe(before);
      });

      it.each([
        ['title', { title: 'x'.repeat(256) }, 'title'],
        ['summary', { summary: 'x'.repeat(1251) }, 'summary'],
        ['notes', { notes: 'x'.repeat(5001) }, 'notes'],
        ['end_notes', { end_notes: 'x'.repeat(5001) }, 'end_notes'],
        ['language', { language: 'not a language!' }, 'language'],
        ['expected_chapters', { expected_chapters: 0 }, 'expected_chapters'],
      ])('answers 422 for an oversized or malformed %s', async (_, overrides, field) => {
        const { token } = await t().apiUser();
        const response = await t().api('POST', '/api/v1/works', { token, json: workInput(overrides) });
        expect(response.status).toBe(422);
        expect((await errorOf(response)).fields?.[field]).toEqual(expect.any(String));
      });

      it('accepts fields exactly at their limits', async () => {
        const { token } = await t().apiUser();
        const title = 'T'.repeat(255);
        const work = await postWork(t(), token, { title, summary: 's'.repeat(1250), notes: 'n'.repeat(5000), end_notes: 'e'.repeat(5000) });
        expect(work.title).toBe(title);
        expect(work.summary).toHaveLength(1250);
        expect(work.notes).toHaveLength(5000);
        expect(work.end_notes).toHaveLength(5000);
      });

      it('answers 422 for an unknown rating or warning', async () => {
        const { token } = await t().apiUser();
        const rating = await t().api('POST', '/api/v1/works', { token, json: workInput({ rating: 'PG-13' }) });
        expect(rating.status).toBe(422);
        expect((await errorOf(rating)).fields).toHaveProperty('rating');
        const lowercase = await t().api('POST', '/api/v1/works', { token, json: workInput({ rating: 'explicit' }) });
        expect(lowercase.status).toBe(422);
        const warning = await t().api('POST', '/api/v1/works', { token, json: workInput({ warnings: ['No Archive Warnings Apply', 'Spiders'] }) });
        expect(warning.status).toBe(422);
        expect((await errorOf(warning)).fields).toHaveProperty(['warnings.1']);
      });

      it('answers 401 without credentials', async () => {
        const response = await t().api('POST', '/api/v1/works', { json: workInput() });
        expect(response.status).toBe(401);
        expect((await errorOf(response)).code).toBe('unauthorized');
      });
    });

    describe('GET, PATCH and DELETE', () => {
      it('answers 404 for a work that does not exist', async () => {
        const response = await getWork(999_999);
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe('not_found');
        expect((await t().api('GET', '/api/v1/works/abc')).status).toBe(404);
      });

      it('PATCH changes only the fields given', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { summary: 'Kept summary.', relationships: ['A/B'], expected_chapters: 4 });
        const response = await patchWork(work.id, token, { title: 'A New Title' });
        expect(response.status).toBe(200);
        const patched = (await response.json()) as WorkJson;
        expect(patched).toEqual({ ...work, title: 'A New Title' });
        expect(await (await getWork(work.id)).json()).toEqual(patched);
      });

      it('PATCH of one tag kind keeps the other kinds', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { fandoms: ['Original Work'], relationships: ['A/B'], characters: ['The Keeper'], freeforms: ['Slow burn'] });
        const patched = (await (await patchWork(work.id, token, { characters: ['The Keeper', 'The Gull'] })).json()) as WorkJson;
        expect(patched).toMatchObject({ fandoms: ['Original Work'], relationships: ['A/B'], characters: ['The Keeper', 'The Gull'], freeforms: ['Slow burn'] });
        const cleared = (await (await patchWork(work.id, token, { freeforms: [] })).json()) as WorkJson;
        expect(cleared).toMatchObject({ fandoms: ['Original Work'], relationships: ['A/B'], characters: ['The Keeper', 'The Gull'], freeforms: [] });
        expect((await patchWork(work.id, token, { fandoms: [] })).status).toBe(422);
      });

      it('PATCH changes rating, warnings and expected chapters, and validates them', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const patched = (await (await patchWork(work.id, token, { rating: 'Explicit', warnings: ['Rape/Non-Con'], expected_chapters: 1 })).json()) as WorkJson;
        expect(patched).toMatchObject({ rating: 'Explicit', warnings: ['Rape/Non-Con'], expected_chapters: 1, complete: true });
        const reopened = (await (await patchWork(work.id, token, { expected_chapters: null })).json()) as WorkJson;
        expect(reopened).toMatchObject({ expected_chapters: null, complete: false });
        const bad = await patchWork(work.id, token, { rating: 'Spicy', title: '' });
        expect(bad.status).toBe(422);
        expect(Object.keys((await errorOf(bad)).fields ?? {}).sort()).toEqual(['rating', 'title']);
        expect((await patchWork(work.id, token, { colour: 'red' })).status).toBe(422);
        expect(await (await getWork(work.id)).json()).toMatchObject({ rating: 'Explicit', expected_chapters: null });
      });

      it('DELETE answers 204, then the work answers 410 gone everywhere', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const before = ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
        const deleted = await t().api('DELETE', `/api/v1/works/${work.id}`, { token });
        expect(deleted.status).toBe(204);
        for (const response of [
          await getWork(work.id),
          await getWork(work.id, token),
          await t().api('GET', `/api/v1/works/${work.id}/chapters`),
          await patchWork(work.id, token, { title: 'Back' }),
          await t().api('DELETE', `/api/v1/works/${work.id}`, { token }),
        ]) {
          expect(response.status).toBe(410);
          expect((await errorOf(response)).code).toBe('gone');
        }
        expect((await t().app.request(`/works/${work.id}`)).status).toBe(410);
        const after = (await (await t().api('GET', '/api/v1/works?limit=100')).json()) as { total: number; items: WorkJson[] };
        expect(after.total).toBe(before - 1);
        expect(after.items.map((w) => w.id)).not.toContain(work.id);
      });
    });

    describe('drafts', () => {
      it('are visible to their author only', async () => {
        const author = await t().apiUser();
        const reader = await t().apiUser();
        const draft = await postWork(t(), author.token, { draft: true });
        expect(draft).toMatchObject({ draft: true, published_at: null });
        expect((await getWork(draft.id, author.token)).status).toBe(200);
        for (const response of [await getWork(draft.id), await getWork(draft.id, reader.token)]) {
          expect(response.status).toBe(404);
          expect((await errorOf(response)).code).toBe('not_found');
        }
        expect((await t().api('GET', `/api/v1/works/${draft.id}/chapters/1`, { token: reader.token })).status).toBe(404);
        expect((await t().app.request(`/works/${draft.id}`)).status).toBe(404);
        const list = (await (await t().api('GET', '/api/v1/works?limit=100', { token: author.token })).json()) as { items: WorkJson[] };
        expect(list.items.map((w) => w.id)).not.toContain(draft.id);
      });

      it('are posted with PATCH {draft: false} and then seen by everyone', async () => {
        const { token } = await t().apiUser();
        const draft = await postWork(t(), token, { draft: true });
        const before = ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
        const response = await patchWork(draft.id, token, { draft: false });
        expect(response.status).toBe(200);
        const posted = (await response.json()) as WorkJson;
        expect(posted).toMatchObject({ draft: false, published_at: expect.stringMatching(ISO), chapter_count: 1 });
        expect((await getWork(draft.id)).status).toBe(200);
        const chapter = await t().api('GET', `/api/v1/works/${draft.id}/chapters/1`);
        expect(chapter.status).toBe(200);
        expect(await chapter.json()).toMatchObject({ draft: false, published_at: expect.stringMatching(ISO) });
        const list = (await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number; items: WorkJson[] };
        expect(list.total).toBe(before + 1);
        expect(list.items[0]!.id).toBe(draft.id);
      });

      it('cannot be posted without a posted chapter', async () => {
        const { token } = await t().apiUser();
        const draft = await postWork(t(), token, { draft: true, chapters: [{ body: 'Not ready.', draft: true }] });
        const response = await patchWork(draft.id, token, { draft: false });
        expect(response.status).toBe(422);
        expect((await errorOf(response)).fields).toHaveProperty('draft');
        expect(await (await getWork(draft.id, token)).json()).toMatchObject({ draft: true });
        const allDrafts = await t().api('POST', '/api/v1/works', { token, json: workInput({ chapters: [{ body: 'Hidden.', draft: true }] }) });
        expect(allDrafts.status).toBe(422);
        expect((await errorOf(allDrafts)).fields).toHaveProperty('chapters');
      });

      it('a posted work cannot become a draft again', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const response = await patchWork(work.id, token, { draft: true });
        expect(response.status).toBe(422);
        expect((await errorOf(response)).fields).toHaveProperty('draft');
        expect((await getWork(work.id)).status).toBe(200);
      });
    });

    describe('completeness and word counts', () => {
      it('follows posted chapters against the expected count', async () => {
        const { token } = await t().apiUser();
        const two = [{ body: 'One.' }, { body: 'Two.' }];
        expect(await postWork(t(), token, { expected_chapters: 2, chapters: two })).toMatchObject({ chapter_count: 2, expected_chapters: 2, complete: true });
        expect(await postWork(t(), token, { expected_chapters: null, chapters: two })).toMatchObject({ chapter_count: 2, expected_chapters: null, complete: false });
        expect(await postWork(t(), token, { expected_chapters: 3, chapters: two })).toMatchObject({ chapter_count: 2, complete: false });
        // A draft chapter does not count towards completeness.
        const partly = await postWork(t(), token, { expected_chapters: 2, chapters: [{ body: 'One.' }, { body: 'Two.', draft: true }] });
        expect(partly).toMatchObject({ chapter_count: 1, complete: false });
        const lowered = (await (await patchWork(partly.id, token, { expected_chapters: 1 })).json()) as WorkJson;
        expect(lowered.complete).toBe(true);
      });

      it('counts English words and CJK characters', async () => {
        const { token } = await t().apiUser();
        const english = await postWork(t(), token, { chapters: [{ body: "<p>The keeper's well-known lamp, lit at dusk &amp; dawn.</p>" }] });
        expect(english.word_count).toBe(8);
        const japanese = await postWork(t(), token, { language: 'ja', chapters: [{ body: '<p>日本語のテキスト</p>' }] });
        expect(japanese.word_count).toBe(8);
        const mixed = await postWork(t(), token, { chapters: [{ body: '<p>Chapter 一 begins 今日は.</p>' }, { body: '<p>two words</p>' }] });
        expect(mixed.word_count).toBe(1 + 1 + 1 + 3 + 2);
        const markdown = await postWork(t(), token, { chapters: [{ body: '# Heading\n\n*Some* **bold** text, [a link](https://example.org).', format: 'markdown' }] });
        expect(markdown.word_count).toBe(6);
      });
    });
  });
});
