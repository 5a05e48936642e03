import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, unique, type TestContext } from '../../test/helpers.js';
import { listChapters } from '../works/chapters.queries.js';
import { apiImport, buildEpub, buildZip, sentences } from './import-test-files.js';

// Each import format round-trips through the page and the API: the draft work has the file's chapters (rendered,
// sanitized and counted as posting does) and the metadata the file carries.

interface WorkJson {
  id: number;
  title: string;
  summary: string;
  notes: string;
  language: string;
  rating: string;
  warnings: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  draft: boolean;
  chapter_count: number;
  word_count: number;
  series: { id: number; title: string; position: number }[];
}

describe('import formats', () => {
  forEachDatabase((t: () => TestContext) => {
    async function importAs(name: string, bytes: Uint8Array | string) {
      const { user, token } = await t().apiUser();
      const response = await apiImport(t(), token, name, bytes);
      if (response.status !== 201) throw new Error(`import failed with ${response.status}: ${await response.text()}`);
      const work = (await response.json()) as WorkJson;
      return { user, token, work, chapters: await listChapters(t().db, work.id, true) };
    }

    it('imports an EPUB 3 in spine order, with its title, summary, subjects, language and series', async () => {
      const title = unique('The Lamp Room ');
      const epub = buildEpub({
        title,
        description: 'A keeper & a storm.',
        subjects: ['Lighthouses', 'Weather'],
        language: 'fr',
        series: { title: 'Coastal Books', position: 2 },
        chapters: [
          { title: 'Dusk', paragraphs: sentences(3) },
          { title: 'Night', paragraphs: sentences(2, 'The wind rose') },
          { title: 'Morning', paragraphs: sentences(1, 'The sea was calm') },
        ],
      });
      const { work, chapters } = await importAs('lamp-room.epub', epub);
      expect(work).toMatchObject({ title, summary: 'A keeper & a storm.', language: 'fr', draft: true, chapter_count: 3, freeforms: ['Lighthouses', 'Weather'] });
      expect(work.rating).toBe('Not Rated');
      expect(work.fandoms).toEqual(['No Fandom']);
      expect(work.series).toEqual([expect.objectContaining({ title: 'Coastal Books', position: 1 })]);
      expect(chapters.map((c) => c.title)).toEqual(['Dusk', 'Night', 'Morning']);
      expect(chapters[0]!.body_html).toBe('<p>The tide came in over the flat sand.</p><p>The tide came in while the gulls waited.</p><p>The tide came in and the lamp turned slowly.</p>');
      expect(chapters.map((c) => c.word_count)).toEqual([25, 14, 8]);
      expect(work.word_count).toBe(47);
    });

    it('imports an EPUB 2 with a DOCTYPE and calibre series metadata, joining an existing series of the same title', async () => {
      const { token } = await t().apiUser();
      const seriesTitle = unique('Harbour Tales ');
      const first = await t().api('POST', '/api/v1/works', { token, json: { title: 'Part one', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], series: { title: seriesTitle }, chapters: [{ body: 'One.' }] } });
      const seriesId = ((await first.json()) as WorkJson).series[0]!.id;
      const epub = buildEpub({ title: 'Part two', version: '2.0', series: { title: seriesTitle, position: 2 }, chapters: [{ title: 'Part two', paragraphs: sentences(2) }] });
      const response = await apiImport(t(), token, 'part-two.epub', epub);
      expect(response.status).toBe(201);
      const work = (await response.json()) as WorkJson;
      expect(work.series).toEqual([{ id: seriesId, title: seriesTitle, position: 2 }]);
      // A single chapter titled as the work is left untitled.
      expect((await listChapters(t().db, work.id, true)).map((c) => c.title)).toEqual(['']);
    });

    it('imports one HTML file as one chapter, or one chapter per h2 when there are several, without scripts', async () => {
      const single = await importAs(
        'evening.html',
        '<!DOCTYPE html><html lang="de"><head><title>Evening &amp; After</title><meta name="description" content="A short walk."><meta name="keywords" content="walks, dusk"></head>' +
          '<body><h1>Evening &amp; After</h1><p onclick="alert(1)">The path <em>curved</em> down.</p><script>alert(2)</script><style>p{}</style><p>Then home.</p></body></html>',
      );
      expect(single.work).toMatchObject({ title: 'Evening & After', summary: 'A short walk.', language: 'de', freeforms: ['walks', 'dusk'], chapter_count: 1 });
      expect(single.chapters[0]!.body_html).toBe('<p>The path <em>curved</em> down.</p><p>Then home.</p>');

      const split = await importAs('three.htm', '<html><head><title>Three Walks</title></head><body><h2>North</h2><p>Up the hill.</p><h2>South</h2><p>Down to the river.</p><h2>West</h2><p>Into the sun.</p></body></html>');
      expect(split.work).toMatchObject({ title: 'Three Walks', chapter_count: 3 });
      expect(split.chapters.map((c) => [c.title, c.body_html])).toEqual([
        ['North', '<p>Up the hill.</p>'],
        ['South', '<p>Down to the river.</p>'],
        ['West', '<p>Into the sun.</p>'],
      ]);
    });

    it('imports Markdown with front matter, split at "# " headings but not inside code fences', async () => {
      const markdown = [
        '---',
        'title: "Notes From The Shore"',
        'summary: Gulls, weather and a lamp.',
        'tags: gulls, sea spray',
        'fandoms: Original Work',
        'rating: general audiences',
        'warnings: No Archive Warnings Apply',
        'language: en-GB',
        '---',
        '# First Light',
        '',
        'The *lamp* went out at six.',
        '',
        '```',
        '# not a chapter',
        '```',
        '',
        '# Second Light',
        '',
        'It was lit again at <b>nine</b>.<script>alert(1)</script>',
      ].join('\n');
      const { work, chapters } = await importAs('shore.md', markdown);
      expect(work).toMatchObject({ title: 'Notes From The Shore', summary: 'Gulls, weather and a lamp.', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], freeforms: ['gulls', 'sea spray'], language: 'en-GB', chapter_count: 2 });
      expect(chapters.map((c) => c.title)).toEqual(['First Light', 'Second Light']);
      expect(chapters[0]!.body_format).toBe('markdown');
      expect(chapters[0]!.body_html).toContain('<em>lamp</em>');
      expect(chapters[0]!.body_html).toContain('# not a chapter');
      expect(chapters[1]!.body_html.trim()).toBe('<p>It was lit again at <b>nine</b>.</p>');
    });

    it('imports a zip of chapter files in natural name order, with work.json metadata', async () => {
      const zip = buildZip({
        'work.json': JSON.stringify({ title: 'Ten Small Rooms', summary: 'Rooms, one by one.', fandoms: ['Original Work'], characters: ['The Keeper'], rating: 'Teen And Up Audiences', warnings: ['No Archive Warnings Apply'], series: { title: 'Rooms', position: 1 } }),
        'chapters/chapter-10.md': '# The Tenth Room\n\nA window at last.',
        'chapters/chapter-2.html': '<html><head><title>Ignored</title></head><body><h2>The Second Room</h2><p>A chair.</p></body></html>',
        'chapters/chapter-1.txt': 'The first room was <empty>.\n\nNothing & no one.',
        '__MACOSX/._chapter-1.txt': 'resource fork',
        'cover.png': new Uint8Array([137, 80, 78, 71]),
      });
      const { work, chapters } = await importAs('rooms.zip', zip);
      expect(work).toMatchObject({ title: 'Ten Small Rooms', summary: 'Rooms, one by one.', rating: 'Teen And Up Audiences', characters: ['The Keeper'], chapter_count: 3 });
      expect(work.series).toEqual([expect.objectContaining({ title: 'Rooms' })]);
      expect(chapters.map((c) => c.title)).toEqual(['chapter-1', 'The Second Room', 'The Tenth Room']);
      expect(chapters[0]!.body_html).toBe('<p>The first room was &lt;empty&gt;.</p>\n<p>Nothing &amp; no one.</p>');
      expect(chapters[1]!.body_html).toBe('<p>A chair.</p>');
    });

    it('takes metadata from the first Markdown file’s front matter when a zip has no work.json', async () => {
      const zip = buildZip({ '01.md': '---\ntitle: Two Doors\ntags: doors\n---\n# Open\n\nThe first door.', '02.md': 'The second door.' });
      const { work, chapters } = await importAs('doors.zip', zip);
      expect(work).toMatchObject({ title: 'Two Doors', freeforms: ['doors'] });
      expect(chapters.map((c) => [c.title, c.body_source])).toEqual([
        ['Open', 'The first door.'],
        ['02', 'The second door.'],
      ]);
    });

    it('imports through the page: the draft opens for review and posts with the existing action', async () => {
      const browser = t().browser();
      const user = await t().signUp(browser);
      const page = await browser.get('/works/import');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('enctype="multipart/form-data"');
      expect(html).toContain('name="_csrf"');

      const form = new FormData();
      form.append('_csrf', browser.csrfToken());
      form.append('file', new File([buildEpub({ title: 'Tidewater', chapters: [{ title: 'Low', paragraphs: sentences(2) }, { title: 'High', paragraphs: sentences(2) }] }) as BlobPart], 'tidewater.epub'));
      const response = await browser.request('/works/import', { method: 'POST', body: form });
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      expect(location).toMatch(/^\/works\/\d+\?view_full_work=true$/);
      const preview = pageText(await (await browser.get(location)).text());
      expect(preview).toContain('Imported as a draft with 2 chapters');
      expect(preview).toContain('This work is a draft');
      expect(preview).toContain('Low');
      expect(preview).toContain('The tide came in while the gulls waited.');

      const workId = Number(/\/works\/(\d+)/.exec(location)![1]);
      expect((await browser.post(`/works/${workId}/post`)).status).toBe(303);
      const posted = await t().api('GET', `/api/v1/works/${workId}`);
      expect(await posted.json()).toMatchObject({ draft: false, chapter_count: 2, authors: [user.username] });
    });
  });
});
