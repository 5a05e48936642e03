import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { xmlText } from '../feeds/atom.js';

// Chapter bodies are stored as sanitized HTML (src/text/sanitize.ts). An EPUB wants well-formed XHTML that is also
// valid HTML5, so this serializer walks a real HTML parse tree and writes XML: void elements closed, attributes
// quoted, only XML's own entities, and the few HTML4 leftovers the allowlist admits (center, big, strike, acronym,
// align, a name) turned into their HTML5 equivalents. Elements that would break a content model (a list item
// outside a list, a paragraph inside an emphasis) are renamed rather than dropped, so no text is ever lost.

const VOID = new Set(['br', 'hr', 'col']);

/** Elements whose content is phrasing only: any block inside them is written as a span. */
const PHRASING_PARENTS = new Set([
  'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'a', 'em', 'strong', 'i', 'b', 'u', 's', 'del', 'ins', 'small', 'sub', 'sup', 'code', 'kbd',
  'samp', 'var', 'abbr', 'cite', 'q', 'dfn', 'mark', 'span', 'bdi', 'bdo', 'ruby', 'rt', 'rp', 'summary', 'dt',
]);

/** Elements allowed inside phrasing content. */
const PHRASING = new Set([
  'a', 'em', 'strong', 'i', 'b', 'u', 's', 'del', 'ins', 'small', 'sub', 'sup', 'code', 'kbd', 'samp', 'var', 'abbr', 'cite', 'q', 'dfn',
  'mark', 'span', 'bdi', 'bdo', 'ruby', 'br',
]);

/** Elements that are only valid under particular parents. */
const REQUIRED_PARENTS: Record<string, readonly string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl'],
  dd: ['dl'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  rt: ['ruby'],
  rp: ['ruby'],
  summary: ['details'],
  figcaption: ['figure'],
};

/** Containers where whitespace between children is not allowed as text. */
const NO_TEXT_CHILDREN = new Set(['ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup']);

const RENAMED: Record<string, { name: string; className?: string }> = {
  center: { name: 'div', className: 'center' },
  big: { name: 'span', className: 'big' },
  strike: { name: 's' },
  acronym: { name: 'abbr' },
  // A <time> without a valid machine-readable value is an error in HTML5; its text is what readers need.
  time: { name: 'span' },
};

const LANG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;
const POSITIVE = /^[1-9][0-9]{0,3}$/;

/** Serializer state for one document: ids already used, so ids stay unique across a whole chapter. */
export interface XhtmlContext {
  readonly ids: Set<string>;
}

interface Place {
  readonly parent: string;
  readonly phrasing: boolean;
  readonly inLink: boolean;
  /** True for the first element child of its parent (summary and caption must come first). */
  readonly first: boolean;
  /** True for the last element child (figcaption may come first or last). */
  readonly last: boolean;
}

/** Converts an HTML fragment (already sanitized) to XHTML that is well-formed and valid inside an EPUB 3 body. */
export function htmlToXhtml(html: string, context: XhtmlContext = { ids: new Set() }): string {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const ids = collectIds(document.children, context.ids);
  const out: string[] = [];
  writeChildren(document.children, { parent: 'div', phrasing: false, inLink: false }, ids, out);
  return out.join('');
}

/** Ids to write: the first element carrying an id (or old-style anchor name) gets it, made unique in the document. */
interface Ids {
  /** What a fragment link `#raw` points at. */
  readonly targets: Map<string, string>;
  /** The id each element writes. */
  readonly byElement: WeakMap<Element, string>;
}

/** Every id that will be written, so fragment links can be checked against them and none repeats. */
function collectIds(nodes: readonly ChildNode[], used: Set<string>): Ids {
  const ids: Ids = { targets: new Map(), byElement: new WeakMap() };
  const visit = (list: readonly ChildNode[]) => {
    for (const node of list) {
      if (node.type !== 'tag') continue;
      const raw = node.attribs.id ?? node.attribs.name;
      if (raw !== undefined && !ids.targets.has(raw)) {
        const id = uniqueId(raw, used);
        if (id) {
          ids.targets.set(raw, id);
          ids.byElement.set(node, id);
        }
      }
      visit(node.children);
    }
  };
  visit(nodes);
  return ids;
}

function uniqueId(raw: string, used: Set<string>): string | undefined {
  // XML ids with the characters an NCName allows keep links and NCX targets working in every reader.
  let base = raw.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!base) return undefined;
  if (!/^[A-Za-z_]/.test(base)) base = `id_${base}`;
  let id = base;
  for (let n = 2; used.has(id); n += 1) id = `${base}_${n}`;
  used.add(id);
  return id;
}

function writeChildren(nodes: readonly ChildNode[], place: Omit<Place, 'first' | 'last'>, ids: Ids, out: string[]): void {
  const elements = nodes.filter((n): n is Element => n.type === 'tag');
  for (const node of nodes) {
    if (node.type === 'text') {
      if (NO_TEXT_CHILDREN.has(place.parent) && !node.data.trim()) continue;
      out.push(xmlText(node.data).replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
    } else if (node.type === 'tag') {
      writeElement(node, { ...place, first: elements[0] === node, last: elements[elements.length - 1] === node }, ids, out);
    } else if (node.type === 'cdata' || node.type === 'root') {
      writeChildren((node as unknown as { children: ChildNode[] }).children, place, ids, out);
    }
    // Comments, directives and processing instructions are not part of the text.
  }
}

function elementName(node: Element, place: Place): { name: string; className?: string } {
  let name = node.name;
  let className: string | undefined;
  const renamed = RENAMED[name];
  if (renamed) ({ name, className } = renamed);
  const parents = REQUIRED_PARENTS[name];
  const misplaced =
    (parents && !parents.includes(place.parent)) ||
    ((name === 'summary' || name === 'caption') && !place.first) ||
    (name === 'figcaption' && !place.first && !place.last) ||
    (name === 'a' && place.inLink);
  if (misplaced) {
    className = name;
    name = place.phrasing || PHRASING.has(name) || name === 'rt' || name === 'rp' ? 'span' : 'div';
  }
  const rubyText = place.parent === 'ruby' && (name === 'rt' || name === 'rp');
  if (place.phrasing && !PHRASING.has(name) && !rubyText) {
    className = className ?? name;
    name = 'span';
  }
  return className === undefined ? { name } : { name, className };
}

function attributes(node: Element, name: string, className: string | undefined, ids: Ids): string {
  const attrs: [string, string][] = [];
  const a = node.attribs;
  const id = ids.byElement.get(node);
  if (id) attrs.push(['id', id]);
  if (a.lang && LANG.test(a.lang)) attrs.push(['lang', a.lang]);
  if (a.dir && ['ltr', 'rtl', 'auto'].includes(a.dir)) attrs.push(['dir', a.dir]);
  if (a.title) attrs.push(['title', a.title]);
  const classes = [className, a.align && ['left', 'right', 'center', 'justify'].includes(a.align.toLowerCase()) ? `align-${a.align.toLowerCase()}` : undefined].filter(Boolean);
  if (classes.length) attrs.push(['class', classes.join(' ')]);
  if (name === 'a' && a.href !== undefined) {
    const href = safeHref(a.href, ids.targets);
    if (href) attrs.push(['href', href]);
  }
  if ((name === 'q' || name === 'blockquote') && a.cite !== undefined) {
    const cite = safeHref(a.cite, new Map());
    if (cite && !cite.startsWith('#')) attrs.push(['cite', cite]);
  }
  if (name === 'ol') {
    if (a.start && /^-?[0-9]{1,6}$/.test(a.start)) attrs.push(['start', a.start]);
    if (a.reversed !== undefined) attrs.push(['reversed', 'reversed']);
    if (a.type && ['1', 'a', 'A', 'i', 'I'].includes(a.type)) attrs.push(['type', a.type]);
  }
  if (name === 'li' && a.value && /^-?[0-9]{1,6}$/.test(a.value)) attrs.push(['value', a.value]);
  if (name === 'td' || name === 'th') {
    if (a.colspan && POSITIVE.test(a.colspan)) attrs.push(['colspan', a.colspan]);
    if (a.rowspan && /^[0-9]{1,4}$/.test(a.rowspan)) attrs.push(['rowspan', a.rowspan]);
  }
  if (name === 'th' && a.scope && ['row', 'col', 'rowgroup', 'colgroup'].includes(a.scope)) attrs.push(['scope', a.scope]);
  if ((name === 'col' || name === 'colgroup') && a.span && POSITIVE.test(a.span)) attrs.push(['span', a.span]);
  if (name === 'details' && a.open !== undefined) attrs.push(['open', 'open']);
  return attrs.map(([k, v]) => ` ${k}="${xmlText(v).replace(/&apos;/g, "'")}"`).join('');
}

/** An absolute http(s)/mailto address, or a fragment naming an id of this document; anything else is dropped. */
function safeHref(raw: string, ids: Map<string, string>): string | undefined {
  const href = raw.trim();
  if (href.startsWith('#')) {
    const target = ids.get(decodeFragment(href.slice(1)));
    return target ? `#${target}` : undefined;
  }
  if (!/^(https?:|mailto:)/i.test(href)) return undefined;
  try {
    return new URL(href).href;
  } catch {
    return undefined;
  }
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function writeElement(node: Element, place: Place, ids: Ids, out: string[]): void {
  // A column outside a column group has no XHTML form (the HTML parser's implied colgroup does not exist in XML).
  if (node.name === 'col' && place.parent !== 'colgroup') return;
  const { name, className } = elementName(node, place);
  const attrs = attributes(node, name, className, ids);
  if (VOID.has(name)) {
    out.push(`<${name}${attrs}/>`);
    return;
  }
  out.push(`<${name}${attrs}>`);
  writeChildren(node.children, { parent: name, phrasing: place.phrasing || PHRASING_PARENTS.has(name), inLink: place.inLink || name === 'a' }, ids, out);
  out.push(`</${name}>`);
}

/** Plain text (notes, summaries) as XHTML paragraphs: blank lines split paragraphs, single newlines become breaks. */
export function textToXhtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.split('\n').map((line) => xmlText(line)).join('<br/>')}</p>`)
    .join('\n');
}
