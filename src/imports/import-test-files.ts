import { strToU8, zipSync, type Zippable } from 'fflate';
import type { TestContext } from '../../test/helpers.js';

// Files for the import tests, built in memory with fflate from short neutral sentences (no copied stories).

export interface EpubChapter {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export interface EpubOptions {
  readonly title: string;
  readonly chapters: readonly EpubChapter[];
  readonly description?: string;
  readonly subjects?: readonly string[];
  readonly language?: string;
  readonly version?: '2.0' | '3.0';
  readonly series?: { readonly title: string; readonly position: number };
  /** Extra files, or replacements, by path. */
  readonly extra?: Record<string, string>;
  /** Written into every chapter before the paragraphs. */
  readonly bodyPrefix?: string;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A small EPUB (3 by default, or 2 with an NCX and calibre series metadata). */
export function buildEpub(options: EpubOptions): Uint8Array {
  const version = options.version ?? '3.0';
  const files: Zippable = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  files['META-INF/container.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
  );
  const manifest: string[] = [];
  const spine: string[] = [];
  options.chapters.forEach((chapter, i) => {
    const name = `text/chapter-${i + 1}.xhtml`;
    manifest.push(`<item id="c${i + 1}" href="${name}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="c${i + 1}"/>`);
    const doctype = version === '2.0' ? '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n' : '<!DOCTYPE html>\n';
    files[`OEBPS/${name}`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${xml(chapter.title)}</title></head><body><section><h1>${xml(chapter.title)}</h1>${options.bodyPrefix ?? ''}${chapter.paragraphs.map((p) => `<p>${xml(p)}</p>`).join('')}</section></body></html>`,
    );
  });
  if (version === '3.0') {
    manifest.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
    files['OEBPS/nav.xhtml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><h1>Contents</h1><ol>${options.chapters.map((c, i) => `<li><a href="text/chapter-${i + 1}.xhtml">${xml(c.title)}</a></li>`).join('')}</ol></nav></body></html>`,
    );
    spine.unshift('<itemref idref="nav" linear="no"/>');
  } else {
    manifest.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>');
    files['OEBPS/toc.ncx'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${xml(options.title)}</text></docTitle><navMap/></ncx>`);
  }
  const series = options.series
    ? version === '3.0'
      ? `<meta property="belongs-to-collection" id="series">${xml(options.series.title)}</meta><meta refines="#series" property="collection-type">series</meta><meta refines="#series" property="group-position">${options.series.position}</meta>`
      : `<meta name="calibre:series" content="${xml(options.series.title)}"/><meta name="calibre:series_index" content="${options.series.position}"/>`
    : '';
  files['OEBPS/content.opf'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${version}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="id">urn:uuid:00000000-0000-4000-8000-000000000000</dc:identifier>
    <dc:title>${xml(options.title)}</dc:title>
    <dc:language>${options.language ?? 'en'}</dc:language>
    ${options.description ? `<dc:description>${xml(options.description)}</dc:description>` : ''}
    ${(options.subjects ?? []).map((s) => `<dc:subject>${xml(s)}</dc:subject>`).join('\n    ')}
    ${series}
  </metadata>
  <manifest>${manifest.join('')}</manifest>
  <spine${version === '2.0' ? ' toc="ncx"' : ''}>${spine.join('')}</spine>
</package>`,
  );
  for (const [name, content] of Object.entries(options.extra ?? {})) files[name] = strToU8(content);
  return zipSync(files);
}

/** A zip of the given text files. */
export function buildZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries);
}

/** Replaces every occurrence of the (same-length) byte string `from` with `to`, in headers and names alike. */
export function patchBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('patchBytes keeps lengths equal');
  const out = new Uint8Array(bytes);
  const needle = Buffer.from(from, 'latin1');
  const buffer = Buffer.from(out.buffer);
  for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1)) buffer.write(to, at, 'latin1');
  return out;
}

/** Sets the declared uncompressed size of every entry (local and central headers) to `size`: a lying header. */
export function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

/** Neutral sentences for chapter text. */
export function sentences(count: number, seed = 'The tide came in'): string[] {
  const endings = ['over the flat sand.', 'while the gulls waited.', 'and the lamp turned slowly.', 'as the keeper wrote the log.'];
  return Array.from({ length: count }, (_, i) => `${seed} ${endings[i % endings.length]}`);
}

/** Sends `bytes` to POST /api/v1/imports as the multipart field `file` named `name`, with a bearer token if given. */
export async function apiImport(t: TestContext, token: string | undefined, name: string, bytes: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) as BlobPart], name));
  return t.app.request('/api/v1/imports', { method: 'POST', headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: form });
}

let bomb: Uint8Array | undefined;
/** A zip of one entry that inflates to 60 MB of one letter, built once (compressing it takes a moment). */
export function zipBomb(): Uint8Array {
  bomb ??= zipSync({ 'big.md': [new Uint8Array(60 * 1024 * 1024).fill(97), { level: 6 }] });
  return bomb;
}
