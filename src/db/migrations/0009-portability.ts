import type { Kysely } from 'kysely';
import { idColumn } from './migration-helpers.js';

// Frozen in time. Taking your data with you, and leaving: personal exports (a zip built by a job, downloadable by
// its owner until it expires) and usernames held back for a while after an account is deleted (stored as a hash of
// the lower-cased name, so the table keeps no personal data).

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('exports'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // pending | ready | failed | expired
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('file_name', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ready_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('exports_user').on('exports').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('username_holds')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('held_until', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('username_holds').execute();
  await db.schema.dropTable('exports').execute();
}
