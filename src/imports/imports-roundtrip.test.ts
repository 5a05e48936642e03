import { describe, expect, it } from 'vitest';
import { forEachDatabase, unique, type TestContext } from '../../test/helpers.js';
import { buildWorkEpub } from '../downloads/epub.js';
import { listChapters } from '../works/chapters.queries.js';
import { apiImport } from './import-test-files.js';

// A work downloaded from Chapterhouse (EPUB and HTML) and imported by someone else comes back whole: metadata from
// the title page, chapters with their titles, notes and text, and the series.

describe('importing Chapterhouse downloads', () => {
  forEachDatabase((t: () => TestContext) => {
    async function postFullWork() {
      const { token } = await t().apiUser();
      const seriesTitle = unique('Harbour Lights ');
      const response = await t().api('POST', '/api/v1/works', {
        token,
        json: {
          title: 'Lanterns & <Lamps> "at" Dusk',
          summary: 'A keeper tends three lamps.\n\nOne goes out.',
          notes: 'Written on a rainy week.',
          end_notes: 'Thank you for reading.',
          language: 'fr',
          rating: 'Teen And Up Audiences',
          warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
          fandoms: ['Original Work', unique('Coastal Tales ')],
          relationships: ['Keeper/Sea'],
          characters: ['The Keeper', 'The Gull'],
          freeforms: ['Storms', 'Found family'],
          series: { title: seriesTitle },
          chapters: [
            { title: 'First Lamp', summary: 'The first one.', notes: 'Short chapter.', end_notes: 'More soon.', body: '<p>The first lamp was <em>brass</em>.</p><table><tr><td>one</td><td>two</td></tr></table>' },
            { title: '', body: '<p>The second lamp was glass.</p><ul><li>wick</li><li>oil</li></ul>' },
            { title: 'Third Lamp', body: '<p>The third lamp never lit.</p>' },
          ],
        },
      });
      expect(response.status).toBe(201);
      return { work: (await response.json()) as { id: number; word_count: number }, seriesTitle };
    }

    async function expectSameWork(importedId: number, originalId: number, seriesTitle: string) {
      const imported = (await (await t().api('GET', `/api/v1/works/${importedId}`, { token: (await t().apiUser({ admin: true })).token })).json()) as Record<string, unknown>;
      expect(imported).toMatchObject({
        title: 'Lanterns & <Lamps> "at" Dusk',
        summary: 'A keeper tends three lamps.\n\nOne goes out.',
        notes: 'Written on a rainy week.',
        end_notes: 'Thank you for reading.',
        language: 'fr',
        rating: 'Teen And Up Audiences',
        warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
        relationships: ['Keeper/Sea'],
        characters: ['The Keeper', 'The Gull'],
        freeforms: ['Storms', 'Found family'],
        draft: true,
        chapter_count: 3,
      });
      expect((imported.fandoms as string[])[0]).toBe('Original Work');
      expect(imported.series).toEqual([expect.objectContaining({ title: seriesTitle, position: 1 })]);
      const original = await listChapters(t().db, originalId, true);
      const copy = await listChapters(t().db, importedId, true);
      expect(copy.map((c) => [c.title, c.summary, c.notes, c.end_notes, c.body_html, c.word_count])).toEqual(
        original.map((c) => [c.title, c.summary, c.notes, c.end_notes, c.body_html, c.word_count]),
      );
    }

    it('imports an EPUB built by buildWorkEpub as another author, whole', async () => {
      const { work, seriesTitle } = await postFullWork();
      const epub = await buildWorkEpub(t().db, work.id, { baseUrl: t().config.baseUrl });
      const { token } = await t().apiUser();
      const response = await apiImport(t(), token, 'lanterns.epub', epub);
      expect(response.status).toBe(201);
      await expectSameWork(((await response.json()) as { id: number }).id, work.id, seriesTitle);
    });

    it('imports the HTML download of a work, whole', async () => {
      const { work, seriesTitle } = await postFullWork();
      const download = await t().app.request(`/works/${work.id}/download.html?view_adult=true`);
      expect(download.status).toBe(200);
      const { token } = await t().apiUser();
      const response = await apiImport(t(), token, 'lanterns.html', await download.text());
      expect(response.status).toBe(201);
      await expectSameWork(((await response.json()) as { id: number }).id, work.id, seriesTitle);
    });
  });
});
