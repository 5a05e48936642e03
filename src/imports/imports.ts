import type { Db } from '../db/connection.js';
import type { User, Work } from '../db/schema.js';
import { AppError, ImportRefused } from '../http/errors.js';
import { listUserSeries } from '../series/series.queries.js';
import { createWork } from '../works/works.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../works/work-rules.js';
import { importEpub } from './epub-import.js';
import { importHtml } from './html-import.js';
import { filledInFields, toWorkInput, type ImportedWork } from './imported-work.js';
import { importMarkdown } from './markdown-import.js';
import { escapeText } from './text-chapter.js';
import { decodeText } from './text-decoding.js';
import { importChapterZip } from './zip-import.js';
import { looksLikeZip } from './zip-reader.js';

// Import: an uploaded file becomes a draft work, created by the same createWork the posting form and API use, so
// bodies are rendered, sanitized and counted exactly as when posting. Every check runs before anything is
// written, and createWork writes in one transaction: a refused file leaves no trace.

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportResult {
  readonly work: Work;
  /** Fields the file did not carry, filled in with neutral values for the author to review. */
  readonly filledIn: string[];
}

export const ACCEPTED_EXTENSIONS = ['.epub', '.zip', '.html', '.htm', '.xhtml', '.md', '.markdown', '.txt'] as const;

/** Reads the file by its extension, refusing a file whose content does not match its name. */
export function readUpload(file: UploadedFile): ImportedWork {
  const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
  if (file.bytes.length === 0) throw ImportRefused('The file is empty.');
  switch (extension) {
    case '.epub':
      if (!looksLikeZip(file.bytes)) throw ImportRefused('This is not an EPUB file, though its name ends in .epub.');
      return importEpub(file.bytes);
    case '.zip':
      if (!looksLikeZip(file.bytes)) throw ImportRefused('This is not a zip file, though its name ends in .zip.');
      return importChapterZip(file.bytes);
    case '.html':
    case '.htm':
    case '.xhtml':
      return importHtml(decodeText(file.bytes, 'the file'));
    case '.md':
    case '.markdown':
      return importMarkdown(decodeText(file.bytes, 'the file'));
    case '.txt':
      return { metadata: {}, chapters: [{ title: '', body: escapeText(decodeText(file.bytes, 'the file')), format: 'html' }] };
    default:
      throw ImportRefused(`Chapterhouse imports ${ACCEPTED_EXTENSIONS.filter((e) => e !== '.markdown' && e !== '.xhtml').join(', ')} files; this one is not among them.`);
  }
}

/** Imports an uploaded file as a new draft work of `user`. */
export async function importWork(db: Db, user: User, file: UploadedFile, rules: WorkRules = DEFAULT_WORK_RULES): Promise<ImportResult> {
  const imported = readUpload(file);
  // A series the author already has, by exact title, is joined; otherwise the import starts a new one.
  const seriesTitle = imported.metadata.series?.title.trim();
  const existing = seriesTitle ? (await listUserSeries(db, user.id, true)).find((s) => s.title === seriesTitle) : undefined;
  const input = toWorkInput(imported, file.name, existing?.id);
  try {
    // Files name warnings from the built-in list (imported-work.ts), so those stay accepted beside the site's own.
    const work = await createWork(db, user, input, { ...rules, warnings: [...new Set([...DEFAULT_WORK_RULES.warnings, ...rules.warnings])] });
    return { work, filledIn: filledInFields(imported.metadata) };
  } catch (error) {
    // The checks above keep the file within the posting rules; should one still fail, say so in the file's terms.
    if (error instanceof AppError && error.code === 'validation_failed') {
      const [field, message] = Object.entries(error.fields ?? {})[0] ?? ['', error.message];
      const chapter = /^chapters\.(\d+)\./.exec(field)?.[1];
      throw ImportRefused(chapter !== undefined ? `Chapter ${Number(chapter) + 1} of the file cannot be imported: ${message}` : `The file cannot be imported: ${message}`);
    }
    throw error;
  }
}
