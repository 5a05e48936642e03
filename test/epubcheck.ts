import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Debian's epubcheck (installed by .ci/run), run once for many files: its command line checks one file per JVM,
// so test/epubcheck/EpubCheckBatch.java drives its Java API over all of them in a single JVM.

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
const BATCH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'epubcheck', 'EpubCheckBatch.java');

export interface EpubCheckResult {
  readonly fatal: number;
  readonly errors: number;
  readonly warnings: number;
  /** epubcheck's messages about this file (for failure output). */
  readonly messages: string[];
}

/** Checks every file and returns epubcheck's counts per file path. */
export function epubcheck(files: readonly string[]): Promise<Map<string, EpubCheckResult>> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xss1024k', '-cp', EPUBCHECK_JAR, BATCH, ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`epubcheck failed to run: ${error.message}\n${stderr}`));
      const output = `${stdout}\n${stderr}`.split('\n');
      const results = new Map<string, EpubCheckResult>();
      for (const line of output) {
        const [tag, file, fatal, errors, warnings] = line.split('\t');
        if (tag !== 'RESULT' || file === undefined) continue;
        results.set(file, {
          fatal: Number(fatal),
          errors: Number(errors),
          warnings: Number(warnings),
          messages: output.filter((m) => m.includes(file) && !m.startsWith('RESULT')),
        });
      }
      for (const file of files) if (!results.has(file)) return reject(new Error(`epubcheck gave no result for ${file}\n${stdout}\n${stderr}`));
      resolve(results);
    });
  });
}
