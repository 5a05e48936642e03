import { z } from 'zod';
import { ImportRefused } from '../http/errors.js';
import { importHtmlChapter } from './html-import.js';
import { titleFromFileName, type ImportedChapter, type ImportedMetadata, type ImportedWork } from './imported-work.js';
import { readFrontMatter } from './markdown-import.js';
import { isBlank } from './html-parts.js';
import { escapeText } from './text-chapter.js';
import { decodeText } from './text-decoding.js';
import { readZip } from './zip-reader.js';

// A zip of chapter files: every .md, .markdown, .html, .htm, .xhtml and .txt file is one chapter, in natural name
// order (chapter2 before chapter10), folders included in the name. Other files (images, system files) are
// ignored. Metadata comes from `work.json` when present, else from the front matter of the first Markdown file.

const CHAPTER_FILE = /\.(md|markdown|html?|xhtml|txt)$/i;
const order = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const workJsonSchema = z
  .object({
    title: z.string(),
    summary: z.string(),
    notes: z.string(),
    end_notes: z.string(),
    language: z.string(),
    rating: z.string(),
    warnings: z.array(z.string()),
    fandoms: z.array(z.string()),
    relationships: z.array(z.string()),
    characters: z.array(z.string()),
    freeforms: z.array(z.string()),
    tags: z.array(z.string()),
    series: z.union([z.string(), z.object({ title: z.string(), position: z.number().int().positive().optional() })]),
  })
  .partial();

/** Reads a zip of chapter files as a work. */
export function importChapterZip(bytes: Uint8Array): ImportedWork {
  const files = readZip(bytes, 'zip file');
  const names = [...files.keys()].filter((name) => CHAPTER_FILE.test(name) && !isSystemFile(name)).sort(order.compare);
  if (names.length === 0) throw ImportRefused('The zip file holds no chapter files (.md, .html, .htm or .txt).');
  const workJson = [...files.keys()].find((name) => name.split('/').pop()!.toLowerCase() === 'work.json' && !isSystemFile(name));

  let metadata: ImportedMetadata = workJson ? readWorkJson(decodeText(files.get(workJson)!, 'work.json')) : {};
  const chapters: ImportedChapter[] = names.map((name, i) => {
    const text = decodeText(files.get(name)!, `“${name}” in the zip file`);
    const fallback = titleFromFileName(name).replace(/^\d+[\s._-]+(?=\S)/, '');
    if (/\.(md|markdown)$/i.test(name)) {
      const { metadata: front, rest } = readFrontMatter(text);
      if (i === 0 && !workJson) metadata = front;
      // A file is one chapter: a leading "# " heading is its title; any later headings stay in the text.
      const heading = /^\s*#[ \t]+(.*?)[ \t#]*(?:\n|$)/.exec(rest);
      return { title: heading?.[1]?.trim() || fallback, body: (heading ? rest.slice(heading[0].length) : rest).trim(), format: 'markdown' };
    }
    if (/\.txt$/i.test(name)) return { title: fallback, body: escapeText(text), format: 'html' };
    return importHtmlChapter(text, fallback);
  });
  chapters.forEach((chapter, i) => {
    if (chapter.format === 'markdown' ? chapter.body.trim() === '' : isBlank(chapter.body)) throw ImportRefused(`“${names[i]}” in the zip file holds no text.`);
  });
  return { metadata, chapters };
}

function isSystemFile(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('.'));
}

function readWorkJson(text: string): ImportedMetadata {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw ImportRefused('work.json in the zip file is not valid JSON.');
  }
  const parsed = workJsonSchema.safeParse(json);
  if (!parsed.success) throw ImportRefused(`work.json in the zip file has a field of the wrong type (${parsed.error.issues[0]?.path.join('.') ?? 'the whole file'}).`);
  const w = parsed.data;
  const metadata: ImportedMetadata = {};
  if (w.title) metadata.title = w.title;
  if (w.summary) metadata.summary = w.summary;
  if (w.notes) metadata.notes = w.notes;
  if (w.end_notes) metadata.endNotes = w.end_notes;
  if (w.language) metadata.language = w.language;
  if (w.rating) metadata.rating = w.rating;
  if (w.warnings) metadata.warnings = w.warnings;
  if (w.fandoms) metadata.fandoms = w.fandoms;
  if (w.relationships) metadata.relationships = w.relationships;
  if (w.characters) metadata.characters = w.characters;
  if (w.freeforms || w.tags) metadata.freeforms = [...(w.freeforms ?? []), ...(w.tags ?? [])];
  if (w.series) metadata.series = typeof w.series === 'string' ? { title: w.series } : { title: w.series.title, ...(w.series.position ? { position: w.series.position } : {}) };
  return metadata;
}
