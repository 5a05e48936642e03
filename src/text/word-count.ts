// Words are runs of letters, digits and joining punctuation; in scripts written without spaces between words
// (Chinese, Japanese kana and kanji, Thai, Lao, Khmer, Myanmar) each character counts as a word, as on AO3.
const NO_SPACE_SCRIPTS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
const TOKEN = new RegExp(`[${NO_SPACE_SCRIPTS}]\\p{M}*|(?:(?![${NO_SPACE_SCRIPTS}])[\\p{L}\\p{M}\\p{N}])+(?:['’\\-_.](?:(?![${NO_SPACE_SCRIPTS}])[\\p{L}\\p{M}\\p{N}])+)*`, 'gu');

/** Counts the words in plain text. */
export function countWords(text: string): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}
