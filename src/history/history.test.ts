import { flushBufferedHits } from './hit-buffer.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, postWork, type TestContext } from '../../test/helpers.js';
import { buildJobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/jobs.js';
import { findWork } from '../works/works.queries.js';
import { HITS_PURGE_JOB, purgeOldHits, recordHit, utcDay } from './hits.js';

// Reading history (recorded per chapter view, continue reading, off switch, clearing), the to-read list, and hits.

const threeChapters = {
  chapters: [
    { title: 'One', body: '<p>First.</p>' },
    { title: 'Two', body: '<p>Second.</p>' },
    { title: 'Three', body: '<p>Third.</p>' },
  ],
};

interface HistoryJson {
  items: { work_id: number; last_chapter_position: number | null; views: number; marked_for_later: boolean }[];
  total: number;
}

describe('reading history and hits', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      // Views served from the render cache are counted in batches: write any waiting ones first.
      const hits = async (workId: number) => {
        await flushBufferedHits(t().db);
        return (await findWork(t().db, workId))!.hit_count;
      };

      it('records the last chapter read and offers to continue from it', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken, threeChapters);
        const browser = t().browser();
        await t().signUp(browser);
        await browser.get(`/works/${work.id}`);
        expect(pageText(await (await browser.get(`/works/${work.id}`)).text())).not.toContain('Continue reading');
        await browser.get(`/works/${work.id}/chapters/3`);
        const page = await (await browser.get(`/works/${work.id}`)).text();
        expect(page).toContain(`href="/works/${work.id}/chapters/3"`);
        expect(pageText(page)).toContain('Continue reading: Chapter 3');
        // Looking at chapter 3 itself, there is nothing to continue to.
        expect(pageText(await (await browser.get(`/works/${work.id}/chapters/3`)).text())).not.toContain('Continue reading');
        const history = pageText(await (await browser.get('/history')).text());
        expect(history).toContain(work.title);
      });

      it('records nothing for the work’s own author, nor when history is off; clears on request', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken, threeChapters);
        await t().api('GET', `/api/v1/works/${work.id}`, { token: authorToken });
        const authorBrowser = t().browser();
        expect((await authorBrowser.get(`/works/${work.id}`)).status).toBe(200);

        const { token } = await t().apiUser();
        const reader = t().browser();
        await t().signUp(reader);
        await reader.get(`/works/${work.id}/chapters/2`);
        expect(pageText(await (await reader.get('/history')).text())).toContain(work.title);

        const apiHistory = async () => (await (await t().api('GET', '/api/v1/history', { token })).json()) as HistoryJson;
        expect((await apiHistory()).total).toBe(0);
        const off = await t().api('PATCH', '/api/v1/me', { token, json: { history_enabled: false } });
        expect(off.status).toBe(200);
        expect(await off.json()).toMatchObject({ history_enabled: false });

        // The settings page switches it off for the browser reader.
        const settingsOff = await reader.post('/settings/preferences', { time_zone: 'UTC' });
        expect(settingsOff.status).toBe(303);
        await reader.get(`/works/${work.id}/chapters/3`);
        const cleared = await reader.post('/history/clear');
        expect(cleared.status).toBe(303);
        const afterClear = pageText(await (await reader.get('/history')).text());
        expect(afterClear).toContain('No works in your history.');
        expect(afterClear).toContain('Your reading history is turned off');
        await reader.get(`/works/${work.id}/chapters/3`);
        expect(pageText(await (await reader.get('/history')).text())).toContain('No works in your history.');
        await reader.post('/settings/preferences', { time_zone: 'UTC', history_enabled: '1' });
        await reader.get(`/works/${work.id}/chapters/2`);
        expect(pageText(await (await reader.get('/history')).text())).toContain(work.title);

        expect((await t().api('DELETE', '/api/v1/history', { token })).status).toBe(204);
      });

      it('marks a work for later and takes it off again', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const { token } = await t().apiUser();
        expect((await t().api('POST', `/api/v1/works/${work.id}/later`, { token })).status).toBe(200);
        let later = (await (await t().api('GET', '/api/v1/history?later=true', { token })).json()) as HistoryJson;
        expect(later.items).toMatchObject([{ work_id: work.id, marked_for_later: true }]);
        // Clearing history keeps the to-read list.
        await t().api('DELETE', '/api/v1/history', { token });
        later = (await (await t().api('GET', '/api/v1/history?later=true', { token })).json()) as HistoryJson;
        expect(later.total).toBe(1);
        await t().api('DELETE', `/api/v1/works/${work.id}/later`, { token });
        later = (await (await t().api('GET', '/api/v1/history?later=true', { token })).json()) as HistoryJson;
        expect(later.total).toBe(0);

        const browser = t().browser();
        await t().signUp(browser);
        const page = await (await browser.get(`/works/${work.id}`)).text();
        expect(pageText(page)).toContain('Mark for later');
        expect((await browser.post(`/works/${work.id}/later`, { marked: '1' })).status).toBe(303);
        expect(pageText(await (await browser.get('/history/later')).text())).toContain(work.title);
        const draft = await postWork(t(), authorToken, { draft: true });
        expect((await t().api('POST', `/api/v1/works/${draft.id}/later`, { token })).status).toBe(404);
      });

      it('counts a hit once per visitor per day, and not for the author', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken, threeChapters);
        const author = t().browser();
        await author.get('/login');
        await author.post('/login', { login: (await (await t().api('GET', '/api/v1/me', { token: authorToken })).json() as { username: string }).username, password: 'correct horse battery' });
        await author.get(`/works/${work.id}`);
        expect(await hits(work.id)).toBe(0);

        const guest = t().browser();
        await guest.get(`/works/${work.id}`, { 'x-forwarded-for': '198.51.100.7' });
        await guest.get(`/works/${work.id}/chapters/2`, { 'x-forwarded-for': '198.51.100.7' });
        await guest.get(`/works/${work.id}?view_full_work=true`, { 'x-forwarded-for': '198.51.100.7' });
        expect(await hits(work.id)).toBe(1);
        const other = t().browser();
        await other.get(`/works/${work.id}`, { 'x-forwarded-for': '198.51.100.8' });
        expect(await hits(work.id)).toBe(2);
        const reader = t().browser();
        await t().signUp(reader);
        await reader.get(`/works/${work.id}`);
        await reader.get(`/works/${work.id}/chapters/3`);
        expect(await hits(work.id)).toBe(3);
        expect(pageText(await (await reader.get(`/works/${work.id}`)).text())).toMatch(/Hits:?\s*3/);
      });

      it('counts again on a new day and purges old visitor rows with the daily job', async () => {
        const { token: authorToken } = await t().apiUser();
        const work = await postWork(t(), authorToken);
        const day1 = new Date('2030-01-01T10:00:00Z');
        const day2 = new Date('2030-01-02T10:00:00Z');
        const day4 = new Date('2030-01-04T10:00:00Z');
        expect(await recordHit(t().db, work.id, 'v1', day1)).toBe(true);
        expect(await recordHit(t().db, work.id, 'v1', day1)).toBe(false);
        expect(await recordHit(t().db, work.id, 'v1', day2)).toBe(true);
        expect(await hits(work.id)).toBe(2);
        const jobs = await t().db.selectFrom('jobs').select(['dedupe_key', 'run_at']).where('kind', '=', HITS_PURGE_JOB).where('dedupe_key', 'like', 'hits.purge:2030%').execute();
        expect(jobs.map((j) => j.dedupe_key).sort()).toEqual(['hits.purge:2030-01-01', 'hits.purge:2030-01-02']);
        expect(jobs.find((j) => j.dedupe_key === 'hits.purge:2030-01-01')!.run_at).toBe('2030-01-02T00:00:00.000Z');
        expect(await purgeOldHits(t().db, day4)).toBeGreaterThanOrEqual(2);
        const left = await t().db.selectFrom('work_hits').select('day').where('work_id', '=', work.id).execute();
        expect(left).toEqual([]);
        expect(await hits(work.id)).toBe(2);

        // The registered handler runs it (a due purge job for today).
        await recordHit(t().db, work.id, 'v2', new Date(Date.now() - 5 * 86_400_000));
        const runner = new JobRunner({ db: t().db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config: t().config, secret: 'x' }) });
        await runner.runUntilIdle();
        const old = await t().db.selectFrom('work_hits').select('day').where('day', '<', utcDay(new Date(Date.now() - 2 * 86_400_000))).execute();
        expect(old).toEqual([]);
      });
    },
    { trustProxy: true },
  );
});
