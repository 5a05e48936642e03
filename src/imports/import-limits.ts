import { MAX_BODY_CHARS } from '../works/works.forms.js';

// What an uploaded file may unpack to. The upload itself is capped by MAX_BODY_BYTES before any of this runs;
// these limits stop a small archive that expands into something huge (a zip bomb) or into thousands of files.

/** Total bytes all entries of a zip or EPUB may inflate to, counted while inflating (headers are not trusted). */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
/** Entries (files and folders) a zip or EPUB may hold. */
export const MAX_ZIP_ENTRIES = 2_000;
/** Chapters one import may create: the most a new work may be posted with. */
export const MAX_IMPORT_CHAPTERS = 500;
/** Characters in one chapter's text: the same limit as posting. */
export const MAX_CHAPTER_CHARS = MAX_BODY_CHARS;
