import { describe, expect, it } from 'vitest';
import { generateProse } from './demo-prose.js';

/** Whitespace-separated words of the text with its tags removed. */
function wordsIn(html: string): number {
  const text = html.replace(/<[^>]*>/g, ' ').trim();
  return text === '' ? 0 : text.split(/\s+/).length;
}

describe('generateProse', () => {
  it('is deterministic for a seed', () => {
    expect(generateProse(42, 2000)).toBe(generateProse(42, 2000));
    expect(generateProse(7, 12_000)).toBe(generateProse(7, 12_000));
  });

  it('gives different text for different seeds', () => {
    expect(generateProse(1, 500)).not.toBe(generateProse(2, 500));
  });

  it.each([50, 300, 1000, 5000, 12_000])('hits %i words within 5%%', (words) => {
    for (const seed of [1, 2, 3, 99, 12_345]) {
      const count = wordsIn(generateProse(seed, words));
      expect(Math.abs(count - words)).toBeLessThanOrEqual(words * 0.05);
    }
  });

  it('returns HTML paragraphs of sentences', () => {
    const html = generateProse(5, 1500);
    const paragraphs = html.split('\n');
    expect(paragraphs.length).toBeGreaterThan(10);
    for (const paragraph of paragraphs) {
      expect(paragraph).toMatch(/^<p>[A-Z"].*[.?!"]<\/p>$/);
      expect(paragraph.slice('<p>'.length, -'</p>'.length)).not.toMatch(/[<>&]/);
      expect(paragraph).not.toContain('{');
    }
  });
});
