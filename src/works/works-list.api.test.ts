import { describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, workInput, type ApiErrorJson, type SeriesJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// GET /api/v1/works (keyset pagination), tag reuse across works, and placing a work in a series when posting it.

interface WorkList {
  items: WorkJson[];
  total: number;
  next: string | null;
}

describe('/api/v1/works listing, tags and series', () => {
  forEachDatabase((t: () => TestContext) => {
    async function list(query: string): Promise<WorkList> {
      const response = await t().api('GET', `/api/v1/works${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as WorkList;
    }

    describe('GET /api/v1/works', () => {
      it('pages with limit and the next cursor, newest update first, without duplicates or gaps', async () => {
        const { token } = await t().apiUser();
        const mine: number[] = [];
        for (let i = 0; i < 7; i++) mine.push((await postWork(t(), token)).id);
        await postWork(t(), token, { draft: true });
        const deleted = await postWork(t(), token);
        expect((await t().api('DELETE', `/api/v1/works/${deleted.id}`, { token })).status).toBe(204);

        const seen: WorkJson[] = [];
        let page = await list('?limit=3');
        const total = page.total;
        let pages = 1;
        for (;;) {
          expect(page.total).toBe(total);
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items);
          if (page.next === null) break;
          expect(page.items).toHaveLength(3);
          page = await list(`?limit=3&cursor=${encodeURIComponent(page.next)}`);
          pages++;
          expect(pages).toBeLessThan(50);
        }
        const ids = seen.map((w) => w.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(total);
        expect(pages).toBe(Math.ceil(total / 3));
        for (const id of mine) expect(ids).toContain(id);
        expect(ids).not.toContain(deleted.id);
        expect(seen.every((w) => !w.draft)).toBe(true);
        // Newest update first, ties broken by the newer id.
        for (let i = 1; i < seen.length; i++) {
          const [a, b] = [seen[i - 1]!, seen[i]!];
          expect(a.updated_at! > b.updated_at! || (a.updated_at === b.updated_at && a.id > b.id)).toBe(true);
        }
        // The seven works posted one after another come out newest first.
        expect(ids.filter((id) => mine.includes(id))).toEqual([...mine].reverse());
      });

      it('defaults to 20 items and ends with next: null', async () => {
        const { token } = await t().apiUser();
        for (let i = 0; i < 2; i++) await postWork(t(), token);
        const page = await list('');
        expect(page.items.length).toBe(Math.min(20, page.total));
        expect(page.next === null).toBe(page.total <= 20);
        const all = await list('?limit=100');
        expect(all.items).toHaveLength(all.total);
        expect(all.next).toBeNull();
      });

      it('answers 400 for a bad limit or cursor', async () => {
        for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?limit=2.5', '?cursor=not-a-cursor', `?cursor=${Buffer.from('["x","y"]').toString('base64url')}`]) {
          const response = await t().api('GET', `/api/v1/works${query}`);
          expect(response.status, query).toBe(400);
          expect(((await response.json()) as ApiErrorJson).error.code).toBe('bad_request');
        }
      });
    });

    describe('tags', () => {
      it('reuse one tag for names that differ only in case, shown with the spelling it was created with', async () => {
        const { token } = await t().apiUser();
        const name = unique('Lighthouse Keepers ');
        const first = await postWork(t(), token, { fandoms: [name] });
        expect(first.fandoms).toEqual([name]);
        const second = await postWork(t(), token, { fandoms: [name.toLowerCase()], freeforms: [name.toUpperCase(), '  Found   Family  '] });
        // One tag: the second work carries it once, under the first field it was entered in, as first written.
        expect(second.fandoms).toEqual([name]);
        expect(second.freeforms).toEqual(['Found Family']);
        const rows = await t().db.selectFrom('tags').select(['name', 'name_key']).where('name_key', '=', name.toLowerCase()).execute();
        expect(rows).toEqual([{ name, name_key: name.toLowerCase() }]);
      });

      it('treat composed and decomposed accents, and any letter case, as the same tag', async () => {
        const { token } = await t().apiUser();
        const suffix = unique('');
        const composed = `Café ${suffix}`;
        const first = await postWork(t(), token, { freeforms: [composed] });
        const second = await postWork(t(), token, { freeforms: [`CAFE\u0301 ${suffix}`] });
        expect(first.freeforms).toEqual([composed]);
        expect(second.freeforms).toEqual([composed]);
        const rows = await t().db.selectFrom('tags').select('name').where('name_key', '=', composed.toLowerCase()).execute();
        expect(rows).toHaveLength(1);
      });

      it('keep a work\'s tags in the order the author gave and drop repeats within a field', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token, { characters: ['Zed', 'Amy', 'zed', 'Mo'] });
        expect(work.characters).toEqual(['Zed', 'Amy', 'Mo']);
      });

      it('reject empty tags, tags with commas and overlong tags', async () => {
        const { token } = await t().apiUser();
        for (const [overrides, field] of [
          [{ freeforms: ['ok', '  '] }, 'freeforms.1'],
          [{ characters: ['a, b'] }, 'characters.0'],
          [{ relationships: ['x'.repeat(151)] }, 'relationships.0'],
          [{ fandoms: 'Original Work' }, 'fandoms'],
        ] as const) {
          const response = await t().api('POST', '/api/v1/works', { token, json: { ...workInput(), ...overrides } });
          expect(response.status).toBe(422);
          expect(((await response.json()) as ApiErrorJson).error.fields).toHaveProperty([field]);
        }
      });
    });

    describe('series on posting', () => {
      async function series(id: number): Promise<SeriesJson> {
        return (await (await t().api('GET', `/api/v1/series/${id}`)).json()) as SeriesJson;
      }

      it('{title} creates a series with the work as part 1', async () => {
        const { user, token } = await t().apiUser();
        const title = unique('Saga ');
        const work = await postWork(t(), token, { series: { title } });
        expect(work.series).toEqual([{ id: expect.any(Number), title, position: 1 }]);
        expect(await series(work.series[0]!.id)).toMatchObject({ title, authors: [user.username], works: [{ id: work.id, title: work.title, position: 1 }] });
      });

      it('{id} appends the work as the next part; {id, position} inserts it there', async () => {
        const { token } = await t().apiUser();
        const one = await postWork(t(), token, { series: { title: unique('Saga ') } });
        const seriesId = one.series[0]!.id;
        const two = await postWork(t(), token, { series: { id: seriesId } });
        expect(two.series).toEqual([{ id: seriesId, title: one.series[0]!.title, position: 2 }]);
        const prequel = await postWork(t(), token, { series: { id: seriesId, position: 1 } });
        expect(prequel.series[0]!.position).toBe(1);
        const middle = await postWork(t(), token, { series: { id: seriesId, position: 3 } });
        expect(middle.series[0]!.position).toBe(3);
        const beyond = await postWork(t(), token, { series: { id: seriesId, position: 99 } });
        expect(beyond.series[0]!.position).toBe(5);
        expect((await series(seriesId)).works.map((w) => [w.id, w.position])).toEqual([
          [prequel.id, 1],
          [one.id, 2],
          [middle.id, 3],
          [two.id, 4],
          [beyond.id, 5],
        ]);
        // The earlier parts' JSON follows the renumbering.
        const first = (await (await t().api('GET', `/api/v1/works/${one.id}`)).json()) as WorkJson;
        expect(first.series).toEqual([{ id: seriesId, title: one.series[0]!.title, position: 2 }]);
      });

      it('PATCH can put an existing work into a series and take it out again', async () => {
        const { token } = await t().apiUser();
        const one = await postWork(t(), token, { series: { title: unique('Saga ') } });
        const seriesId = one.series[0]!.id;
        const loose = await postWork(t(), token);
        const joined = (await (await t().api('PATCH', `/api/v1/works/${loose.id}`, { token, json: { series: { id: seriesId } } })).json()) as WorkJson;
        expect(joined.series).toEqual([{ id: seriesId, title: one.series[0]!.title, position: 2 }]);
        const moved = (await (await t().api('PATCH', `/api/v1/works/${loose.id}`, { token, json: { series: { id: seriesId, position: 1 } } })).json()) as WorkJson;
        expect(moved.series[0]!.position).toBe(1);
        expect((await series(seriesId)).works.map((w) => w.id)).toEqual([loose.id, one.id]);
        const left = (await (await t().api('PATCH', `/api/v1/works/${loose.id}`, { token, json: { leave_series: [seriesId] } })).json()) as WorkJson;
        expect(left.series).toEqual([]);
        expect((await series(seriesId)).works).toEqual([{ id: one.id, title: one.title, position: 1 }]);
      });

      it('refuses someone else\'s series, a missing one, and a malformed reference with 422', async () => {
        const owner = await t().apiUser();
        const other = await t().apiUser();
        const theirs = await postWork(t(), owner.token, { series: { title: unique('Theirs ') } });
        const seriesId = theirs.series[0]!.id;
        const before = (await list('?limit=1')).total;
        for (const ref of [{ id: seriesId }, { id: seriesId, position: 1 }, { id: 999_999 }, { id: 'one' }, { name: 'x' }, { title: '' }]) {
          const response = await t().api('POST', '/api/v1/works', { token: other.token, json: workInput({ series: ref }) });
          expect(response.status, JSON.stringify(ref)).toBe(422);
          const fields = ((await response.json()) as ApiErrorJson).error.fields ?? {};
          expect(Object.keys(fields).some((k) => k === 'series' || k.startsWith('series.'))).toBe(true);
        }
        const mine = await postWork(t(), other.token);
        const patch = await t().api('PATCH', `/api/v1/works/${mine.id}`, { token: other.token, json: { series: { id: seriesId } } });
        expect(patch.status).toBe(422);
        // Nothing was created and the series is untouched.
        expect((await list('?limit=1')).total).toBe(before + 1);
        expect((await series(seriesId)).works.map((w) => w.id)).toEqual([theirs.id]);
      });
    });
  });
});

