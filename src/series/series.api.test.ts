import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, workInput, type ApiErrorJson, type SeriesJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// /api/v1/series: create, read, edit (fields and the order of its parts) and delete.

describe('/api/v1/series', () => {
  forEachDatabase((t: () => TestContext) => {
    async function createSeries(token: string, json: Record<string, unknown> = {}): Promise<SeriesJson> {
      const response = await t().api('POST', '/api/v1/series', { token, json: { title: unique('Series '), ...json } });
      expect(response.status).toBe(201);
      return (await response.json()) as SeriesJson;
    }

    async function getSeries(id: number, token?: string): Promise<Response> {
      return t().api('GET', `/api/v1/series/${id}`, token ? { token } : {});
    }

    async function errorOf(response: Response): Promise<ApiErrorJson['error']> {
      return ((await response.json()) as ApiErrorJson).error;
    }

    it('POST answers 201 with the documented series JSON', async () => {
      const { user, token } = await t().apiUser();
      const response = await t().api('POST', '/api/v1/series', { token, json: { title: 'The Lamp Cycle', summary: 'Three keepers.', notes: 'Read in order.', complete: true } });
      expect(response.status).toBe(201);
      const series = (await response.json()) as SeriesJson;
      expect(series).toMatchObject({
        id: expect.any(Number),
        title: 'The Lamp Cycle',
        summary: 'Three keepers.',
        notes: 'Read in order.',
        complete: true,
        authors: [user.username],
        works: [],
        url: `http://archive.test/series/${series.id}`,
      });
      expect(await (await getSeries(series.id)).json()).toEqual(series);
      const bare = await createSeries(token, { title: 'Bare' });
      expect(bare).toMatchObject({ title: 'Bare', summary: '', notes: '', complete: false, works: [] });
    });

    it('POST validates its fields and needs an account', async () => {
      const { token } = await t().apiUser();
      for (const [json, field] of [
        [{}, 'title'],
        [{ title: '  ' }, 'title'],
        [{ title: 'x'.repeat(256) }, 'title'],
        [{ title: 'ok', summary: 's'.repeat(1251) }, 'summary'],
        [{ title: 'ok', notes: 'n'.repeat(5001) }, 'notes'],
        [{ title: 'ok', complete: 'yes' }, 'complete'],
      ] as const) {
        const response = await t().api('POST', '/api/v1/series', { token, json });
        expect(response.status, JSON.stringify(json).slice(0, 60)).toBe(422);
        expect((await errorOf(response)).fields).toHaveProperty(field);
      }
      const anonymous = await t().api('POST', '/api/v1/series', { json: { title: 'Nobody' } });
      expect(anonymous.status).toBe(401);
    });

    it('GET answers 404 for a series that does not exist', async () => {
      const response = await getSeries(999_999);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('not_found');
    });

    it('lists its works in reading order', async () => {
      const { token } = await t().apiUser();
      const series = await createSeries(token);
      const one = await postWork(t(), token, { series: { id: series.id } });
      const two = await postWork(t(), token, { series: { id: series.id } });
      const zero = await postWork(t(), token, { series: { id: series.id, position: 1 } });
      const json = (await (await getSeries(series.id)).json()) as SeriesJson;
      expect(json.works).toEqual([
        { id: zero.id, title: zero.title, position: 1 },
        { id: one.id, title: one.title, position: 2 },
        { id: two.id, title: two.title, position: 3 },
      ]);
    });

    it('appends works posted into it at the same moment as distinct parts', async () => {
      const { token } = await t().apiUser();
      const series = await createSeries(token);
      const first = await postWork(t(), token, { series: { id: series.id } });
      const responses = await Promise.all([1, 2, 3, 4].map(() => t().api('POST', '/api/v1/works', { token, json: workInput({ series: { id: series.id } }) })));
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as WorkJson).id));
      const json = (await (await getSeries(series.id)).json()) as SeriesJson;
      expect(json.works.map((w) => w.position)).toEqual([1, 2, 3, 4, 5]);
      expect(json.works[0]!.id).toBe(first.id);
      expect(json.works.slice(1).map((w) => w.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    });

    it('PATCH changes only the given fields', async () => {
      const { token } = await t().apiUser();
      const series = await createSeries(token, { summary: 'Kept.', notes: 'Also kept.' });
      const response = await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { title: 'Renamed', complete: true } });
      expect(response.status).toBe(200);
      const patched = (await response.json()) as SeriesJson;
      expect(patched).toMatchObject({ title: 'Renamed', summary: 'Kept.', notes: 'Also kept.', complete: true });
      expect(await (await getSeries(series.id)).json()).toEqual(patched);
      const bad = await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { title: '' } });
      expect(bad.status).toBe(422);
      expect((await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { owner: 1 } })).status).toBe(422);
      expect(((await (await getSeries(series.id)).json()) as SeriesJson).title).toBe('Renamed');
    });

    it('PATCH works reorders the parts, and refuses a list that is not exactly its works', async () => {
      const { token } = await t().apiUser();
      const series = await createSeries(token);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await postWork(t(), token, { series: { id: series.id } })).id);
      const outsider = await postWork(t(), token);
      const response = await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { works: [ids[2], ids[0], ids[1]] } });
      expect(response.status).toBe(200);
      const reordered = (await response.json()) as SeriesJson;
      expect(reordered.works.map((w) => [w.id, w.position])).toEqual([[ids[2], 1], [ids[0], 2], [ids[1], 3]]);
      const work = (await (await t().api('GET', `/api/v1/works/${ids[0]}`)).json()) as WorkJson;
      expect(work.series).toEqual([{ id: series.id, title: series.title, position: 2 }]);
      for (const works of [[ids[0], ids[1]], [ids[0], ids[1], ids[2], outsider.id], [ids[0], ids[0], ids[1]], [ids[0], ids[1], outsider.id], 'all']) {
        const refused = await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { works } });
        expect(refused.status, JSON.stringify(works)).toBe(422);
        expect((await errorOf(refused)).fields).toHaveProperty('works');
      }
      expect(((await (await getSeries(series.id)).json()) as SeriesJson).works.map((w) => w.id)).toEqual([ids[2], ids[0], ids[1]]);
    });

    it('shows draft parts to the owner only, and drops deleted works', async () => {
      const owner = await t().apiUser();
      const reader = await t().apiUser();
      const series = await createSeries(owner.token);
      const posted = await postWork(t(), owner.token, { series: { id: series.id } });
      const draft = await postWork(t(), owner.token, { draft: true, series: { id: series.id } });
      const last = await postWork(t(), owner.token, { series: { id: series.id } });
      const ownView = (await (await getSeries(series.id, owner.token)).json()) as SeriesJson;
      expect(ownView.works.map((w) => w.id)).toEqual([posted.id, draft.id, last.id]);
      for (const token of [undefined, reader.token]) {
        const view = (await (await getSeries(series.id, token)).json()) as SeriesJson;
        expect(view.works.map((w) => w.id)).toEqual([posted.id, last.id]);
        expect(view.works.map((w) => w.title)).not.toContain(draft.title);
      }
      expect((await t().api('DELETE', `/api/v1/works/${posted.id}`, { token: owner.token })).status).toBe(204);
      const after = (await (await getSeries(series.id, owner.token)).json()) as SeriesJson;
      expect(after.works.map((w) => [w.id, w.position])).toEqual([[draft.id, 1], [last.id, 2]]);
    });

    it('answers 403 to someone who does not own the series, and 401 without credentials', async () => {
      const owner = await t().apiUser();
      const other = await t().apiUser();
      const series = await createSeries(owner.token, { title: 'Mine' });
      const work = await postWork(t(), owner.token, { series: { id: series.id } });
      const patch = await t().api('PATCH', `/api/v1/series/${series.id}`, { token: other.token, json: { title: 'Stolen' } });
      expect(patch.status).toBe(403);
      expect((await errorOf(patch)).code).toBe('forbidden');
      const reorder = await t().api('PATCH', `/api/v1/series/${series.id}`, { token: other.token, json: { works: [work.id] } });
      expect(reorder.status).toBe(403);
      const remove = await t().api('DELETE', `/api/v1/series/${series.id}`, { token: other.token });
      expect(remove.status).toBe(403);
      expect((await t().api('PATCH', `/api/v1/series/${series.id}`, { json: { title: 'Anon' } })).status).toBe(401);
      expect((await t().api('DELETE', `/api/v1/series/${series.id}`)).status).toBe(401);
      expect(await (await getSeries(series.id)).json()).toMatchObject({ title: 'Mine', works: [{ id: work.id }] });
      // An admin may edit it.
      const admin = await t().apiUser({ admin: true });
      const byAdmin = await t().api('PATCH', `/api/v1/series/${series.id}`, { token: admin.token, json: { complete: true } });
      expect(byAdmin.status).toBe(200);
      expect(await byAdmin.json()).toMatchObject({ title: 'Mine', complete: true });
    });

    it('DELETE answers 204; the series then answers 410 and its works stay, without it', async () => {
      const { token } = await t().apiUser();
      const series = await createSeries(token);
      const work = await postWork(t(), token, { series: { id: series.id } });
      expect((await t().api('DELETE', `/api/v1/series/${series.id}`, { token })).status).toBe(204);
      for (const response of [
        await getSeries(series.id),
        await getSeries(series.id, token),
        await t().api('PATCH', `/api/v1/series/${series.id}`, { token, json: { title: 'Back' } }),
        await t().api('DELETE', `/api/v1/series/${series.id}`, { token }),
      ]) {
        expect(response.status).toBe(410);
        expect((await errorOf(response)).code).toBe('gone');
      }
      expect((await t().app.request(`/series/${series.id}`)).status).toBe(410);
      const kept = await t().api('GET', `/api/v1/works/${work.id}`);
      expect(kept.status).toBe(200);
      expect(((await kept.json()) as WorkJson).series).toEqual([]);
      // A deleted series cannot take new parts.
      const refused = await t().api('POST', '/api/v1/works', { token, json: workInput({ series: { id: series.id } }) });
      expect(refused.status).toBe(422);
    });
  });
});
