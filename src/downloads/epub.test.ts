import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epubcheck, type EpubCheckResult } from '../../test/epubcheck.js';
import { forEachDatabase, type TestContext } from '../../test/helpers.js';
import { longWorkChapters } from '../../test/long-text.js';
import { loadDemo } from '../cli/demo.js';
import type { User } from '../db/schema.js';
import { seriesIdsOfWork } from '../series/series.queries.js';
import { createWork } from '../works/works.js';
import { buildWorkEpub } from './epub.js';

// Every demo work and a set of hard cases are built and checked with Debian's epubcheck: no errors, no warnings.
// All files of a database go to epubcheck in one JVM run (see test/epubcheck.ts).

const SPECIAL = `Tom & Jerry <3 "Quotes" & 'Apostrophes' 🐉✨`;

const TABLES_AND_LISTS = `<h2>Inventory</h2>
<table><caption>Stores</caption><thead><tr><th scope="col">Item</th><th>Count</th></tr></thead>
<tbody><tr><td>Rope</td><td align="right">12</td></tr><tr><td colspan="2">Total &amp; more</td></tr></tbody></table>
<ul><li>One<ul><li>One A<ol><li>Deepest</li></ol></li><li>One B</li></ul></li><li>Two</li></ul>
<ol start="3" type="a" reversed><li value="7">Lettered</li></ol><dl><dt>Term</dt><dd>Its meaning</dd></dl>
<p>A footnote<sup><a href="#fn1">1</a></sup> and a <a href="#missing">dangling link</a> and <a href="https://example.org/a b">an odd address</a>.</p>
<p><a name="fn1"></a>The note itself. <a name="fn1"></a>Twice named.</p>
<center>Centred</center><p><big>Big</big> <strike>old</strike> <acronym title="An acronym">ACR</acronym> <time>yesterday</time> <u>under</u></p>
<details open><summary>Spoiler</summary><p>Hidden text</p></details><p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>
<em><p>A paragraph inside emphasis</p></em><li>A stray list item</li>
<blockquote cite="https://example.org/source"><p>Quoted</p></blockquote>
<p>Entities: &nbsp;&copy; &mdash; &hellip; &amp; &lt;tag&gt; &quot;q&quot; &#39;s&#39; &#x1F409;</p>
<pre>  indented
    code</pre><hr><p dir="rtl" lang="ar">نص عربي</p><p lang="not a tag">Bad lang</p>`;

const JAPANESE = '<p>灯台の灯りは夕暮れにともされた。百年のあいだ、毎晩そうであったように。</p><p>港の舟は静かに待っていた。「明日は晴れるだろう」と守り人は言った。</p>';
const CHINESE = '<p>燈塔的燈在黃昏時點亮，就像一百年來的每個夜晚一樣。</p>';
const ARABIC = '<p>أُضيء المصباح عند الغسق، كما كان يُضاء منذ مئة عام.</p><p>انتظرت القوارب الصغيرة بجانب الرصيف الخشبي.</p>';
const HEBREW = '<p>המנורה הודלקה בשעת בין הערביים, כפי שהודלקה במשך מאה שנה.</p>';

function edgeWorks(): Record<string, Record<string, unknown>> {
  const base = { rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'] };
  return {
    long: { ...base, title: 'The Long Tide', summary: 'A long work.', chapters: longWorkChapters(500_000, 8) },
    single: { ...base, title: 'One Night', chapters: [{ body: '<p>Only one chapter, with no summary or notes at all.</p>' }] },
    special: {
      ...base,
      title: SPECIAL,
      summary: `A summary with <script>alert("x")</script> & "quotes" 'single' 🐉\n\nA second paragraph.\nAnd a line.`,
      notes: 'Notes & <notes> "quoted"',
      end_notes: `End & <end> 'notes' ✨`,
      rating: 'Teen And Up Audiences',
      warnings: ['Creator Chose Not To Use Archive Warnings', 'Graphic Depictions Of Violence'],
      fandoms: ['Fish & Chips <AU>', 'Émile & Zoë'],
      relationships: ['A & B'],
      characters: ['"Q" the <Quiet> One'],
      freeforms: [`It's 'fine' & <b>bold</b> 🌊`, '100% <3'],
      series: { title: `Saga & <Co> "2" 🐉` },
      chapters: [
        { title: `<Chapter> & "one" 🐉`, summary: 'Chapter summary & <more>', notes: `Chapter notes 'here'`, end_notes: 'Chapter end & notes', body: TABLES_AND_LISTS },
        { title: '', body: `<p>${SPECIAL.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` },
      ],
    },
    empty: { ...base, title: 'Nothing Extra', summary: '', notes: '', end_notes: '', chapters: [{ title: '', body: '<p>Just the text.</p>' }, { body: '<p>And more text.</p>' }] },
    japanese: { ...base, title: '灯台守の夜', language: 'ja', fandoms: ['オリジナル作品'], freeforms: ['静かな話'], summary: '灯台守の静かな一夜。', chapters: [{ title: '第一章', body: JAPANESE }] },
    chinese: { ...base, title: '燈塔', language: 'zh-Hant', chapters: [{ body: CHINESE }] },
    arabic: { ...base, title: 'حارس المنارة', language: 'ar', freeforms: ['قصة هادئة'], summary: 'ليلة هادئة.', chapters: [{ title: 'الفصل الأول', body: ARABIC }, { body: ARABIC }] },
    hebrew: { ...base, title: 'שומר המגדלור', language: 'he', chapters: [{ body: HEBREW }] },
  };
}

function entries(epub: Uint8Array): Record<string, string> {
  const files = unzipSync(epub);
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe('EPUB downloads under epubcheck', () => {
  forEachDatabase((t: () => TestContext) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-epub-'));
    const demoFiles: string[] = [];
    const edgeFiles = new Map<string, string>();
    const edgeIds = new Map<string, number>();
    const epubs = new Map<string, Uint8Array>();
    let results: Map<string, EpubCheckResult>;
    let author: User;

    beforeAll(async () => {
      await loadDemo(t().db, t().config, () => {});
      author = (await t().apiUser()).user;
      const works = await t().db.selectFrom('works').select('id').execute();
      for (const { id } of works) {
        const file = path.join(dir, `demo-${id}.epub`);
        fs.writeFileSync(file, await buildWorkEpub(t().db, id, { baseUrl: t().config.baseUrl }));
        demoFiles.push(file);
      }
      for (const [name, input] of Object.entries(edgeWorks())) {
        const work = await createWork(t().db, author, input);
        edgeIds.set(name, work.id);
        const epub = await buildWorkEpub(t().db, work.id, { baseUrl: t().config.baseUrl });
        epubs.set(name, epub);
        edgeFiles.set(name, path.join(dir, `${name}.epub`));
        fs.writeFileSync(edgeFiles.get(name)!, epub);
      }
      // Series: the demo's series and the special-character one, through the download route.
      const seriesIds = await t().db.selectFrom('series').select('id').orderBy('id').execute();
      for (const { id } of seriesIds) {
        const response = await t().app.request(`/series/${id}/download.epub?view_adult=true`);
        expect(response.status).toBe(200);
        const epub = new Uint8Array(await response.arrayBuffer());
        epubs.set(`series-${id}`, epub);
        edgeFiles.set(`series-${id}`, path.join(dir, `series-${id}.epub`));
        fs.writeFileSync(edgeFiles.get(`series-${id}`)!, epub);
      }
      // A control the checker must fail: the mimetype compressed and the modification date left out.
      const broken = entries(epubs.get('single')!);
      broken['EPUB/package.opf'] = broken['EPUB/package.opf']!.replace(/<meta property="dcterms:modified">[^<]*<\/meta>/, '');
      edgeFiles.set('broken', path.join(dir, 'broken.epub'));
      fs.writeFileSync(edgeFiles.get('broken')!, zipSync(Object.fromEntries(Object.entries(broken).map(([k, v]) => [k, strToU8(v)]))));
      // The 500,000-word book costs epubcheck about 20 s of CPU; its bytes come from the same writer over the same
      // rows on either engine, so it is checked once, on SQLite (its structure is asserted on both).
      const checked = [...demoFiles, ...[...edgeFiles].filter(([name]) => name !== 'long' || t().dialect === 'sqlite').map(([, file]) => file)];
      results = await epubcheck(checked);
    }, 600_000);

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const clean = (file: string) => {
      const result = results.get(file)!;
      expect({ file, fatal: result.fatal, errors: result.errors, warnings: result.warnings, messages: result.messages }).toEqual({ file, fatal: 0, errors: 0, warnings: 0, messages: [] });
    };

    it('builds every demo work into an EPUB with no errors and no warnings', () => {
      expect(demoFiles.length).toBeGreaterThanOrEqual(20);
      for (const file of demoFiles) clean(file);
    });

    it('passes epubcheck for the hard cases and the series downloads', () => {
      for (const [name, file] of edgeFiles) if (name !== 'broken' && results.has(file)) clean(file);
      expect(results.has(edgeFiles.get('long')!)).toBe(t().dialect === 'sqlite');
      expect([...edgeFiles.keys()].filter((n) => n.startsWith('series-')).length).toBeGreaterThanOrEqual(2);
    });

    it('really checks: a damaged EPUB is reported', () => {
      expect(results.get(edgeFiles.get('broken')!)!.errors).toBeGreaterThan(0);
    });

    it('stores the mimetype first and uncompressed', () => {
      const epub = epubs.get('long')!;
      // Local file header: signature, then compression method 0 (stored) at offset 8, the name at offset 30.
      expect([...epub.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      expect(epub[8]! | (epub[9]! << 8)).toBe(0);
      expect(strFromU8(epub.slice(30, 38))).toBe('mimetype');
      expect(strFromU8(epub.slice(38, 58))).toBe('application/epub+zip');
    });

    it('writes the metadata block, series metadata, both tables of contents and escaped text', async () => {
      const files = entries(epubs.get('special')!);
      const id = edgeIds.get('special')!;
      const [seriesId] = await seriesIdsOfWork(t().db, id);
      const opf = files['EPUB/package.opf']!;
      expect(opf).toContain('<dc:title id="book-title">Tom &amp; Jerry &lt;3 &quot;Quotes&quot; &amp; &apos;Apostrophes&apos; 🐉✨</dc:title>');
      expect(opf).toContain('<dc:language>en</dc:language>');
      expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
      expect(opf).toContain('<meta property="belongs-to-collection" id="series-1">Saga &amp; &lt;Co&gt; &quot;2&quot; 🐉</meta>');
      expect(opf).toContain('<meta refines="#series-1" property="collection-type">series</meta>');
      expect(opf).toContain('<meta refines="#series-1" property="group-position">1</meta>');
      expect(opf).toContain('<meta name="calibre:series" content="Saga &amp; &lt;Co&gt; &quot;2&quot; 🐉"/>');
      expect(opf).toContain('<meta name="calibre:series_index" content="1"/>');
      expect(opf).toContain('properties="nav"');
      expect(opf).toContain('<spine toc="ncx">');
      const title = files['EPUB/title.xhtml']!;
      for (const text of ['Teen And Up Audiences', 'Graphic Depictions Of Violence', 'Fish &amp; Chips &lt;AU&gt;', '&quot;Q&quot; the &lt;Quiet&gt; One', 'Part 1 of Saga &amp; &lt;Co&gt;', 'Words: ', 'Chapters: 2/', 'Published: ', `http://archive.test/works/${id}`, 'A summary with &lt;script&gt;']) {
        expect(title).toContain(text);
      }
      expect(title).not.toContain('<script');
      expect(files['EPUB/c0001.xhtml']).toContain('Chapter 1: &lt;Chapter&gt; &amp; &quot;one&quot; 🐉');
      expect(files['EPUB/c0001.xhtml']).toContain('<table>');
      expect(files['EPUB/c0002.xhtml']).toContain('End &amp; &lt;end&gt;');
      expect(files['EPUB/nav.xhtml']).toContain('epub:type="toc"');
      expect(files['EPUB/toc.ncx']).toContain(`<meta name="dtb:uid" content="http://archive.test/works/${id}"/>`);
      expect(files['EPUB/toc.ncx']!.match(/<navPoint /g)).toHaveLength(3);
      expect(seriesId).toBeGreaterThan(0);
    });

    it('sets language and right-to-left direction', () => {
      const arabic = entries(epubs.get('arabic')!);
      expect(arabic['EPUB/package.opf']).toContain('<dc:language>ar</dc:language>');
      expect(arabic['EPUB/package.opf']).toContain('page-progression-direction="rtl"');
      expect(arabic['EPUB/c0001.xhtml']).toContain('lang="ar" xml:lang="ar" dir="rtl"');
      const japanese = entries(epubs.get('japanese')!);
      expect(japanese['EPUB/package.opf']).toContain('<dc:language>ja</dc:language>');
      expect(japanese['EPUB/package.opf']).not.toContain('page-progression-direction');
      expect(japanese['EPUB/c0001.xhtml']).toContain('灯台の灯りは夕暮れにともされた');
    });

    it('puts all 500,000 words of a long work in the book, one document per chapter', () => {
      const files = entries(epubs.get('long')!);
      const chapters = Object.keys(files).filter((name) => /^EPUB\/c\d{4}\.xhtml$/.test(name));
      expect(chapters).toHaveLength(8);
      const words = chapters
        .map((name) => /<div class="userstuff">([\s\S]*)<\/div>/.exec(files[name]!)![1]!.replace(/<[^>]+>/g, ' ').trim().split(/\s+/).length)
        .reduce((a, b) => a + b, 0);
      expect(words).toBe(500_000);
    });
  });
});
