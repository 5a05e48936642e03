import type { ImportedChapter, ImportedMetadata, ImportedWork } from './imported-work.js';

// A Markdown file: an optional front matter block of `key: value` lines between `---` lines, then the text.
// Each top-level `# ` heading (outside fenced code) starts a chapter and gives its title; text before the first
// heading is a chapter of its own (untitled). With no `# ` heading the whole file is one chapter.

const LIST_KEYS: Record<string, keyof ImportedMetadata> = {
  tags: 'freeforms',
  freeforms: 'freeforms',
  additional_tags: 'freeforms',
  fandoms: 'fandoms',
  fandom: 'fandoms',
  relationships: 'relationships',
  characters: 'characters',
  warnings: 'warnings',
};
const TEXT_KEYS: Record<string, 'title' | 'summary' | 'notes' | 'endNotes' | 'language' | 'rating'> = {
  title: 'title',
  summary: 'summary',
  notes: 'notes',
  end_notes: 'endNotes',
  language: 'language',
  rating: 'rating',
};

/** Splits off a front matter block and reads its fields. */
export function readFrontMatter(text: string): { metadata: ImportedMetadata; rest: string } {
  const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { metadata: {}, rest: text };
  const metadata: ImportedMetadata = {};
  for (const line of match[1]!.split('\n')) {
    const field = /^([A-Za-z_ -]+?)\s*:\s*(.*)$/.exec(line);
    if (!field) continue;
    const key = field[1]!.trim().toLowerCase().replace(/[ -]+/g, '_');
    const value = unquote(field[2]!.trim());
    if (key in TEXT_KEYS) metadata[TEXT_KEYS[key]!] = value;
    else if (key in LIST_KEYS) (metadata[LIST_KEYS[key]!] as string[] | undefined) = value.replace(/^\[|\]$/g, '').split(',').map((v) => unquote(v.trim())).filter(Boolean);
    else if (key === 'series' && value) metadata.series = { title: value, ...(metadata.series?.position ? { position: metadata.series.position } : {}) };
    else if ((key === 'series_position' || key === 'series_part') && /^\d+$/.test(value) && metadata.series) metadata.series.position = Number(value);
  }
  return { metadata, rest: text.slice(match[0].length) };
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** Splits Markdown at top-level `# ` headings; fenced code blocks are never split. */
export function splitMarkdownChapters(text: string): ImportedChapter[] {
  const chapters: { title: string; lines: string[] }[] = [{ title: '', lines: [] }];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) fence = fence ? undefined : fenceMark;
    const heading = !fence ? /^#[ \t]+(.*?)[ \t#]*$/.exec(line) : null;
    if (heading) chapters.push({ title: heading[1]!.trim(), lines: [] });
    else chapters[chapters.length - 1]!.lines.push(line);
  }
  return chapters
    .map((c) => ({ title: c.title, body: c.lines.join('\n').trim(), format: 'markdown' as const }))
    .filter((c, i) => i > 0 || c.body !== '');
}

/** A Markdown file as a work. */
export function importMarkdown(text: string): ImportedWork {
  const { metadata, rest } = readFrontMatter(text);
  return { metadata, chapters: splitMarkdownChapters(rest) };
}
