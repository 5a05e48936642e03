import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres } from './migration-helpers.js';

// Frozen in time. Keeping the archive safe (issue 6): moderator role, suspensions and bans on accounts, the
// address an account signed up from (for finding sock puppets), content hidden by moderators with a reason, reports
// and their notes, appeals with a message thread, invitations and the invitation queue. The audit log gains the
// reason and the before/after state of each action, and refuses updates on both engines so it cannot be edited.

const HIDEABLE = ['works', 'chapters', 'comments', 'series'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('is_moderator', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('suspended_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('suspension_reason', 'text').execute();
  await db.schema.alterTable('users').addColumn('banned_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('ban_reason', 'text').execute();
  await db.schema.alterTable('users').addColumn('signup_ip', 'text').execute();
  await db.schema.alterTable('users').addColumn('invitations_left', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('users_signup_ip').on('users').columns(['signup_ip', 'created_at']).execute();
  await db.schema.createIndex('users_email').on('users').column('email').execute();

  for (const table of HIDEABLE) {
    await db.schema.alterTable(table).addColumn('hidden_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('hidden_reason', 'text').execute();
    await db.schema.alterTable(table).addColumn('hidden_by', 'integer').execute();
  }

  await db.schema.alterTable('audit_log').addColumn('reason', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('audit_log').addColumn('before_state', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('audit_log').addColumn('after_state', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.createIndex('audit_log_created').on('audit_log').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'created_at']).execute();
  if (isPostgres(db)) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
  }

  // One row per report; reports about the same target group by (target_type, target_id).
  await idColumn(db, db.schema.createTable('reports'))
    .addColumn('target_type', 'text', (c) => c.notNull()) // work | chapter | comment | series | user
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('reporter_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reporter_email', 'text')
    .addColumn('reporter_ip_hash', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open')) // open | in_progress | resolved | dismissed
    .addColumn('assignee_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('audit_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('reports_target').on('reports').columns(['target_type', 'target_id', 'created_at']).execute();
  await db.schema.createIndex('reports_reporter').on('reports').columns(['reporter_id', 'created_at']).execute();

  await idColumn(db, db.schema.createTable('report_notes'))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_notes_report').on('report_notes').columns(['report_id', 'created_at']).execute();

  // An author appeals a moderator's action on their content once; the thread and the outcome stay on record.
  await idColumn(db, db.schema.createTable('appeals'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open')) // open | upheld | restored
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appeals_once').on('appeals').columns(['target_type', 'target_id', 'user_id']).unique().execute();
  await db.schema.createIndex('appeals_status').on('appeals').columns(['status', 'created_at']).execute();

  await idColumn(db, db.schema.createTable('appeal_messages'))
    .addColumn('appeal_id', 'integer', (c) => c.notNull().references('appeals.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appeal_messages_appeal').on('appeal_messages').columns(['appeal_id', 'created_at']).execute();

  // The queue of visitors waiting for an invitation (registration invite-only), in the order they joined.
  await idColumn(db, db.schema.createTable('invite_requests'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('ip_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text')
    .execute();
  await db.schema.createIndex('invite_requests_waiting').on('invite_requests').columns(['invited_at', 'id']).execute();

  await idColumn(db, db.schema.createTable('invitations'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('request_id', 'integer', (c) => c.references('invite_requests.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('invitations_creator').on('invitations').columns(['created_by', 'created_at']).execute();

  // Comments held for a moderator (first comments with links from new accounts, or flagged by the spam check).
  await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_status_created').execute();
  for (const table of ['invitations', 'invite_requests', 'appeal_messages', 'appeals', 'report_notes', 'reports']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop trigger if exists audit_log_no_update${isPostgres(db) ? sql` on audit_log` : sql``}`.execute(db);
  if (isPostgres(db)) await sql`drop function if exists audit_log_append_only()`.execute(db);
  await db.schema.dropIndex('audit_log_actor').execute();
  await db.schema.dropIndex('audit_log_created').execute();
  for (const column of ['after_state', 'before_state', 'reason']) await db.schema.alterTable('audit_log').dropColumn(column).execute();
  for (const table of HIDEABLE) {
    for (const column of ['hidden_by', 'hidden_reason', 'hidden_at']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
  await db.schema.dropIndex('users_email').execute();
  await db.schema.dropIndex('users_signup_ip').execute();
  for (const column of ['invitations_left', 'signup_ip', 'ban_reason', 'banned_at', 'suspension_reason', 'suspended_until', 'is_moderator']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
