// Neutral generated prose for size tests and benchmarks: deterministic, plain words, paragraphs of about 100 words.

const WORDS = (
  'the harbour lamp keeper walked along quiet stone path toward morning tide while gulls circled over grey water ' +
  'and small boats waited beside wooden pier where ropes lay coiled near baskets of bread apples and letters from ' +
  'distant towns that nobody had opened since winter rain began falling across fields hills and narrow lanes'
).split(' ');

/** `words` words of paragraphs (`<p>…</p>`), the same text for the same arguments. */
export function generatedParagraphs(words: number, seed = 1): string {
  const out: string[] = [];
  let state = seed;
  let written = 0;
  while (written < words) {
    const length = Math.min(100, words - written);
    const para: string[] = [];
    for (let i = 0; i < length; i += 1) {
      state = (state * 1103515245 + 12345) % 2147483648;
      para.push(WORDS[state % WORDS.length]!);
    }
    para[0] = para[0]!.charAt(0).toUpperCase() + para[0]!.slice(1);
    out.push(`<p>${para.join(' ')}.</p>`);
    written += length;
  }
  return out.join('\n');
}

/** The chapters of a long work: `total` words spread over `chapters` chapters. */
export function longWorkChapters(total: number, chapters: number): { title: string; body: string }[] {
  const each = Math.ceil(total / chapters);
  return Array.from({ length: chapters }, (_, i) => ({ title: `Part ${i + 1}`, body: generatedParagraphs(Math.min(each, total - i * each), i + 1) }));
}
