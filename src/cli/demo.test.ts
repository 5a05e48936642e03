import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/helpers.js';
import { findUserByUsername } from '../accounts/users.queries.js';
import { listSeriesParts, listUserSeries } from '../series/series.queries.js';
import { loadDemo } from './demo.js';

describe('chapterhouse demo', () => {
  forEachDatabase((t) => {
    it('loads about twenty works, a three-part series, adult works, two languages and a draft; and only once', async () => {
      const lines: string[] = [];
      const result = await loadDemo(t().db, t().config, (line) => lines.push(line));
      expect(result.skipped).toBe(false);
      expect(result.works).toBeGreaterThanOrEqual(18);
      expect(lines.join('\n')).toContain('chapterhouse-demo');

      const listing = (await (await t().api('GET', '/api/v1/works?limit=100')).json()) as { items: { title: string; rating: string; language: string; chapter_count: number; word_count: number; series: { id: number }[] }[]; total: number };
      expect(listing.total).toBe(listing.items.length);
      expect(listing.items.map((w) => w.rating)).toEqual(expect.arrayContaining(['Explicit', 'Mature']));
      expect(new Set(listing.items.map((w) => w.language)).size).toBeGreaterThanOrEqual(2);
      expect(listing.items.some((w) => w.chapter_count >= 3)).toBe(true);
      expect(Math.max(...listing.items.map((w) => w.word_count))).toBeGreaterThanOrEqual(10_000);
      // The draft is not listed publicly.
      expect(listing.total).toBe(result.works - 1);

      const authors = ['wren_harbor', 'tomas-quill', 'kestrel_orbit', 'odile-marchand'];
      const users = await Promise.all(authors.map((name) => findUserByUsername(t().db, name)));
      expect(users.every((u) => u && u.is_admin === 0)).toBe(true);
      const allSeries = (await Promise.all(users.map((u) => listUserSeries(t().db, u!.id)))).flat();
      const partCounts = await Promise.all(allSeries.map(async (s) => (await listSeriesParts(t().db, s.id, false)).map((p) => p.position)));
      expect(partCounts).toContainEqual([1, 2, 3]);

      const again = await loadDemo(t().db, t().config, () => {});
      expect(again).toEqual({ works: 0, series: 0, skipped: true });
    });
  });
});
