import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// Built downloads kept on disk under DATA_DIR/cache/downloads, named by what they hold and a version that changes
// whenever anything shown changes (src/downloads/book.ts). A file is written to a temporary name and renamed, so a
// reader never gets half a file and concurrent builds of the same version simply replace each other. Files outlive
// restarts; other versions of the same download are removed when a new one is written.

/** The folder holding cached downloads. */
export function downloadCacheDir(dataDir: string): string {
  return path.join(dataDir, 'cache', 'downloads');
}

/** A built download: its bytes, and when this version's file was written (its Last-Modified). */
export interface CachedDownload {
  readonly bytes: Uint8Array;
  readonly modified: Date;
}

/**
 * The cached file `${stem}-${version}.${extension}`, built with `build` when missing. Returns its bytes and time.
 * `stem` names the download (e.g. "work-12"); `version` must only hold [a-z0-9].
 */
export async function cachedDownload(dir: string, stem: string, version: string, extension: string, build: () => Promise<Uint8Array> | Uint8Array): Promise<CachedDownload> {
  const name = `${stem}-${version}.${extension}`;
  const file = path.join(dir, name);
  try {
    const handle = await fs.open(file, 'r');
    try {
      const [stat, bytes] = await Promise.all([handle.stat(), handle.readFile()]);
      return { bytes, modified: stat.mtime };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const bytes = await build();
  await fs.mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${name}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  await fs.writeFile(temporary, bytes);
  const { mtime } = await fs.stat(temporary);
  await fs.rename(temporary, file);
  await removeOtherVersions(dir, stem, extension, name);
  return { bytes, modified: mtime };
}

/**
 * When the cached file of this version was written, or undefined when it is not on disk. A new version is always a
 * new file (and the old one is removed), so its time is when what the download shows last changed, as far as this
 * site has served it: the answer to If-Modified-Since, read without opening the file.
 */
export async function cachedDownloadTime(dir: string, stem: string, version: string, extension: string): Promise<Date | undefined> {
  try {
    return (await fs.stat(path.join(dir, `${stem}-${version}.${extension}`))).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/** Deletes older versions of a download; a file another process is renaming in the meantime is left alone. */
async function removeOtherVersions(dir: string, stem: string, extension: string, keep: string): Promise<void> {
  const pattern = new RegExp(`^${stem}-[a-z0-9]+\\.${extension}$`);
  for (const entry of await fs.readdir(dir)) {
    if (entry !== keep && pattern.test(entry)) await fs.rm(path.join(dir, entry), { force: true });
  }
}
