import { describe, expect, it } from 'vitest';
import { fts5Match, parseSearchQuery, type ParsedQuery } from './search-query.js';

// The query parser: reader syntax into a safe structure; nothing typed becomes FTS syntax.

function parsed(input: string): ParsedQuery {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(result.message);
  return result.query;
}

describe('parseSearchQuery', () => {
  it('reads words, phrases, exclusions and fields', () => {
    expect(parsed('Lighthouse "slow burn" -angst title:lamp author:"wren" tag:fluff series:saga').terms).toEqual([
      { tokens: ['lighthouse'], negated: false },
      { tokens: ['slow', 'burn'], negated: false },
      { tokens: ['angst'], negated: true },
      { tokens: ['lamp'], negated: false, field: 'title' },
      { tokens: ['wren'], negated: false, field: 'authors' },
      { tokens: ['fluff'], negated: false, field: 'tags' },
      { tokens: ['saga'], negated: false, field: 'series' },
    ]);
  });

  it('treats an unbalanced quote as running to the end, and unknown fields as words', () => {
    expect(parsed('keeper "the lamp').terms).toEqual([{ tokens: ['keeper'], negated: false }, { tokens: ['the', 'lamp'], negated: false }]);
    expect(parsed('colour:blue').terms).toEqual([{ tokens: ['colour', 'blue'], negated: false }]);
  });

  it('refuses empty, over-long, punctuation-only and exclusion-only queries with a message', () => {
    for (const input of ['', '   ', '-', '"', '* ^ ( ) :', 'x'.repeat(501), '-angst']) {
      const result = parseSearchQuery(input);
      expect(result.ok, input.slice(0, 20)).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    }
    expect(parseSearchQuery('x'.repeat(500)).ok).toBe(true);
  });

  it('builds an FTS5 expression with every token quoted, so operators and syntax stay plain words (a bare word with punctuation is a phrase of its pieces)', () => {
    expect(fts5Match(parsed('lamp NEAR(keeper) "a*b" -title:dusk ^start'))).toBe(
      '(("lamp" AND "near keeper" AND "a b" AND "start") NOT title : "dusk")',
    );
  });
});
