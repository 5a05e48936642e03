import { unzipSync } from 'fflate';
import { ImportRefused } from '../http/errors.js';
import { EXPORT_JSON_NAME } from './export-format.js';

// Reads the JSON document out of an uploaded export zip, refusing hostile archives before inflating anything:
// too many entries, unsafe names (absolute, `..`, backslashes, drive letters, control characters), repeated names,
// and a document declared larger than MAX_JSON_BYTES. Only the document is inflated, into a buffer of its declared
// size (fflate does not grow a buffer it was given), so a lying header cannot make it allocate more. The EPUBs in
// the zip are not read: the document carries everything the importer needs.

export const MAX_ENTRIES = 5000;
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

class Refusal extends Error {}

/** True for a name that stays inside the archive's folder. */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.length > 500) return false;
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return !name.split('/').some((part) => part === '..' || part === '.');
}

/** The text of chapterhouse-export.json inside `bytes`; throws ImportRefused with a message for the reader. */
export function readExportJson(bytes: Uint8Array): string {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw ImportRefused('That file is not a zip archive. Upload the .zip file from “Download my data”.');
  const seen = new Set<string>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (seen.size >= MAX_ENTRIES) throw new Refusal(`The archive holds more than ${MAX_ENTRIES.toLocaleString('en')} files.`);
        if (!isSafeEntryName(entry.name)) throw new Refusal('The archive contains a file name that points outside it.');
        if (seen.has(entry.name)) throw new Refusal('The archive contains the same file name twice.');
        seen.add(entry.name);
        if (entry.name !== EXPORT_JSON_NAME) return false;
        if (entry.originalSize > MAX_JSON_BYTES) throw new Refusal(`${EXPORT_JSON_NAME} is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB.`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof Refusal) throw ImportRefused(error.message);
    throw ImportRefused('The zip archive is damaged and cannot be read.');
  }
  const json = files[EXPORT_JSON_NAME];
  if (!json) throw ImportRefused(`The archive has no ${EXPORT_JSON_NAME}: upload the .zip file from “Download my data”.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw ImportRefused(`${EXPORT_JSON_NAME} is not UTF-8 text.`);
  }
}
