// Plain text (a .txt file) becomes HTML paragraphs: characters escaped, blank lines between paragraphs, single
// line breaks kept, so nothing in the text can be read as markup.

/** Plain text as HTML paragraphs. */
export function escapeText(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
