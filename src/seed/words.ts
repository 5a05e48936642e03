import type { Prng } from './prng.js';

// Neutral, invented vocabulary for the synthetic archive: names built from syllables (so tens of thousands of tags
// stay unique), and plain words for titles, summaries and chapter text. Nothing here is taken from any story.

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cl', 'dr', 'fr', 'gl', 'tr', 'st', 'th', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ae', 'ei', 'ou', 'ia'];
const CODAS = ['', '', 'n', 'r', 'l', 's', 'th', 'nd', 'rn', 'x', 'm'];

export const ADJECTIVES = [
  'quiet', 'amber', 'distant', 'hollow', 'silver', 'patient', 'northern', 'borrowed', 'gentle', 'winter', 'paper',
  'lantern', 'open', 'hidden', 'salt', 'late', 'second', 'small', 'bright', 'slow', 'copper', 'green', 'long',
  'empty', 'last', 'glass', 'river', 'careful', 'folded', 'evening', 'early', 'willow', 'stone', 'midsummer',
];

export const NOUNS = [
  'harbour', 'orchard', 'lighthouse', 'letter', 'garden', 'bridge', 'station', 'library', 'meadow', 'kitchen',
  'map', 'staircase', 'window', 'archive', 'ferry', 'market', 'observatory', 'workshop', 'tide', 'season', 'road',
  'lantern', 'chapter', 'promise', 'compass', 'field', 'song', 'clock', 'hill', 'island', 'river', 'door', 'cart',
  'well', 'tower', 'valley', 'notebook', 'kettle', 'train', 'candle', 'postcard', 'forest', 'canal', 'shelf',
];

const VERBS = [
  'walked', 'waited', 'listened', 'wrote', 'counted', 'carried', 'opened', 'folded', 'watched', 'mended', 'painted',
  'remembered', 'returned', 'gathered', 'answered', 'measured', 'planted', 'crossed', 'kept', 'found',
];

const FREEFORM_HEADS = [
  'Slow Burn', 'Found Family', 'Hurt/Comfort', 'Fluff', 'Angst', 'Friendship', 'Road Trip', 'Coffee Shop', 'Letters',
  'Time Travel', 'Alternate Universe', 'Domestic', 'Post-Canon', 'Pre-Canon', 'Canon Divergence', 'Mystery',
  'Adventure', 'Humor', 'Character Study', 'Epistolary', 'Holidays', 'Rivals', 'Pining', 'Worldbuilding',
];

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** An invented name of 2–3 syllables, capitalised ("Brailen"). */
export function inventedName(rng: Prng): string {
  let out = '';
  const syllables = rng.int(2, 3);
  for (let i = 0; i < syllables; i++) out += rng.pick(ONSETS) + rng.pick(VOWELS) + (i === syllables - 1 ? rng.pick(CODAS) : '');
  return capital(out);
}

/** A fandom's name: "The Amber Orchard" and the like, made unique by the caller. */
export function fandomName(rng: Prng): string {
  return rng.chance(0.5) ? `The ${capital(rng.pick(ADJECTIVES))} ${capital(rng.pick(NOUNS))}` : `${inventedName(rng)} ${capital(rng.pick(NOUNS))}`;
}

/** A freeform tag: a common trope head, often with a qualifier ("Fluff - Lighthouse"). */
export function freeformName(rng: Prng): string {
  const head = rng.pick(FREEFORM_HEADS);
  return rng.chance(0.8) ? `${head} - ${capital(rng.pick(ADJECTIVES))} ${capital(rng.pick(NOUNS))}` : head;
}

/** A work's title. */
export function workTitle(rng: Prng): string {
  const forms = [
    () => `The ${capital(rng.pick(ADJECTIVES))} ${capital(rng.pick(NOUNS))}`,
    () => `${capital(rng.pick(NOUNS))} of ${inventedName(rng)}`,
    () => `What the ${capital(rng.pick(NOUNS))} ${capital(rng.pick(VERBS))}`,
    () => `${capital(rng.pick(ADJECTIVES))} ${capital(rng.pick(NOUNS))}, ${capital(rng.pick(ADJECTIVES))} ${capital(rng.pick(NOUNS))}`,
  ];
  return rng.pick(forms)();
}

/** One plain sentence of invented prose. */
export function sentence(rng: Prng, names: readonly string[]): string {
  const who = names.length > 0 ? rng.pick(names) : inventedName(rng);
  const forms = [
    () => `${who} ${rng.pick(VERBS)} by the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} until the ${rng.pick(NOUNS)} was ${rng.pick(ADJECTIVES)}.`,
    () => `The ${rng.pick(NOUNS)} was ${rng.pick(ADJECTIVES)} that year, and ${who} ${rng.pick(VERBS)} every morning.`,
    () => `"Another ${rng.pick(NOUNS)}," said ${who}, and ${rng.pick(VERBS)} the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}.`,
    () => `Nobody ${rng.pick(VERBS)} the ${rng.pick(NOUNS)} after that, though ${who} kept the ${rng.pick(NOUNS)} ${rng.pick(ADJECTIVES)}.`,
  ];
  return rng.pick(forms)();
}

/** A work's summary: one or two sentences. */
export function summary(rng: Prng, names: readonly string[]): string {
  return rng.chance(0.5) ? sentence(rng, names) : `${sentence(rng, names)} ${sentence(rng, names)}`;
}

/** Paragraphs of prose with about `words` words, as the sanitizer would store them (only <p>; the text has no markup characters). */
export function proseHtml(rng: Prng, names: readonly string[], words: number): { html: string; words: number } {
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    const target = rng.int(3, 7);
    for (let i = 0; i < target && count < words; i++) {
      const s = sentence(rng, names);
      count += s.split(' ').length;
      sentences.push(s);
    }
    paragraphs.push(`<p>${sentences.join(' ')}</p>`);
  }
  return { html: paragraphs.join('\n'), words: count };
}
