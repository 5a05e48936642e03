import { esc } from './book-text.js';

// The EPUB 3 container around the documents: OCF container, package document (OPF), navigation document and the
// EPUB 2 NCX for older readers. Everything here is written by hand with one escaping function, as for Atom feeds.

/** One XHTML document of the book, in reading order. */
export interface EpubDocument {
  /** Manifest id, also used for the NCX navPoint. */
  readonly id: string;
  /** File name inside the EPUB/ folder. */
  readonly href: string;
  /** The label in the table of contents; undefined keeps the document out of it. */
  readonly label?: string | undefined;
  /** Nesting in the table of contents: 0 at the top, 1 under the previous top entry (series parts). */
  readonly depth: 0 | 1;
  readonly xhtml: string;
}

export interface EpubSeriesMeta {
  readonly title: string;
  readonly position: number;
}

export interface EpubPackage {
  /** The permanent identifier (the canonical address): readers recognise a newer download of the same book. */
  readonly identifier: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly language: string;
  readonly direction: 'ltr' | 'rtl';
  readonly description: string;
  readonly subjects: readonly string[];
  /** YYYY-MM-DD, or undefined for a never-published draft. */
  readonly date?: string | undefined;
  /** Last change, any ISO timestamp (written without fractions of a second, as EPUB requires). */
  readonly modified: string;
  readonly source: string;
  readonly series: readonly EpubSeriesMeta[];
  readonly documents: readonly EpubDocument[];
}

export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

/** An EPUB timestamp: CCYY-MM-DDThh:mm:ssZ. */
export function epubTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An XHTML content document with the book's stylesheet. */
export function xhtmlDocument(options: { title: string; language: string; direction: 'ltr' | 'rtl'; body: string; bodyType?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${esc(options.language)}" xml:lang="${esc(options.language)}" dir="${options.direction}">
<head>
<meta charset="UTF-8"/>
<title>${esc(options.title.trim() || 'Untitled')}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body${options.bodyType ? ` epub:type="${options.bodyType}"` : ''}>
${options.body}
</body>
</html>
`;
}

/** The package document: metadata (with series for e-readers and calibre), manifest and spine. */
export function packageDocument(book: EpubPackage): string {
  const meta: string[] = [
    `<dc:identifier id="uid">${esc(book.identifier)}</dc:identifier>`,
    `<dc:title id="book-title">${esc(book.title.trim() || 'Untitled')}</dc:title>`,
    ...book.authors.map((name, i) => `<dc:creator id="creator-${i + 1}">${esc(name)}</dc:creator>`),
    `<dc:language>${esc(book.language)}</dc:language>`,
    `<dc:source>${esc(book.source)}</dc:source>`,
  ];
  if (book.description.trim()) meta.push(`<dc:description>${esc(book.description)}</dc:description>`);
  for (const subject of book.subjects) meta.push(`<dc:subject>${esc(subject)}</dc:subject>`);
  if (book.date) meta.push(`<dc:date>${esc(book.date)}</dc:date>`);
  meta.push(`<meta property="dcterms:modified">${epubTimestamp(book.modified)}</meta>`);
  book.series.forEach((s, i) => {
    const id = `series-${i + 1}`;
    meta.push(
      `<meta property="belongs-to-collection" id="${id}">${esc(s.title)}</meta>`,
      `<meta refines="#${id}" property="collection-type">series</meta>`,
      `<meta refines="#${id}" property="group-position">${s.position}</meta>`,
    );
  });
  const first = book.series[0];
  if (first) {
    // calibre (and readers that follow it) read the first series from these OPF 2 style pairs.
    meta.push(`<meta name="calibre:series" content="${esc(first.title)}"/>`, `<meta name="calibre:series_index" content="${first.position}"/>`);
  }
  const manifest = [
    `<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
    `<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`,
    `<item id="css" href="style.css" media-type="text/css"/>`,
    ...book.documents.map((d) => `<item id="${d.id}" href="${d.href}" media-type="application/xhtml+xml"/>`),
  ];
  const spine = book.documents.map((d) => `<itemref idref="${d.id}"/>`);
  const direction = book.direction === 'rtl' ? ' page-progression-direction="rtl"' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${esc(book.language)}" dir="${book.direction}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${meta.join('\n')}
</metadata>
<manifest>
${manifest.join('\n')}
</manifest>
<spine toc="ncx"${direction}>
${spine.join('\n')}
</spine>
</package>
`;
}

interface TocEntry {
  readonly document: EpubDocument;
  readonly children: EpubDocument[];
}

function tocTree(documents: readonly EpubDocument[]): TocEntry[] {
  const tree: TocEntry[] = [];
  for (const document of documents) {
    if (document.label === undefined) continue;
    const parent = tree[tree.length - 1];
    if (document.depth === 1 && parent) parent.children.push(document);
    else tree.push({ document, children: [] });
  }
  return tree;
}

/** The EPUB 3 navigation document: the table of contents and landmarks. */
export function navDocument(book: EpubPackage): string {
  const item = (d: EpubDocument, children: readonly EpubDocument[]): string =>
    `<li><a href="${d.href}">${esc(d.label ?? '')}</a>${children.length ? `<ol>${children.map((c) => item(c, [])).join('')}</ol>` : ''}</li>`;
  const toc = tocTree(book.documents).map((e) => item(e.document, e.children)).join('\n');
  const start = book.documents.find((d) => d.id !== 'title') ?? book.documents[0];
  const body = `<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>
${toc}
</ol></nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden"><h2>Landmarks</h2><ol>
<li><a epub:type="titlepage" href="${book.documents[0]?.href ?? 'nav.xhtml'}">Title page</a></li>
<li><a epub:type="bodymatter" href="${start?.href ?? 'nav.xhtml'}">Start of the text</a></li>
</ol></nav>`;
  return xhtmlDocument({ title: 'Contents', language: book.language, direction: book.direction, body });
}

/** The EPUB 2 NCX, for readers that predate the navigation document. */
export function ncxDocument(book: EpubPackage): string {
  let order = 0;
  const point = (d: EpubDocument, children: readonly EpubDocument[]): string => {
    order += 1;
    const own = `<navPoint id="np-${d.id}" playOrder="${order}"><navLabel><text>${esc(d.label ?? '')}</text></navLabel><content src="${d.href}"/>`;
    return `${own}${children.map((c) => point(c, [])).join('')}</navPoint>`;
  };
  const tree = tocTree(book.documents);
  const depth = tree.some((e) => e.children.length) ? 2 : 1;
  const points = tree.map((e) => point(e.document, e.children)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${esc(book.language)}">
<head>
<meta name="dtb:uid" content="${esc(book.identifier)}"/>
<meta name="dtb:depth" content="${depth}"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${esc(book.title.trim() || 'Untitled')}</text></docTitle>
${book.authors.map((a) => `<docAuthor><text>${esc(a)}</text></docAuthor>`).join('\n')}
<navMap>
${points}
</navMap>
</ncx>
`;
}
