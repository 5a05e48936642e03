// Procedural filler prose for the demo's one long chapter: sentences built from templates and word lists,
// picked by a seeded PRNG so the same seed always gives the same text. The setting is the demo's invented
// clockwork city of Brassmere. Output is HTML paragraphs; words are whitespace-separated tokens (no tag,
// dash or ellipsis stands alone), so the requested count is met almost exactly.

/** mulberry32: a small, fast 32-bit PRNG; good enough for choosing words. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LISTS: Record<string, readonly string[]> = {
  name: ['Sela', 'Tobiah', 'Nine-Spring', 'the magistrate', 'the lamplighter', 'old Weller', 'the ferry girl', 'the night clerk'],
  place: [
    'the Gearwork Market',
    'the Spindle Bridge',
    'the foot of the Great Wheel',
    'the foundry quarter',
    'the canal of Slow Water',
    'the tea house on Ratchet Lane',
    'the archive of broken clocks',
    'the rooftop gardens',
    'the tram depot',
    'the old escapement works',
  ],
  object: [
    'a brass key',
    'a pocket watch with no hands',
    'a coil of copper wire',
    'a tin of lamp oil',
    'a folded map',
    'a cup of cooling tea',
    'a loose cog',
    'a ledger bound in green cloth',
    'a jar of tiny screws',
    'a letter with a blue seal',
    'a spring wound too tight',
    'an umbrella with one bent rib',
  ],
  time: [
    'At dawn',
    'By noon',
    'Later that afternoon',
    'When the bells rang three',
    'Just after the tide of steam rose',
    'Before the lamps were lit',
    'In the long hour before supper',
    'On the second morning',
    'Near midnight',
  ],
  weather: ['a thin rain', 'a yellow fog', 'warm steam from the vents', 'a wind off the river', 'a dry, ticking heat', 'soft grey snow'],
  smell: ['hot metal', 'machine oil', 'fresh bread', 'wet stone', 'cinnamon and smoke', 'river mud', 'new paper'],
  sound: ['a bell answered another bell', 'the tram wheels hummed', 'someone whistled a tune', 'a shutter clicked open', 'gears turned in the walls', 'pigeons argued on a ledge'],
  manner: ['without hurry', 'with great care', 'almost fondly', 'as if it might break', 'the way one holds a secret', 'slowly, then all at once', 'with a small frown'],
  feeling: ['a quiet satisfaction', 'an odd homesickness', 'the beginning of an idea', 'a patience that surprised everyone', 'a kind of relief', 'curiosity, mostly'],
  verb: ['turned over', 'polished', 'set down', 'pocketed', 'examined', 'wound', 'weighed in one hand', 'handed back'],
  topic: ['the price of brass', 'the river in spring', 'an unfinished drawing', 'a promise made years ago', 'the shape of the new tower', 'how clocks learn to keep time', 'the people who built the Wheel'],
  quote: [
    'It only needs a little oil',
    'Nothing in this city is ever truly stopped',
    'We can fix that tomorrow',
    'Listen, it is ticking again',
    'Everyone is late when the Wheel is slow',
    'I kept the spare parts, just in case',
    'You always say that',
    'Then we had better start now',
  ],
  adj: ['narrow', 'crowded', 'silent', 'sunlit', 'crooked', 'freshly painted', 'half-flooded', 'busy'],
};

const TEMPLATES: readonly string[] = [
  '{time}, {name} walked to {place} and stayed there longer than planned.',
  '{name} {verb} {object} {manner}.',
  'The air near {place} smelled of {smell}, and somewhere above them {sound}.',
  '"{quote}," said {name}.',
  '{name} did not look up. "{quote}."',
  '{name} thought about {topic} for a long while.',
  'There was {object} on the table, and beside it {object}.',
  'Nobody at {place} could say when {sound} for the first time.',
  '{time} there was {weather}, and the streets became {adj} and strange.',
  'The way to {place} was {adj}, as it always was at that hour.',
  'It was {feeling} that kept {name} from leaving.',
  '{name} remembered {object}, and then, unwillingly, {topic}.',
  'Through {weather}, the Great Wheel kept turning.',
  '{time}, {name} wrote three lines about {topic} and crossed out two of them.',
  'From {place} one could see the whole city, {adj} and patient.',
  'The shopkeepers at {place} nodded to {name} and went back to work.',
  '{name} found {object} where nobody had thought to look.',
  'Everything smelled faintly of {smell}.',
  'Somewhere in the foundry quarter, {sound}.',
  'What {name} felt then was {feeling}.',
  '{name} asked about {topic}, and the answer was longer than expected.',
  'On the corner by {place}, a child was selling {object} for a single copper.',
  'The clocks disagreed by a minute, which in Brassmere counted as harmony.',
  '{name} laughed, and {sound}, as if in reply.',
  'For a moment nobody moved, and the only sound was the ticking of the clocks in {place}.',
  '{name} had promised to be at {place} before the bells, and was, for once, early.',
  'It had been a {adj} week, and it showed in everyone.',
  'Someone had chalked a map of {place} on the wall, with an arrow pointing nowhere in particular.',
  '{name} set out for {place} with {object} and no real plan.',
  'The tram to {place} was late again, so {name} walked.',
  'Steam drifted across {place}, and the lamps made small gold rooms inside it.',
  '"Do you hear that?" asked {name}. {sound}, and then it stopped.',
  'Under {weather}, even {place} looked kind.',
  'There were stories about {place}, most of them untrue and all of them well told.',
  '{name} kept {object} in a coat pocket, for luck or out of habit.',
  'The conversation drifted to {topic}, as conversations in Brassmere often did.',
  'Nobody had asked {name} to help, which was exactly why it felt right to do so.',
  'A clockmaker at {place} was arguing with a customer about {topic}.',
  '{time}, the whole street seemed to be holding its breath.',
  'It was the kind of evening that made {name} want to write letters.',
];

/** Short closing sentences by length in words, used to land on the requested count. */
const SHORT: Record<number, readonly string[]> = {
  1: ['Quiet.', 'Morning.', 'Tick.', 'Later.'],
  2: ['Nobody answered.', 'Steam rose.', 'Bells rang.', 'Time passed.'],
  3: ['The wind turned.', 'It was enough.', 'The clocks agreed.', 'Sela waited patiently.'],
  4: ['Then it was quiet.', 'The lamps came on.', 'Nobody said a word.'],
  5: ['The Wheel turned once more.', 'And that was the day.'],
  6: ['The city went on ticking, patiently.', 'Tomorrow, they would try again.'],
};

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Capitalizes the start of each sentence, skipping an opening quotation mark ('"it' becomes '"It'). */
function capitalize(text: string): string {
  return text.replace(/(^|[.?!]"? )("?)(\p{Ll})/gu, (_, before: string, quote: string, letter: string) => before + quote + letter.toUpperCase());
}

/**
 * Deterministic, plausible-reading prose of about `words` words (usually exact, never more than a few off),
 * as `<p>` paragraphs.
 */
export function generateProse(seed: number, words: number): string {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const fill = (template: string) => {
    const used = new Set<string>();
    const sentence = template.replace(/\{(\w+)\}/g, (_, key: string) => {
      const list = LISTS[key] ?? [key];
      let value = pick(list);
      if (used.has(value)) value = pick(list);
      used.add(value);
      return value;
    });
    return capitalize(sentence);
  };

  const paragraphs: string[] = [];
  let current: string[] = [];
  let target = 3 + Math.floor(random() * 5);
  let total = 0;
  const recent: string[] = [];

  while (total < words) {
    const remaining = words - total;
    let sentence: string;
    if (remaining <= 6) {
      sentence = pick(SHORT[remaining]!);
    } else {
      // Avoid repeating any of the last few sentence shapes.
      let template = pick(TEMPLATES);
      while (recent.includes(template)) template = pick(TEMPLATES);
      recent.push(template);
      if (recent.length > 8) recent.shift();
      sentence = fill(template);
      // Too long for what is left: close with short sentences instead.
      if (countWords(sentence) > remaining) sentence = pick(SHORT[6]!);
    }
    current.push(sentence);
    total += countWords(sentence);
    // Dialogue lines stand alone now and then, as in ordinary prose.
    const dialogue = sentence.startsWith('"') && random() < 0.4;
    if (current.length >= target || dialogue) {
      paragraphs.push(current.join(' '));
      current = [];
      target = 3 + Math.floor(random() * 5);
    }
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.map((p) => `<p>${p}</p>`).join('\n');
}
