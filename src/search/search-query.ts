// Reader's search syntax, parsed into a plain structure before any engine sees it: words (all must match),
// "exact phrases", -excluded terms and title:/author:/tag:/series: fields. Every term is reduced to letter-and-digit
// tokens, so nothing a reader types can ever become FTS5 or tsquery syntax.

export const MAX_QUERY_LENGTH = 500;
/** Terms beyond this are ignored: they keep one query's cost bounded whatever is pasted into the box. */
export const MAX_TERMS = 20;

export type SearchField = 'title' | 'authors' | 'tags' | 'series';

export interface SearchTerm {
  /** Letter-and-digit tokens, lower-cased; more than one means they must appear together, in order. */
  readonly tokens: readonly string[];
  /** The field the term is restricted to; undefined for anywhere. */
  readonly field?: SearchField;
  readonly negated: boolean;
}

export interface ParsedQuery {
  readonly terms: readonly SearchTerm[];
}

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; message: string };

const FIELDS: Record<string, SearchField> = { title: 'title', author: 'authors', by: 'authors', tag: 'tags', series: 'series' };

/**
 * Text with the combining diacritics of Latin, Greek and Cyrillic letters taken off ("Café" → "Cafe"), the folding
 * SQLite's unicode61 tokenizer does with remove_diacritics. PostgreSQL's 'english' configuration does not fold, so the
 * index text and the query tokens are folded here, on both engines alike. Only U+0300–U+036F is removed and the text
 * recomposed, so scripts whose marks carry meaning (Devanagari, Hangul) keep them.
 */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** The letter-and-digit tokens of some text, lower-cased, diacritics folded. */
export function tokenize(text: string): string[] {
  return foldDiacritics(text.normalize('NFKC')).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Parses a reader's query; a message (shown with 422) when it is empty, too long or has nothing to look for. */
export function parseSearchQuery(input: string): ParseResult {
  if (input.length > MAX_QUERY_LENGTH) return { ok: false, message: `A search can be at most ${MAX_QUERY_LENGTH} characters long.` };
  if (input.trim() === '') return { ok: false, message: 'Type a word to search for.' };
  const terms: SearchTerm[] = [];
  let i = 0;
  while (i < input.length && terms.length < MAX_TERMS) {
    while (i < input.length && /\s/.test(input[i]!)) i++;
    if (i >= input.length) break;
    let negated = false;
    if (input[i] === '-') {
      negated = true;
      i++;
    }
    let field: SearchField | undefined;
    const prefix = /^([a-z]+):/i.exec(input.slice(i));
    if (prefix && FIELDS[prefix[1]!.toLowerCase()]) {
      field = FIELDS[prefix[1]!.toLowerCase()];
      i += prefix[0].length;
    }
    let text: string;
    if (input[i] === '"') {
      // An unbalanced quote runs to the end of the query rather than failing it.
      const end = input.indexOf('"', i + 1);
      text = input.slice(i + 1, end === -1 ? input.length : end);
      i = end === -1 ? input.length : end + 1;
      const tokens = tokenize(text);
      if (tokens.length > 0) terms.push({ tokens, negated, ...(field ? { field } : {}) });
      continue;
    }
    const start = i;
    while (i < input.length && !/\s/.test(input[i]!)) i++;
    text = input.slice(start, i);
    // A bare word like "can't" or "x-men" is a phrase of its pieces; other punctuation just separates.
    const tokens = tokenize(text);
    if (tokens.length > 0) terms.push({ tokens, negated, ...(field ? { field } : {}) });
  }
  if (terms.length === 0) return { ok: false, message: 'Type a word to search for: punctuation alone finds nothing.' };
  if (terms.every((t) => t.negated)) return { ok: false, message: 'Add a word to look for: a search cannot only exclude words.' };
  return { ok: true, query: { terms } };
}

/** The FTS5 MATCH expression for a parsed query: every token quoted, excluded terms subtracted with NOT. */
export function fts5Match(query: ParsedQuery): string {
  const phrase = (t: SearchTerm) => {
    const quoted = `"${t.tokens.join(' ')}"`; // tokens hold only letters and digits: nothing to escape.
    return t.field ? `${t.field} : ${quoted}` : quoted;
  };
  let expression = `(${query.terms.filter((t) => !t.negated).map(phrase).join(' AND ')})`;
  for (const t of query.terms.filter((t) => t.negated)) expression = `(${expression} NOT ${phrase(t)})`;
  return expression;
}
