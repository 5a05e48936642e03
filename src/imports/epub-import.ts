import path from 'node:path/posix';
import { ImportRefused } from '../http/errors.js';
import type { ImportedChapter, ImportedMetadata, ImportedWork } from './imported-work.js';
import { bodyOf, cleanBody, isBlank, leadingHeading, plainText, titleOf } from './html-parts.js';
import { readWorkMetadataBlock } from './metadata-block.js';
import { parseFragment, readChapter, readTitlePage } from './chapterhouse-layout.js';
import { decodeText } from './text-decoding.js';
import { attribute, children, parseXml, refuseEntityTricks, textOf, type XmlNode } from './safe-xml.js';
import { readZip } from './zip-reader.js';

// An EPUB (2 or 3): META-INF/container.xml names the package document (OPF); its metadata gives the title
// (dc:title), summary (dc:description), tags (dc:subject, as additional tags), language and series (EPUB 3
// belongs-to-collection, or calibre:series); its spine gives the reading order. Each spine document with text is
// a chapter, titled by its first h1/h2 (else its <title>). The navigation document is skipped, and a title page
// that carries a Chapterhouse metadata block is read for the rest of the metadata instead of becoming a chapter.

const XHTML_TYPES = new Set(['application/xhtml+xml', 'text/html']);

/** Reads an EPUB file as a work. */
export function importEpub(bytes: Uint8Array): ImportedWork {
  const files = readZip(bytes, 'EPUB file');
  const file = (name: string) => files.get(name) ?? files.get(decodeURIComponentSafe(name));
  const container = file('META-INF/container.xml');
  if (!container) throw ImportRefused('This is not an EPUB: it has no META-INF/container.xml.');
  const containerXml = parseXml(decodeText(container, 'the EPUB container'), 'The EPUB container');
  const rootfiles = children(first(children(first(children(containerXml, 'container')), 'rootfiles')), 'rootfile');
  const opfPath = rootfiles.map((r) => attribute(r, 'full-path')).find((p): p is string => !!p);
  const opfBytes = opfPath ? file(opfPath) : undefined;
  if (!opfPath || !opfBytes) throw ImportRefused('The EPUB names no package document, so its chapters cannot be found.');
  const pkg = children(parseXml(decodeText(opfBytes, 'the EPUB package document'), 'The EPUB package document'), 'package')[0];
  if (!pkg) throw ImportRefused('The EPUB package document is not an OPF package.');

  const metadata = packageMetadata(first(children(pkg, 'metadata')));
  const base = path.dirname(opfPath);
  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  for (const item of children(first(children(pkg, 'manifest')), 'item')) {
    const id = attribute(item, 'id');
    const href = attribute(item, 'href');
    if (id && href) manifest.set(id, { href: resolveHref(base, href), type: attribute(item, 'media-type') ?? '', properties: attribute(item, 'properties') ?? '' });
  }

  const chapters: ImportedChapter[] = [];
  for (const ref of children(first(children(pkg, 'spine')), 'itemref')) {
    const item = manifest.get(attribute(ref, 'idref') ?? '');
    if (!item || !XHTML_TYPES.has(item.type) || item.properties.split(/\s+/).includes('nav')) continue;
    const content = file(item.href);
    if (!content) throw ImportRefused(`The EPUB lists “${item.href}” in its reading order, but the file is missing.`);
    const xhtml = decodeText(content, `“${item.href}” in the EPUB`);
    refuseEntityTricks(xhtml, `“${item.href}” in the EPUB`);
    let body = bodyOf(xhtml);
    const nodes = parseFragment(body);
    const titlePage = readTitlePage(nodes);
    if (titlePage) {
      // The title page of a Chapterhouse download: its metadata, never a chapter. Its tags are sorted by kind,
      // so they replace the package's subjects (which list every tag together).
      delete metadata.freeforms;
      Object.assign(metadata, titlePage);
      continue;
    }
    const own = readChapter(nodes);
    if (own) {
      chapters.push({ ...own.chapter, body: cleanBody(own.chapter.body) });
      if (own.workEndNotes) metadata.endNotes = own.workEndNotes;
      continue;
    }
    const block = readWorkMetadataBlock(body);
    if (block) {
      // A title page in another archive's layout (a definition list of rating, fandoms, ...).
      for (const [key, value] of Object.entries(block.metadata)) (metadata as Record<string, unknown>)[key] = value;
      continue;
    }
    const heading = leadingHeading(body);
    if (heading) body = heading.rest;
    if (isBlank(body)) continue;
    chapters.push({ title: heading?.title || titleOf(xhtml), body: cleanBody(body), format: 'html' });
  }
  // A chapter titled exactly as the work (single-chapter EPUBs often do this) is left untitled.
  if (chapters.length === 1 && chapters[0]!.title === metadata.title) chapters[0] = { ...chapters[0]!, title: '' };
  return { metadata, chapters };
}

function packageMetadata(node: XmlNode | undefined): ImportedMetadata {
  const metadata: ImportedMetadata = {};
  const title = textOf(children(node, 'title')[0]);
  if (title) metadata.title = title;
  const description = textOf(children(node, 'description')[0]);
  // Descriptions are often escaped HTML; keep their text, paragraphs apart.
  if (description) metadata.summary = plainText(description.replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')).replace(/ ?\n\n ?/g, '\n\n');
  const subjects = children(node, 'subject').map(textOf).filter(Boolean);
  if (subjects.length) metadata.freeforms = subjects;
  const language = textOf(children(node, 'language')[0]);
  if (language) metadata.language = language;

  const metas = children(node, 'meta');
  const collection = metas.find((m) => attribute(m, 'property') === 'belongs-to-collection');
  if (collection && textOf(collection)) {
    const id = attribute(collection, 'id');
    const position = metas.find((m) => id && attribute(m, 'refines') === `#${id}` && attribute(m, 'property') === 'group-position');
    metadata.series = { title: textOf(collection), ...positionOf(position ? textOf(position) : undefined) };
  } else {
    const calibre = metas.find((m) => attribute(m, 'name') === 'calibre:series');
    const index = metas.find((m) => attribute(m, 'name') === 'calibre:series_index');
    const name = attribute(calibre, 'content');
    if (name) metadata.series = { title: name, ...positionOf(attribute(index, 'content')) };
  }
  return metadata;
}

function positionOf(value: string | undefined): { position?: number } {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? { position: n } : {};
}

function first<T>(list: T[]): T | undefined {
  return list[0];
}

/** A manifest href as a path inside the zip; one that climbs out of the archive is refused. */
function resolveHref(base: string, href: string): string {
  const withoutFragment = decodeURIComponentSafe(href.split('#')[0]!);
  const resolved = path.normalize(path.join(base === '.' ? '' : base, withoutFragment));
  if (resolved.startsWith('../') || resolved === '..' || path.isAbsolute(withoutFragment)) {
    throw ImportRefused(`The EPUB points outside itself (“${href.slice(0, 80)}”).`);
  }
  return resolved;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
