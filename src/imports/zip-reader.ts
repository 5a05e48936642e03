import { inflateRawSync } from 'node:zlib';
import { ImportRefused } from '../http/errors.js';
import { MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from './import-limits.js';

// A small, strict zip reader for uploads. It reads the central directory, refuses what an archive of chapters
// never needs (encryption, ZIP64, unusual compression, absolute or parent-relative names, duplicates) and inflates
// each entry with a hard cap on the output, so the declared sizes in the headers are never trusted.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipLimits {
  readonly maxUnpackedBytes: number;
  readonly maxEntries: number;
}

const DEFAULT_LIMITS: ZipLimits = { maxUnpackedBytes: MAX_UNPACKED_BYTES, maxEntries: MAX_ZIP_ENTRIES };

/** True when the bytes start like a zip archive (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** The files of a zip archive (folders left out), in archive order, keyed by their names. */
export function readZip(bytes: Uint8Array, what: string, limits: ZipLimits = DEFAULT_LIMITS): Map<string, Uint8Array> {
  const damaged = () => ImportRefused(`The ${what} is damaged and cannot be read.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  if (end < 0) throw damaged();
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw ImportRefused(`The ${what} uses ZIP64, which is not accepted. Zip the files again without it.`);
  if (count > limits.maxEntries) throw ImportRefused(`The ${what} holds more than ${limits.maxEntries.toLocaleString('en')} files.`);

  const files = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  let unpacked = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw damaged();
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const declaredSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > bytes.length) throw damaged();
    const name = entryName(bytes.subarray(at + 46, at + 46 + nameLength), what);
    at += 46 + nameLength + extraLength + commentLength;

    const key = name.toLowerCase();
    if (seen.has(key)) throw ImportRefused(`The ${what} holds two files named “${name}”.`);
    seen.add(key);
    if (name.endsWith('/')) continue;
    if (flags & 1) throw ImportRefused(`The ${what} is encrypted. Upload it without a password.`);
    if (method !== 0 && method !== 8) throw ImportRefused(`The ${what} uses a compression method Chapterhouse does not read. Zip it again with ordinary (deflate) compression.`);

    const data = entryData(bytes, view, localOffset, compressedSize, damaged);
    const budget = limits.maxUnpackedBytes - unpacked;
    let content: Uint8Array;
    if (method === 0) {
      content = data;
    } else {
      try {
        // maxOutputLength stops inflating as soon as the output passes the budget; a bomb never fills memory.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, budget + 1) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooBig(what, limits);
        throw damaged();
      }
    }
    if (content.length > budget) throw tooBig(what, limits);
    if (content.length !== declaredSize) throw damaged();
    unpacked += content.length;
    files.set(name, content);
  }
  return files;
}

function tooBig(what: string, limits: ZipLimits) {
  return ImportRefused(`The ${what} unpacks to more than ${Math.round(limits.maxUnpackedBytes / 1024 / 1024)} MB, more than an import may hold.`);
}

/** The offset of the end-of-central-directory record, searched backwards over the longest possible comment. */
function findEndRecord(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= stop; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return -1;
}

/** An entry's name, refused when it could land outside the folder it is unpacked into. */
function entryName(raw: Uint8Array, what: string): string {
  const name = new TextDecoder('utf-8').decode(raw);
  const unsafe =
    name === '' ||
    name.includes('\0') ||
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.split(/[\\/]/).some((part) => part === '..');
  if (unsafe) throw ImportRefused(`The ${what} holds a file with an unsafe name (“${name.slice(0, 80)}”): names may not be absolute or climb out of the archive with “..”.`);
  return name.replace(/\\/g, '/');
}

function entryData(bytes: Uint8Array, view: DataView, offset: number, size: number, damaged: () => Error): Uint8Array {
  if (offset + 30 > bytes.length || view.getUint32(offset, true) !== LOCAL) throw damaged();
  const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
  if (start + size > bytes.length) throw damaged();
  return bytes.subarray(start, start + size);
}
