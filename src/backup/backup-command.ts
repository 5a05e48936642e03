import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { writeBackup } from './backup.js';
import { BackupError } from './backup-format.js';
import { createProgressReporter } from './progress.js';
import { restoreBackup } from './restore.js';

// `chapterhouse backup FILE` and `chapterhouse restore FILE` (src/cli.ts loads this module for those two only).
// Progress goes to standard error; the summary and the checksum to standard output. Exit code 1 with a message
// for anything the operator must fix.

/** Runs `backup` or `restore` with its arguments; returns the exit code. */
export async function runBackupCommand(db: Db, command: 'backup' | 'restore', args: readonly string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    console.error(`Usage: chapterhouse ${command} FILE`);
    return 2;
  }
  try {
    return command === 'backup' ? await backup(db, file) : await restore(db, file);
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

async function backup(db: Db, file: string): Promise<number> {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose a new name (a backup never overwrites a file).`);
  // Written under a temporary name and renamed when complete, so a file with the final name is always whole.
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  const progress = createProgressReporter(process.stderr, 'Backing up');
  try {
    const result = await writeBackup(db, fs.createWriteStream(partial, { flags: 'wx' }), { onProgress: (p) => progress.update(p.done, p.total, p.table) });
    progress.finish();
    fs.renameSync(partial, file);
    const tables = Object.keys(result.rows).length;
    console.log(`Backed up ${result.totalRows.toLocaleString('en')} rows from ${tables} tables to ${file} (${fs.statSync(file).size.toLocaleString('en')} bytes).`);
    console.log(`SHA-256 of the content: ${result.sha256}`);
    return 0;
  } catch (error) {
    progress.finish();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

async function restore(db: Db, file: string): Promise<number> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const progress = createProgressReporter(process.stderr, 'Restoring');
  try {
    const result = await restoreBackup(db, fs.createReadStream(file), {
      onProgress: (p) => progress.update(p.done, p.total, p.table),
      onIndexed: (n) => process.stderr.write(`Indexed ${n.toLocaleString('en')} works for search…\n`),
    });
    progress.finish();
    console.log(`Restored ${result.totalRows.toLocaleString('en')} rows into ${Object.keys(result.rows).length} tables; the checksum matched.`);
    console.log(`SHA-256 of the content: ${result.sha256}`);
    if (result.migrated.length) console.log(`Then applied newer migrations: ${result.migrated.join(', ')}.`);
    console.log(`The search index holds ${result.indexedWorks.toLocaleString('en')} works.`);
    return 0;
  } finally {
    progress.finish();
  }
}
