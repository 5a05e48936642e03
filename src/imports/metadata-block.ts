import type { ChildNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ImportedMetadata } from './imported-work.js';

// The metadata block of a work's preface, as Chapterhouse's own downloads (and AO3-style HTML) write it: a <dl>
// whose <dt> labels name the fields (Rating, Archive Warnings, Fandoms, ...) and whose <dd> values list tags as
// links or list items. A `data-field` attribute on the <dd> names the field outright and wins over the label.

type Field = 'rating' | 'warnings' | 'fandoms' | 'relationships' | 'characters' | 'freeforms' | 'language' | 'series' | 'summary' | 'notes';

const LABELS: Record<string, Field> = {
  rating: 'rating',
  ratings: 'rating',
  'archive warning': 'warnings',
  'archive warnings': 'warnings',
  warnings: 'warnings',
  warning: 'warnings',
  fandom: 'fandoms',
  fandoms: 'fandoms',
  relationship: 'relationships',
  relationships: 'relationships',
  character: 'characters',
  characters: 'characters',
  'additional tags': 'freeforms',
  'additional tag': 'freeforms',
  freeforms: 'freeforms',
  freeform: 'freeforms',
  tags: 'freeforms',
  language: 'language',
  series: 'series',
  summary: 'summary',
  notes: 'notes',
};

const LIST_FIELDS = new Set<Field>(['warnings', 'fandoms', 'relationships', 'characters', 'freeforms']);

/** The metadata of the first recognisable block in `html`, and the HTML without that block. */
export function readWorkMetadataBlock(html: string): { metadata: ImportedMetadata; rest: string } | undefined {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  for (const list of DomUtils.getElementsByTagName('dl', document.children, true)) {
    const metadata = readMetadataList(list);
    if (!metadata) continue;
    DomUtils.removeElement(list);
    return { metadata, rest: DomUtils.getOuterHTML(document.children, { decodeEntities: true, encodeEntities: 'utf8' }) };
  }
  return undefined;
}

/** The metadata in a `<dl>`, when it is a work's metadata block (it names a rating or fandoms). */
export function readMetadataList(list: Element): ImportedMetadata | undefined {
  const metadata: ImportedMetadata = {};
  let field: Field | undefined;
  let recognised = 0;
  for (const item of list.children) {
    if (item.type !== 'tag') continue;
    if (item.name === 'dt') {
      field = LABELS[DomUtils.textContent(item).replace(/[:\s]+$/, '').replace(/\s+/g, ' ').trim().toLowerCase()];
      continue;
    }
    if (item.name !== 'dd') continue;
    const named = LABELS[(item.attribs['data-field'] ?? '').replace(/[_-]+/g, ' ').toLowerCase()] ?? field;
    if (!named) continue;
    recognised++;
    if (LIST_FIELDS.has(named)) {
      (metadata as Record<string, unknown>)[named] = valuesOf(item);
    } else if (named === 'series') {
      const series = readSeries(DomUtils.textContent(item));
      if (series) metadata.series = series;
    } else if (named === 'language') {
      const language = item.attribs['data-value'] ?? item.attribs.lang ?? languageCode(DomUtils.textContent(item).trim());
      if (language) metadata.language = language;
    } else if (named === 'summary' || named === 'notes') {
      metadata[named] = blockText(item);
    } else {
      metadata.rating = DomUtils.textContent(item).replace(/\s+/g, ' ').trim();
    }
  }
  // A rating or fandoms makes it a work's metadata, not some other definition list in the story.
  return recognised > 0 && (metadata.rating || metadata.fandoms) ? metadata : undefined;
}

/** Tag values: each link or list item, or else the text split at commas. */
function valuesOf(item: Element): string[] {
  const parts = DomUtils.getElementsByTagName('li', item.children, true);
  const links = DomUtils.getElementsByTagName('a', item.children, true);
  const nodes = parts.length ? parts : links;
  const values = nodes.length ? nodes.map((n) => DomUtils.textContent(n)) : DomUtils.textContent(item).split(',');
  return values.map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** "Part 2 of The Tidewater Books" (the first series named, when a work is in several). */
function readSeries(text: string): { title: string; position?: number } | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  const part = /^Part (\d+) of (.+?)(?:(?: ·|;| Part \d+ of ).*)?$/i.exec(line);
  if (part) return { title: part[2]!.trim(), position: Number(part[1]) };
  return line ? { title: line } : undefined;
}

/** The text of a block with its paragraphs kept apart by blank lines and line breaks kept. */
export function blockText(item: Element): string {
  const paragraphs = DomUtils.getElementsByTagName('p', item.children, true);
  const texts = paragraphs.length ? paragraphs.map(textWithBreaks) : [textWithBreaks(item)];
  return texts.map((t) => t.trim()).filter(Boolean).join('\n\n');
}

function textWithBreaks(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (node.type !== 'tag') return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textWithBreaks).join('');
}

const LANGUAGE_CODES = ['en', 'ar', 'ca', 'cs', 'da', 'de', 'el', 'es', 'fa', 'fi', 'fr', 'he', 'hi', 'hu', 'id', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sv', 'th', 'tr', 'uk', 'vi', 'zh', 'zh-Hans', 'zh-Hant'];

/** A language code from a code, or from an English or native language name ("French", "Français"). */
export function languageCode(text: string): string | undefined {
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(text) && text.length <= 3) return text;
  const code = /\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)\s*$/.exec(text)?.[1];
  if (code) return code;
  const wanted = text.toLowerCase();
  for (const candidate of LANGUAGE_CODES) {
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(candidate)?.toLowerCase();
    const native = new Intl.DisplayNames([candidate], { type: 'language' }).of(candidate)?.toLowerCase();
    if (wanted === english || wanted === native) return candidate;
  }
  return undefined;
}
