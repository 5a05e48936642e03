import type { Database } from '../db/schema.js';

// Which tables a site backup carries, in the order a restore inserts them: every table comes after the tables its
// foreign keys point to. A table in the database that is in neither list below stops `chapterhouse backup` with a
// message (and fails src/backup/backup.test.ts), so a new table cannot be forgotten: add it here or to SKIPPED_TABLES.

export interface BackupTable {
  readonly name: keyof Database;
  /** The primary key columns: rows are read and written in this order. */
  readonly key: readonly string[];
  /**
   * Columns referencing this same table's integer `id`. A row may point at a row with a higher id (a tag made a
   * synonym of a tag created after it); restore inserts such a value as null and sets it once the table is loaded.
   */
  readonly selfReferences?: readonly string[];
}

const ID = ['id'] as const;

export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'site_settings', key: ['key'] },
  { name: 'counters', key: ['name'] },
  { name: 'users', key: ID },
  { name: 'api_tokens', key: ID },
  // Two-factor sign-in survives a restore (the secrets are encrypted with the site secret, which is backed up in
  // site_settings unless SECRET is set; keep SECRET the same on the restored site).
  { name: 'totp_credentials', key: ['user_id'] },
  { name: 'totp_recovery_codes', key: ID },
  { name: 'email_tokens', key: ID },
  { name: 'blocks', key: ['user_id', 'blocked_id'] },
  { name: 'mutes', key: ['user_id', 'muted_id'] },
  // Deleted accounts' usernames stay held on the restored site.
  { name: 'username_holds', key: ['key_hash'] },
  // Export requests go with the jobs that build them; the zip files themselves live in DATA_DIR/exports (not in the
  // backup: copy that folder too, or readers whose export was ready ask for a new one).
  { name: 'exports', key: ID },
  // Saved searches keep their feed tokens, so readers' private feed URLs go on working.
  { name: 'saved_searches', key: ID },
  { name: 'works', key: ID },
  { name: 'work_authors', key: ['work_id', 'user_id'] },
  { name: 'work_warnings', key: ['work_id', 'warning'] },
  { name: 'tags', key: ID, selfReferences: ['synonym_of_id'] },
  { name: 'work_tags', key: ['work_id', 'tag_id'] },
  { name: 'tag_parents', key: ['parent_id', 'child_id'] },
  { name: 'tag_filters', key: ['tag_id', 'filter_id'] },
  { name: 'tag_wrangling_log', key: ID },
  { name: 'tag_exclusions', key: ['user_id', 'tag_id'] },
  { name: 'chapters', key: ID },
  { name: 'series', key: ID },
  { name: 'series_works', key: ['series_id', 'work_id'] },
  { name: 'comments', key: ID, selfReferences: ['parent_id'] },
  { name: 'kudos', key: ID },
  { name: 'bookmarks', key: ID },
  { name: 'bookmark_tags', key: ['bookmark_id', 'tag_id'] },
  { name: 'readings', key: ['user_id', 'work_id'] },
  { name: 'work_hits', key: ['work_id', 'day', 'visitor'] },
  { name: 'saved_searches', key: ID },
  { name: 'subscriptions', key: ID },
  { name: 'notifications', key: ID },
  // Queued work (notification fan-out, emails not yet sent) is part of the site: a restore finishes it. A job
  // leased by a process of the old site is picked up again once its lease runs out.
  { name: 'jobs', key: ID },
  { name: 'outbox', key: ID },
  { name: 'audit_log', key: ID },
  // Moderation: reports and their notes, appeals and their threads, and the invitation queue (issue 6).
  { name: 'reports', key: ID },
  { name: 'report_notes', key: ID },
  { name: 'appeals', key: ID },
  { name: 'appeal_messages', key: ID },
  { name: 'invite_requests', key: ID },
  { name: 'invitations', key: ID },
];

/** Tables left out on purpose, and why (docs/operations.md repeats this). */
export const SKIPPED_TABLES: Readonly<Partial<Record<keyof Database, string>>> = {
  work_search: 'derived: the search index is rebuilt from the works after a restore',
  work_filters: 'derived: rebuilt from work_tags and tag_filters after a restore',
  sessions:
    'short-lived sign-ins: everyone signs in again after a restore, and restoring an older backup cannot bring back a session that was signed out',
  rate_limits: 'counters of recent attempts that expire within minutes',
};

/** Kysely's own bookkeeping: the backup header carries the migration list instead. */
export const MIGRATION_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

/** Database tables that are neither backed up nor deliberately skipped. */
export function unknownTables(tables: readonly string[]): string[] {
  const known = new Set<string>([...BACKUP_TABLES.map((t) => t.name), ...Object.keys(SKIPPED_TABLES), ...MIGRATION_TABLES]);
  return tables.filter((t) => !known.has(t));
}
