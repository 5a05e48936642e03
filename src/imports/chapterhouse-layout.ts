import type { ChildNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ImportedChapter, ImportedMetadata } from './imported-work.js';
import { blockText, readMetadataList } from './metadata-block.js';

// The layout of Chapterhouse's own downloads (src/downloads/book-text.ts), read back so a work survives the trip
// out and in again. The markers relied on:
//   - title page: `<dl class="meta">` (dt labels Rating, Archive warning(s), Fandom(s), Relationships, Characters,
//     Additional tags, Language, Series "Part N of Title"), `<section class="summary">` and `<section class="notes">`,
//     each led by a heading;
//   - chapter: a heading with class `chapter-title` ("Chapter N: Title" or "Chapter N"), `<section class="notes">`
//     led by "Summary", "Notes", "End notes" or "End notes for the work", and the text in `<div class="userstuff">`;
//   - the HTML download wraps each chapter in `<section class="chapter">`.

export interface ChapterhouseChapter {
  readonly chapter: ImportedChapter;
  /** The work's end notes, which the last chapter carries. */
  readonly workEndNotes?: string;
}

type Nodes = ChildNode[];

const hasClass = (node: Element, name: string) => (node.attribs.class ?? '').split(/\s+/).includes(name);
const byClass = (nodes: Nodes, tag: string, name: string) => DomUtils.findAll((n) => n.name === tag && hasClass(n, name), nodes);

/** Parses an HTML fragment into nodes. */
export function parseFragment(html: string): Nodes {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children;
}

/** The work metadata of a Chapterhouse title page (metadata list, summary and notes), if `nodes` hold one. */
export function readTitlePage(nodes: Nodes): ImportedMetadata | undefined {
  const list = byClass(nodes, 'dl', 'meta').map(readMetadataList).find(Boolean);
  if (!list) return undefined;
  const metadata: ImportedMetadata = { ...list };
  const summary = byClass(nodes, 'section', 'summary')[0];
  if (summary) metadata.summary = sectionText(summary);
  const notes = byClass(nodes, 'section', 'notes').find((s) => sectionLabel(s) === 'notes');
  if (notes) metadata.notes = sectionText(notes);
  return metadata;
}

/** A chapter written by a Chapterhouse download, if `nodes` hold one. */
export function readChapter(nodes: Nodes): ChapterhouseChapter | undefined {
  const heading = DomUtils.findOne((n) => /^h[1-3]$/.test(n.name) && hasClass(n, 'chapter-title'), nodes);
  const text = byClass(nodes, 'div', 'userstuff')[0];
  if (!heading || !text) return undefined;
  const fields: { summary?: string; notes?: string; endNotes?: string } = {};
  let workEndNotes: string | undefined;
  for (const section of byClass(nodes, 'section', 'notes')) {
    const label = sectionLabel(section);
    if (label === 'summary') fields.summary = sectionText(section);
    else if (label === 'notes') fields.notes = sectionText(section);
    else if (label === 'end notes') fields.endNotes = sectionText(section);
    else if (label === 'end notes for the work') workEndNotes = sectionText(section);
  }
  const title = DomUtils.textContent(heading).replace(/\s+/g, ' ').trim().replace(/^Chapter \d+(?::\s*)?/, '');
  const body = DomUtils.getInnerHTML(text, { decodeEntities: true, encodeEntities: 'utf8' });
  return { chapter: { title, body, format: 'html', ...fields }, ...(workEndNotes ? { workEndNotes } : {}) };
}

/** The chapters of a Chapterhouse HTML download (`<section class="chapter">` each), if `nodes` hold them. */
export function chapterSections(nodes: Nodes): Nodes[] {
  return byClass(nodes, 'section', 'chapter').map((section) => section.children);
}

/** A notes section's label: the text of its leading heading, lower-cased. */
function sectionLabel(section: Element): string {
  const heading = section.children.find((n): n is Element => n.type === 'tag' && /^h[1-6]$/.test(n.name));
  return heading ? DomUtils.textContent(heading).replace(/\s+/g, ' ').trim().toLowerCase() : '';
}

/** A section's text without its heading, paragraphs apart. */
function sectionText(section: Element): string {
  const copy = { ...section, children: section.children.filter((n) => !(n.type === 'tag' && /^h[1-6]$/.test(n.name))) } as Element;
  return blockText(copy);
}
