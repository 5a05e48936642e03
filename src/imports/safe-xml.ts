import { XMLParser } from 'fast-xml-parser';
import { ImportRefused } from '../http/errors.js';

// XML from uploads (EPUB container, package and XHTML files). Entity declarations are how "billion laughs" and
// external-entity attacks work, so a document that declares any is refused outright; a plain DOCTYPE line (as
// EPUB 2 XHTML carries) is allowed. The parser runs with entity processing off, and only the five predefined
// entities and numeric references are decoded, by hand.

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

export type XmlNode = Record<string, unknown>;

/** Refuses a document that declares entities or carries an internal DTD subset. */
export function refuseEntityTricks(text: string, what: string): void {
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>[]*\[/i.test(text)) {
    throw ImportRefused(`${what} declares XML entities, which Chapterhouse does not accept.`);
  }
}

/** Parses XML into nodes whose children are always arrays (namespace prefixes dropped). */
export function parseXml(text: string, what: string): XmlNode {
  refuseEntityTricks(text, what);
  try {
    return parser.parse(text, true) as XmlNode;
  } catch {
    throw ImportRefused(`${what} is not well-formed XML.`);
  }
}

/** The child elements named `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as XmlNode[]) : [];
}

/** An attribute's value, decoded. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? decodeXmlEntities(value) : undefined;
}

/** The text directly inside an element, decoded. */
export function textOf(node: XmlNode | undefined): string {
  const value = node?.['#text'];
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return decodeXmlEntities(parts.map(String).join(' ')).trim();
}

/** Decodes the predefined XML entities and numeric character references; anything else stays as written. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref[0] !== '#') return named[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
