import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../db/connection.js';
import { findUserByUsername } from '../accounts/users.queries.js';

const run = promisify(execFile);
const bin = path.resolve('bin/chapterhouse.js');

/** Runs the real `chapterhouse` command with its own data directory. */
async function chapterhouse(dataDir: string, args: string[], input?: string) {
  const child = run(process.execPath, [bin, ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', BASE_URL: 'http://archive.test', LOG_LEVEL: 'silent' } });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child;
}

describe('the chapterhouse command', () => {
  it('migrates an empty data directory and creates an administrator, reading the password from standard input', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-cli-'));
    const migrated = await chapterhouse(dataDir, ['migrate']);
    expect(migrated.stdout).toContain('0001-foundation');
    expect((await chapterhouse(dataDir, ['migrate'])).stdout).toContain('up to date');

    const created = await chapterhouse(dataDir, ['user', 'create', '--admin', '--username', 'Keeper', '--email', 'keeper@example.org'], 'a long enough password\n');
    expect(created.stdout).toContain('Created administrator Keeper');

    const db = openDatabase({ sqliteFile: path.join(dataDir, 'chapterhouse.db') });
    await migrateToLatest(db);
    const user = await findUserByUsername(db, 'keeper');
    await db.destroy();
    expect(user?.is_admin).toBe(1);
    expect(user?.password_hash.startsWith('$argon2id$')).toBe(true);
  });

  it('refuses a bad account with the field and reason, and exits non-zero', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-cli-'));
    const failed = await chapterhouse(dataDir, ['user', 'create', '--username', 'x', '--email', 'nope', '--password', 'short']).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain('username: Usernames are 3 to 40 characters.');
    expect(failed.stderr).toContain('password: Passwords are at least 10 characters.');
  });

  it('prints usage for an unknown command', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-cli-'));
    const failed = await chapterhouse(dataDir, ['frobnicate']).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stderr).toContain('Usage: chapterhouse');
  });
});
