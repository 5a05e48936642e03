import { strToU8 } from 'fflate';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, type TestContext } from '../../test/helpers.js';
import { listChapters } from '../works/chapters.queries.js';
import { apiImport, buildEpub, buildZip, lieAboutSizes, patchBytes, sentences, zipBomb } from './import-test-files.js';

// Hostile and broken files: each is refused with a message that says what is wrong, as a 422 with the JSON error
// body on the API and beside the file field on the page, and the works and chapters tables stay as they were.

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE container [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;

const chapter = (paragraphs = 2) => [{ title: 'One', paragraphs: sentences(paragraphs) }];

/** Every hostile case: the file name, its bytes, and the message it must be refused with. */
function hostileFiles(): [string, string, () => Uint8Array | string, RegExp][] {
    return [
    ['a text file named .zip', 'chapters.zip', () => 'Just some words, not a zip.', /not a zip file, though its name ends in \.zip/],
    ['a text file named .epub', 'story.epub', () => '<html>not an epub</html>', /not an EPUB file, though its name ends in \.epub/],
    ['a zip without an EPUB container', 'story.epub', () => buildZip({ 'chapter.xhtml': '<p>Hi</p>' }), /no META-INF\/container\.xml/],
    ['a zip bomb with honest headers', 'bomb.zip', () => zipBomb(), /unpacks to more than 50 MB/],
    ['a zip bomb whose headers claim a small size', 'bomb.zip', () => lieAboutSizes(zipBomb(), 1000), /unpacks to more than 50 MB/],
    ['a zip whose headers understate a small entry', 'small.zip', () => lieAboutSizes(buildZip({ 'a.md': 'A chapter of some length.' }), 3), /damaged/],
    ['too many entries', 'many.zip', () => buildZip(Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`c${i}.md`, 'x']))), /more than 2,000 files/],
    ['a parent-relative name', 'escape.zip', () => buildZip({ '../escape.md': 'Out.' }), /unsafe name \(“\.\.\/escape\.md”\)/],
    ['an absolute name', 'absolute.zip', () => buildZip({ '/etc/chapter.md': 'Out.' }), /unsafe name/],
    ['a Windows drive name', 'drive.zip', () => buildZip({ 'C:/chapter.md': 'Out.' }), /unsafe name/],
    ['duplicate names', 'twice.zip', () => patchBytes(buildZip({ 'a.md': 'First.', 'b.md': 'Second.' }), 'b.md', 'a.md'), /two files named “a\.md”/],
    ['an EPUB whose manifest points outside it', 'escape.epub', () => buildEpub({ title: 'Out', chapters: chapter(), extra: { 'OEBPS/content.opf': '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/><manifest><item id="x" href="../../../etc/passwd" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="x"/></spine></package>' } }), /points outside itself/],
    ['XML entity declarations in the container', 'laughs.epub', () => buildEpub({ title: 'Laughs', chapters: chapter(), extra: { 'META-INF/container.xml': BILLION_LAUGHS } }), /declares XML entities/],
    ['an external entity in a chapter', 'xxe.epub', () => buildEpub({ title: 'XXE', chapters: chapter(), extra: { 'OEBPS/text/chapter-1.xhtml': '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html xmlns="http://www.w3.org/1999/xhtml"><body><p>&x;</p></body></html>' } }), /declares XML entities/],
    ['a chapter over the posting limit', 'long.md', () => `# Long\n\n${'word '.repeat(102_001)}`, /Chapter 1 \(“Long”\) is longer than 510,000 characters/],
    ['too many chapters', 'many.md', () => Array.from({ length: 501 }, (_, i) => `# Part ${i + 1}\n\nText.`).join('\n\n'), /501 chapters; an import may hold at most 500/],
    ['an empty file', 'empty.md', () => '', /The file is empty/],
    ['a file of blank lines', 'blank.html', () => '\n\n   \n', /The file is empty/],
    ['an HTML file with no text', 'script.html', () => '<html><body><script>alert(1)</script></body></html>', /holds no chapter text/],
    ['an empty chapter in a zip', 'gap.zip', () => buildZip({ '1.md': 'Text.', '2.md': '' }), /“2\.md” in the zip file is empty/],
    ['a zip with no chapter files', 'pictures.zip', () => buildZip({ 'cover.png': new Uint8Array([137, 80, 78, 71]) }), /holds no chapter files/],
    ['Latin-1 text', 'latin.md', () => new Uint8Array([...strToU8('Caf'), 0xe9, ...strToU8(' au lait.')]), /not UTF-8 text/],
    ['a binary file named .md', 'binary.md', () => new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254]), /not (UTF-8 text|a text file)/],
    ['an unknown kind of file', 'story.docx', () => 'PK', /imports \.epub, \.zip, \.html, \.htm, \.md, \.txt files/],
    ['a truncated EPUB', 'cut.epub', () => buildEpub({ title: 'Cut', chapters: chapter() }).subarray(0, 200), /damaged/],
    ['bad work.json', 'meta.zip', () => buildZip({ 'work.json': '{"title": 5}', '1.md': 'Text.' }), /work\.json .* wrong type \(title\)/],
  ];
}

describe('hostile imports', () => {
  forEachDatabase((t: () => TestContext) => {
    async function tableCounts() {
      const works = await t().db.selectFrom('works').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const chapters = await t().db.selectFrom('chapters').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const series = await t().db.selectFrom('series').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return { works: Number(works.n), chapters: Number(chapters.n), series: Number(series.n) };
    }

    for (const [what, name, bytes, message] of hostileFiles()) {
      it(`refuses ${what} on the API and writes nothing`, async () => {
        const { token } = await t().apiUser();
        const before = await tableCounts();
        const response = await apiImport(t(), token, name, bytes());
        const body = (await response.json()) as ErrorJson;
        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(body.error.code).toBe('import_refused');
        expect(body.error.message).toMatch(message);
        expect(body.error.fields).toEqual({ file: body.error.message });
        expect(await tableCounts()).toEqual(before);
      });
    }

    it('refuses a zip bomb on the page with the message beside the file field, writing nothing', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      await browser.get('/works/import');
      const before = await tableCounts();
      const form = new FormData();
      form.append('_csrf', browser.csrfToken());
      form.append('file', new File([lieAboutSizes(zipBomb(), 1000) as BlobPart], 'bomb.zip'));
      const response = await browser.request('/works/import', { method: 'POST', body: form });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), 'file')).toBe('The zip file unpacks to more than 50 MB, more than an import may hold.');
      expect(await tableCounts()).toEqual(before);
    });

    it('asks for a file when the form is sent without one', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      await browser.get('/works/import');
      const form = new FormData();
      form.append('_csrf', browser.csrfToken());
      const response = await browser.request('/works/import', { method: 'POST', body: form });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), 'file')).toBe('Choose a file to import.');
    });

    it('refuses a multipart form without the CSRF token', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      await browser.get('/works/import');
      const before = await tableCounts();
      const form = new FormData();
      form.append('file', new File(['# One\n\nText.'], 'one.md'));
      const response = await browser.request('/works/import', { method: 'POST', body: form });
      expect(response.status).toBe(403);
      expect(await tableCounts()).toEqual(before);
    });

    it('imports HTML full of scripts, handlers and styles, keeping only the text and allowed markup', async () => {
      const { token } = await t().apiUser();
      const html =
        '<html><head><title>Clean</title><script src="https://evil.example/x.js"></script></head><body>' +
        '<p onmouseover="steal()" style="color:red">Kept <a href="javascript:alert(1)">link</a> and <a href="/logout">local</a>.</p>' +
        '<iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)><svg><script>alert(3)</script></svg><form action="/x"><input name="q"></form>' +
        '<p>Second paragraph.</p></body></html>';
      const response = await apiImport(t(), token, 'clean.html', html);
      expect(response.status).toBe(201);
      const work = (await response.json()) as { id: number };
      const [stored] = await listChapters(t().db, work.id, true);
      expect(stored!.body_html).toBe('<p>Kept <a rel="nofollow ugc noopener">link</a> and <a rel="nofollow ugc noopener">local</a>.</p><p>Second paragraph.</p>');
      expect(stored!.body_source).not.toMatch(/script|onmouseover|iframe|onerror|javascript:/i);
    });
  });
});

describe('upload size', () => {
  forEachDatabase(
    (t: () => TestContext) => {
      it('answers 413 for an upload over MAX_BODY_BYTES', async () => {
        const { token } = await t().apiUser();
        const response = await apiImport(t(), token, 'big.md', `# Big\n\n${'a'.repeat(300_000)}`);
        expect(response.status).toBe(413);
        expect(((await response.json()) as ErrorJson).error.code).toBe('payload_too_large');
      });
    },
    { maxBodyBytes: 200_000 },
  );
});
