import type { Kysely } from 'kysely';
import { idColumn } from './migration-helpers.js';

// Frozen in time. Two-factor sign-in: one TOTP secret per account (encrypted with a key derived from the site secret;
// `enabled_at` is null while setup waits for its first code; `last_step` stops a code being used twice) and its
// single-use recovery codes, stored as SHA-256 hashes. Sessions remember the browser that opened them, for the list
// of active sessions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('totp_credentials')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db, db.schema.createTable('totp_recovery_codes'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.createIndex('totp_recovery_codes_user').on('totp_recovery_codes').columns(['user_id', 'code_hash']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
  await db.schema.dropTable('totp_recovery_codes').execute();
  await db.schema.dropTable('totp_credentials').execute();
}
