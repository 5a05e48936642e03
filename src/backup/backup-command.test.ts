import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers.js';
import { registerUser } from '../accounts/accounts.js';
import { findUserByUsername } from '../accounts/users.queries.js';
import { migrateToLatest, openDatabase } from '../db/connection.js';
import { createProgressReporter } from './progress.js';

const run = promisify(execFile);
const bin = path.resolve('bin/chapterhouse.js');

/** Runs the real `chapterhouse` command against SQLite in `dataDir`; resolves with its output, or with the failure. */
async function chapterhouse(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', BASE_URL: 'http://archive.test', LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('chapterhouse backup and restore', () => {
  it('backs up a site to a file with progress and a checksum, and restores it into a new data directory; refuses to overwrite or to restore twice', async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-site-'));
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-moved-'));
    const file = path.join(site, 'site.jsonl.gz');
    const live = openDatabase({ sqliteFile: path.join(site, 'chapterhouse.db') });
    await migrateToLatest(live);
    await registerUser(live, testConfig(), { username: 'Keeper', email: 'keeper@example.org', password: 'a long enough password' }, { force: true, admin: true });
    await live.destroy();

    const backup = await chapterhouse(site, ['backup', file]);
    expect(backup.code).toBe(0);
    const checksum = /SHA-256 of the content: ([0-9a-f]{64})/.exec(backup.stdout)?.[1];
    expect(checksum).toBeDefined();
    expect(backup.stdout).toMatch(/Backed up \d+ rows from \d+ tables/);
    expect(backup.stderr).toContain('Backing up:');
    expect(backup.stderr).toContain('(100%)');
    expect(fs.readdirSync(site).filter((f) => f.includes('partial'))).toEqual([]);

    const again = await chapterhouse(site, ['backup', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const restore = await chapterhouse(moved, ['restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`SHA-256 of the content: ${checksum}`);
    expect(restore.stdout).toContain('the checksum matched');
    const db = openDatabase({ sqliteFile: path.join(moved, 'chapterhouse.db') });
    const user = await findUserByUsername(db, 'keeper');
    await db.destroy();
    expect(user?.is_admin).toBe(1);

    const twice = await chapterhouse(moved, ['restore', file]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('The target database is not empty');
  }, 180_000);
});

describe('the progress display', () => {
  it('redraws one bar in place on a terminal, and writes a plain line at each tenth otherwise', () => {
    const tty: string[] = [];
    const bar = createProgressReporter({ isTTY: true, write: (text: string) => tty.push(text) }, 'Backing up');
    bar.update(0, 200, 'users');
    bar.update(200, 200, 'chapters');
    bar.finish();
    bar.finish();
    expect(tty[0]).toMatch(/^\rBacking up \[-{30}\] 0% {2}0\/200 rows {2}users/);
    expect(tty[1]).toMatch(/^\rBacking up \[#{30}\] 100% {2}200\/200 rows {2}chapters/);
    expect(tty.slice(2)).toEqual(['\n']);

    const log: string[] = [];
    const lines = createProgressReporter({ isTTY: false, write: (text: string) => log.push(text) }, 'Restoring');
    for (let done = 0; done <= 1000; done += 50) lines.update(done, 1000, 'works');
    expect(log).toHaveLength(11);
    expect(log[0]).toBe('Restoring: 0/1,000 rows (0%)\n');
    expect(log[10]).toBe('Restoring: 1,000/1,000 rows (100%)\n');
  });
});
