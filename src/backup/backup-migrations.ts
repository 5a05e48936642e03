import { Migrator } from 'kysely';
import type { Db } from '../db/connection.js';
import { migrations } from '../db/migrations/index.js';
import { currentSchema } from './backup.queries.js';

/**
 * Migrates an empty database up to `target` (inclusive), the level a backup was taken at, so its rows fit the
 * schema they came from; migrateToLatest then carries them forward like any upgrade. Uses the same migration
 * table schema as src/db/connection.ts migrateToLatest.
 */
export async function migrateToBackupLevel(db: Db, target: string): Promise<void> {
  const schema = await currentSchema(db);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
