import { CompiledQuery } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, postWork, unique, type WorkJson } from '../../test/helpers.js';
import type { DbLike } from '../db/connection.js';
import { parseListingFilter, resolveFilterTags, type ResolvedFilter } from './filters.js';
import { filterIdOf, listFilteredWorks, matchingWorks, type ListingDriver } from './listings.queries.js';
import { rebuildAllWorkFilters } from './work-filters.queries.js';

// The listing engine built for a million works (issue 7): work_filters kept in step with tags and wrangling, totals
// and facets kept per filter yet exact after every write, the two ways of reading a page agreeing, and the query plans
// using the indexes they were built for.

type ListJson = { items: WorkJson[]; total: number; facets: { freeforms: { name: string; count: number }[] } | null };

const viewer = { excludeAuthorIds: [], excludeTagIds: [] };

async function resolve(db: DbLike, query: string): Promise<ResolvedFilter> {
  const params = new URLSearchParams(query);
  const { filter, errors } = parseListingFilter((name) => params.getAll(name));
  const resolved = await resolveFilterTags(db, filter, errors);
  expect(errors).toEqual({});
  return resolved;
}

async function workFilterRows(db: DbLike): Promise<string[]> {
  const rows = await db.selectFrom('work_filters').select(['filter_id', 'work_id']).orderBy('filter_id').orderBy('work_id').execute();
  return rows.map((r) => `${r.filter_id}:${r.work_id}`);
}

forEachDatabase((t) => {
  let token: string;
  const n = (name: string) => `${name} ${unique('s')}`;
  const fandom = n('Scale Fandom');
  const meta = n('Scale Meta');
  const sub = n('Scale Sub');
  const trope = n('Scale Trope');
  const tropeSyn = n('Scale Trope Alias');
  const other = n('Scale Other');
  const works: WorkJson[] = [];

  async function list(query: string): Promise<ListJson> {
    const response = await t().api('GET', `/api/v1/works?${query}`, { token });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as ListJson;
  }
  const patch = async (name: string, json: unknown) => expect((await t().api('PATCH', `/api/v1/tags/${encodeURIComponent(name)}`, { token, json })).status).toBe(200);

  beforeAll(async () => {
    token = (await t().apiUser({ admin: true })).token;
    for (let i = 0; i < 12; i++) {
      const freeforms = i % 3 === 0 ? [tropeSyn] : i % 3 === 1 ? [trope] : [other];
      const fandoms = i % 2 === 0 ? [fandom] : [sub];
      works.push(await postWork(t(), token, { title: `Scale ${String(i).padStart(2, '0')}`, fandoms, freeforms, rating: i % 4 === 0 ? 'Mature' : 'General Audiences' }));
    }
    await patch(trope, { canonical: true });
    await patch(sub, { canonical: true, add_parents: [meta] });
  });

  it('keeps work_filters equal to a rebuild from work_tags and tag_filters through posting, editing and wrangling', async () => {
    await patch(tropeSyn, { synonym_of: trope });
    await patch(fandom, { canonical: true, add_parents: [meta] });
    await patch(fandom, { remove_parents: [meta] });
    const edited = await t().api('PATCH', `/api/v1/works/${works[0]!.id}`, { token, json: { freeforms: [other, trope] } });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const incremental = await workFilterRows(t().db);
    await rebuildAllWorkFilters(t().db);
    expect(incremental).toEqual(await workFilterRows(t().db));
    expect(incremental.length).toBeGreaterThan(0);
  });

  it('answers a repeated filter from its kept summary and is still exact at once after posting, re-tagging, kudos and wrangling', async () => {
    const query = `tags=${encodeURIComponent(trope)}&sort=kudos&facets=true`;
    const first = await list(query);
    expect(first.total).toBe(8); // the trope, its synonym after wrangling (works 0 and every third), work 0 re-tagged
    expect((await list(query)).total).toBe(8);

    // A new work under the synonym is counted on the very next request.
    const added = await postWork(t(), token, { title: 'Scale new', fandoms: [fandom], freeforms: [tropeSyn] });
    expect((await list(query)).total).toBe(9);

    // Kudos only reorder: the page follows at once (pages are never kept), the total stays.
    const kudos = await t().api('POST', `/api/v1/works/${added.id}/kudos`, { token: (await t().apiUser()).token });
    expect(kudos.status, await kudos.clone().text()).toBeLessThan(300);
    const reordered = await list(query);
    expect(reordered.items[0]!.id).toBe(added.id);
    expect(reordered.total).toBe(9);

    // Re-tagging a work out of the filter, and un-wrangling the synonym, change the total at once.
    expect((await t().api('PATCH', `/api/v1/works/${added.id}`, { token, json: { freeforms: [other] } })).status).toBe(200);
    expect((await list(query)).total).toBe(8);
    await patch(tropeSyn, { synonym_of: null });
    const unwrangled = await list(query);
    expect(unwrangled.total).toBe(5);
    expect(unwrangled.items.every((w) => (w as unknown as { freeforms: string[] }).freeforms.includes(trope))).toBe(true);
  });

  it('moves a tag listing’s version only when a work under that tag changes', async () => {
    const lone = n('Scale Lone');
    const elsewhere = n('Scale Elsewhere');
    const first = await postWork(t(), token, { title: 'Scale lone', freeforms: [lone] });
    const { readListingVersions } = await import('./listing-version.queries.js');
    const loneTag = (await resolve(t().db, `tags=${encodeURIComponent(lone)}`)).includeTags[0]!;
    const version = async () => (await readListingVersions(t().db, [filterIdOf(loneTag)], 'updated')).matches;
    const before = await version();
    await postWork(t(), token, { title: 'Scale elsewhere', freeforms: [elsewhere] });
    expect(await version()).toBe(before);
    expect((await t().api('PATCH', `/api/v1/works/${first.id}`, { token, json: { rating: 'Mature' } })).status).toBe(200);
    const afterEdit = await version();
    expect(afterEdit).not.toBe(before);
    await postWork(t(), token, { title: 'Scale lone two', freeforms: [lone] });
    expect(await version()).not.toBe(afterEdit);
  });

  it('keeps the ids of a sorted page until a write moves its matches or its sort counter, and no longer', async () => {
    const tag = n('Scale Order');
    const [first, second, third] = [await postWork(t(), token, { title: 'Scale order C', freeforms: [tag] }), await postWork(t(), token, { title: 'Scale order A', freeforms: [tag] }), await postWork(t(), token, { title: 'Scale order B', freeforms: [tag] })];
    const titles = async (sort: string) => (await list(`tags=${encodeURIComponent(tag)}&sort=${sort}`)).items.map((w) => w.title);
    const kudos = async (workId: number) => expect((await t().api('POST', `/api/v1/works/${workId}/kudos`, { token: (await t().apiUser()).token })).status).toBeLessThan(300);
    // Kudos order (ties newest first), then each kudos moves a work up at once.
    expect(await titles('kudos')).toEqual(['Scale order B', 'Scale order A', 'Scale order C']);
    await kudos(first!.id);
    expect(await titles('kudos')).toEqual(['Scale order C', 'Scale order B', 'Scale order A']);
    await kudos(second!.id);
    await kudos(second!.id);
    expect(await titles('kudos')).toEqual(['Scale order A', 'Scale order C', 'Scale order B']);
    // A kudos leaves the version of title-ordered pages alone (the kept ids stay in use); a retitling moves it.
    const { readListingVersions } = await import('./listing-version.queries.js');
    const filterId = filterIdOf((await resolve(t().db, `tags=${encodeURIComponent(tag)}`)).includeTags[0]!);
    const versions = (sort: string) => readListingVersions(t().db, [filterId], sort);
    expect(await titles('title')).toEqual(['Scale order A', 'Scale order B', 'Scale order C']);
    const [byTitle, byKudos] = [await versions('title'), await versions('kudos')];
    await kudos(third!.id);
    expect(await versions('title')).toEqual(byTitle);
    expect((await versions('kudos')).order).not.toBe(byKudos.order);
    expect((await t().api('PATCH', `/api/v1/works/${third!.id}`, { token, json: { title: 'Scale order 0' } })).status).toBe(200);
    expect(await titles('title')).toEqual(['Scale order 0', 'Scale order A', 'Scale order C']);
    // The works on a kept page are read fresh: their counters are current.
    const listed = (await list(`tags=${encodeURIComponent(tag)}&sort=kudos`)).items;
    expect(listed.map((w) => [w.title, (w as unknown as { stats: { kudos: number } }).stats.kudos])).toEqual([['Scale order A', 2], ['Scale order 0', 1], ['Scale order C', 1]]);
  });

  it('shares one computation among concurrent requests for the same cold listing, and retries one that failed', async () => {
    const tag = n('Scale Burst');
    await postWork(t(), token, { title: 'Scale burst', freeforms: [tag] });
    const { filterStore } = await import('./listing-summaries.js');
    const filter = await resolve(t().db, `tags=${encodeURIComponent(tag)}`);
    let runs = 0;
    const slowCount = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { total: runs };
    };
    const stores = await Promise.all([1, 2, 3].map(() => filterStore(t().db, filter, viewer)));
    const answers = await Promise.all(stores.map((store) => store.getOrCompute('burst', slowCount)));
    expect(runs).toBe(1);
    expect(answers).toEqual([{ total: 1 }, { total: 1 }, { total: 1 }]);
    expect(await (await filterStore(t().db, filter, viewer)).getOrCompute('burst', slowCount)).toEqual({ total: 1 });
    // A failure reaches every request that shared it and is not kept: the next request computes again.
    const failing = await Promise.allSettled(stores.map((store) => store.getOrCompute('broken', () => Promise.reject(new Error('database away')))));
    expect(failing.map((f) => f.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await (await filterStore(t().db, filter, viewer)).getOrCompute('broken', async () => 'recovered')).toBe('recovered');
  });

  it('reads the same page whichever way it starts: walking the sort index or from the narrowest tag', async () => {
    for (const query of [
      `tags=${encodeURIComponent(meta)},${encodeURIComponent(trope)}&sort=kudos`,
      `tags=${encodeURIComponent(meta)}&exclude_tags=${encodeURIComponent(other)}&sort=title&order=asc`,
      `tags=${encodeURIComponent(other)},${encodeURIComponent(meta)}&ratings=General Audiences&sort=updated`,
    ]) {
      const filter = await resolve(t().db, query);
      for (const offset of [0, 2, 5]) {
        const page = { ...viewer, limit: 3, offset };
        const read = async (driver?: ListingDriver) => (await listFilteredWorks(t().db, filter, page, driver)).map((w) => w.id);
        const planned = await read();
        expect(await read({ kind: 'sort' })).toEqual(planned);
        for (const index of filter.includeTags.keys()) expect(await read({ kind: 'tag', index })).toEqual(planned);
      }
    }
  });

  describe('query plans', () => {
    async function plan(query: CompiledQuery, settings: string[] = []): Promise<string> {
      const db = t().db;
      if (t().dialect === 'sqlite') {
        const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
        return result.rows.map((r) => r.detail).join('\n');
      }
      return db.transaction().execute(async (trx) => {
        for (const setting of settings) await trx.executeQuery(CompiledQuery.raw(setting));
        const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
        return result.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    }
    const page = async (query: string, driver: ListingDriver) => {
      const filter = await resolve(t().db, query);
      return matchingWorks(t().db, filter, viewer, driver).selectAll('works').orderBy('works.kudos_count', 'desc').orderBy('works.id', 'desc').limit(20).compile();
    };
    // The test data is tiny, so PostgreSQL would rightly scan whole tables: with scans priced out, its plan shows which
    // indexes the query can use at all. SQLite's plan does not depend on table sizes without statistics.
    const noScans = ['set local enable_seqscan = off', 'set local enable_bitmapscan = off'];

    it('walks the kudos index and probes work_filters by its key for a broad filter, with no sort', async () => {
      const text = await plan(await page(`tags=${encodeURIComponent(meta)},${encodeURIComponent(trope)}&exclude_tags=${encodeURIComponent(other)}`, { kind: 'sort' }), noScans);
      if (t().dialect === 'sqlite') {
        expect(text).toContain('SCAN works USING INDEX works_listed_kudos_count');
        expect(text).toContain('SEARCH pf USING PRIMARY KEY (filter_id=? AND work_id=?)');
        expect(text).not.toContain('TEMP B-TREE');
      } else {
        expect(text).toContain('works_listed_kudos_count');
        expect(text).toMatch(/work_filters_pk on work_filters pf/);
        expect(text).not.toMatch(/Seq Scan|^\s*Sort\b/m);
      }
    });

    it('starts from one tag range of work_filters for a narrow filter', async () => {
      const text = await plan(await page(`tags=${encodeURIComponent(meta)},${encodeURIComponent(trope)}`, { kind: 'tag', index: 1 }), noScans);
      if (t().dialect === 'sqlite') {
        expect(text).toContain('SEARCH wf USING PRIMARY KEY (filter_id=?)');
        expect(text).toContain('SEARCH works USING INTEGER PRIMARY KEY (rowid=?)');
        expect(text).not.toMatch(/SCAN (works|wf|pf|work_tags)/);
      } else {
        expect(text).toMatch(/work_filters_pk on work_filters wf/);
        expect(text).not.toContain('Seq Scan');
      }
    });

    it('excludes a reader’s excluded tags with one probe per work', async () => {
      const filter = await resolve(t().db, `tags=${encodeURIComponent(trope)}`);
      const query = matchingWorks(t().db, filter, { excludeAuthorIds: [], excludeTagIds: [filter.includeTags[0]!.tagId + 1] }, { kind: 'tag', index: 0 }).select('works.id').compile();
      const text = await plan(query, noScans);
      if (t().dialect === 'sqlite') expect(text).toMatch(/SEARCH xf USING (COVERING INDEX work_filters_work|PRIMARY KEY) \((work|filter)_id=\? AND (work|filter)_id=\?\)/);
      else expect(text).toMatch(/Index Only Scan using work_filters_(pk|work) on work_filters xf/);
    });
  });
});

forEachDatabase((t) => {
  it('counts facets among the newest matches when more match than the sample, and says so', async () => {
    const { token } = await t().apiUser();
    const mark = `Sample Mark ${unique('m')}`;
    const ratings = ['Mature', 'Mature', 'General Audiences', 'Explicit', 'Teen And Up Audiences'];
    for (const [i, rating] of ratings.entries()) await postWork(t(), token, { title: `Sample ${i}`, freeforms: [mark], rating });
    const params = new URLSearchParams({ tags: mark });
    const read = (name: string) => params.getAll(name);
    const page = { ...viewer, limit: 2, offset: 0, facets: true };
    const { loadFilteredListing } = await import('./listings.js');
    const sampled = await loadFilteredListing(t().db, read, { ...page, facetSample: 3 });
    expect(sampled.total).toBe(5);
    expect(sampled.facets!.sampled).toBe(3);
    // The newest three: Teen, Explicit, General.
    expect(Object.fromEntries(sampled.facets!.ratings.map((r) => [r.value, r.count]))).toEqual({ 'Teen And Up Audiences': 1, Explicit: 1, 'General Audiences': 1 });
    const exact = await loadFilteredListing(t().db, read, page);
    expect(exact.facets!.sampled).toBeNull();
    expect(exact.facets!.ratings.reduce((n, r) => n + r.count, 0)).toBe(5);
  });
});
