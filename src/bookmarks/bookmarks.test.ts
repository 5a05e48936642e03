import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, unique, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { findWork } from '../works/works.queries.js';

// Bookmarks of works and series: create, edit (saving again), delete, private and rec flags, the reader's own tags,
// sanitized notes, the public count on the work, and who sees what.

interface BookmarkJson {
  id: number;
  username: string;
  work_id: number | null;
  series_id: number | null;
  notes: string;
  notes_html: string;
  tags: string[];
  private: boolean;
  rec: boolean;
}

describe('bookmarks', () => {
  forEachDatabase((t: () => TestContext) => {
    const bookmarkCount = async (workId: number) => (await findWork(t().db, workId))!.bookmark_count;

    it('creates, edits by saving again, patches and deletes a bookmark, keeping the public count exact', async () => {
      const { token: authorToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      const { user, token } = await t().apiUser();
      const created = await t().api('POST', '/api/v1/bookmarks', {
        token,
        json: { work_id: work.id, notes: 'Loved *this*<script>alert(1)</script>', tags: 'comfort read, Lighthouses, comfort READ', rec: true },
      });
      expect(created.status).toBe(201);
      const bookmark = (await created.json()) as BookmarkJson;
      expect(bookmark).toMatchObject({ username: user.username, work_id: work.id, series_id: null, tags: ['comfort read', 'Lighthouses'], private: false, rec: true });
      expect(bookmark.notes_html).toContain('<em>this</em>');
      expect(bookmark.notes_html).not.toContain('script');
      expect(await bookmarkCount(work.id)).toBe(1);

      const again = await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: work.id, notes: 'Second thoughts', private: true } });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ id: bookmark.id, notes: 'Second thoughts', tags: [], private: true, rec: false });
      expect(await bookmarkCount(work.id)).toBe(0);

      const patched = await t().api('PATCH', `/api/v1/bookmarks/${bookmark.id}`, { token, json: { private: false, tags: ['Keeper'] } });
      expect(await patched.json()).toMatchObject({ private: false, tags: ['Keeper'], notes: 'Second thoughts' });
      expect(await bookmarkCount(work.id)).toBe(1);

      const { token: otherToken } = await t().apiUser();
      expect((await t().api('PATCH', `/api/v1/bookmarks/${bookmark.id}`, { token: otherToken, json: { rec: true } })).status).toBe(403);
      expect((await t().api('DELETE', `/api/v1/bookmarks/${bookmark.id}`, { token: otherToken })).status).toBe(403);

      expect((await t().api('DELETE', '/api/v1/bookmarks', { token, json: { work_id: work.id } })).status).toBe(204);
      expect(await bookmarkCount(work.id)).toBe(0);
      expect((await t().api('GET', `/api/v1/bookmarks/${bookmark.id}`, { token })).status).toBe(404);
    });

    it('refuses bad input with field errors', async () => {
      const { token: authorToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      const { token } = await t().apiUser();
      const long = await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: work.id, notes: 'x'.repeat(5001) } });
      expect(long.status).toBe(422);
      expect(((await long.json()) as ApiErrorJson).error.fields).toHaveProperty('notes');
      const neither = await t().api('POST', '/api/v1/bookmarks', { token, json: { notes: 'hm' } });
      expect(neither.status).toBe(422);
      const both = await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: work.id, series_id: 1 } });
      expect(both.status).toBe(422);
      expect((await t().api('POST', '/api/v1/bookmarks', { json: { work_id: work.id } })).status).toBe(401);
    });

    it('cannot bookmark a draft it cannot see; bookmarks series', async () => {
      const { token: authorToken } = await t().apiUser();
      const draft = await postWork(t(), authorToken, { draft: true });
      const { token } = await t().apiUser();
      expect((await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: draft.id } })).status).toBe(404);
      const series = (await (await t().api('POST', '/api/v1/series', { token: authorToken, json: { title: unique('Series ') } })).json()) as { id: number };
      const created = await t().api('POST', '/api/v1/bookmarks', { token, json: { series_id: series.id, rec: true } });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ series_id: series.id, work_id: null, rec: true });
    });

    it('hides private bookmarks from everyone but their owner, and muted authors from the reader', async () => {
      const { user: author, token: authorToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      const { user: owner, token } = await t().apiUser();
      await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: work.id, notes: 'secret note', private: true } });
      const work2 = await postWork(t(), authorToken);
      await t().api('POST', '/api/v1/bookmarks', { token, json: { work_id: work2.id, notes: 'public note' } });

      const mine = (await (await t().api('GET', '/api/v1/bookmarks', { token })).json()) as { items: BookmarkJson[]; total: number };
      expect(mine.total).toBe(2);
      const { user: viewer, token: viewerToken } = await t().apiUser();
      const theirs = (await (await t().api('GET', `/api/v1/bookmarks?username=${owner.username}`, { token: viewerToken })).json()) as { items: BookmarkJson[]; total: number };
      expect(theirs.items.map((b) => b.notes)).toEqual(['public note']);
      expect(theirs.total).toBe(1);
      const onWork = (await (await t().api('GET', `/api/v1/works/${work.id}/bookmarks`)).json()) as { total: number };
      expect(onWork.total).toBe(0);

      const page = pageText(await (await t().browser().get(`/users/${owner.username}/bookmarks`)).text());
      expect(page).toContain('public note');
      expect(page).not.toContain('secret note');

      await t().db.insertInto('mutes').values({ user_id: viewer.id, muted_id: author.id, created_at: new Date().toISOString() }).execute();
      const muted = (await (await t().api('GET', `/api/v1/bookmarks?username=${owner.username}`, { token: viewerToken })).json()) as { total: number };
      expect(muted.total).toBe(0);
    });

    it('bookmarks from the page form, re-rendering bad input with the text kept', async () => {
      const { token: authorToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      const browser = t().browser();
      const reader = await t().signUp(browser);
      const workPage = await (await browser.get(`/works/${work.id}`)).text();
      expect(workPage).toContain(`href="/works/${work.id}/bookmark"`);
      expect((await browser.get(`/works/${work.id}/bookmark`)).status).toBe(200);
      const bad = await browser.post(`/works/${work.id}/bookmark`, { notes: 'y'.repeat(5001), tags: 'kept tag' });
      expect(bad.status).toBe(422);
      const html = await bad.text();
      expect(fieldError(html, 'notes')).toMatch(/5,000/);
      expect(html).toContain('value="kept tag"');
      const ok = await browser.post(`/works/${work.id}/bookmark`, { notes: 'A favourite', tags: 'sea, light', rec: '1' });
      expect(ok.status).toBe(303);
      const list = pageText(await (await browser.get(`/users/${reader.username}/bookmarks`)).text());
      expect(list).toContain('A favourite');
      expect(list).toContain('Rec');
      expect(list).toMatch(/Tags: sea\s*, light/);
      const publicList = pageText(await (await t().browser().get(`/works/${work.id}/bookmarks`)).text());
      expect(publicList).toContain(`Bookmarked by ${reader.username}`);
      const [row] = await t().db.selectFrom('bookmarks').select('id').where('work_id', '=', work.id).execute();
      expect((await browser.post(`/bookmarks/${row!.id}/delete`)).status).toBe(303);
      expect(await bookmarkCount(work.id)).toBe(0);
    });
  });
});
