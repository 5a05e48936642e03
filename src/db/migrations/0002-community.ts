import { sql, type Kysely } from 'kysely';
import { idColumn } from './migration-helpers.js';

// Frozen in time. The reader-author loop: comments, kudos, bookmarks, reading history, hits, subscriptions,
// notifications, durable jobs, the mail outbox, email tokens, blocks and mutes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('works').addColumn('comment_permissions', 'text', (c) => c.notNull().defaultTo('registered')).execute();
  await db.schema.alterTable('works').addColumn('moderate_comments', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('works').addColumn('guest_kudos_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('email_confirmed_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('email_frequency', 'text', (c) => c.notNull().defaultTo('immediate')).execute();
  await db.schema.alterTable('users').addColumn('history_enabled', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('chapters').addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await idColumn(db, db.schema.createTable('comments'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.notNull().references('chapters.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
    // The top-level comment of the thread (itself for a top-level comment): freezing and loading work per thread.
    .addColumn('thread_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_name', 'text')
    .addColumn('guest_email', 'text')
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    // published | pending (held for moderation) | rejected
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip_hash', 'text')
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Top-level comments of a chapter, oldest first, paginated; replies by parent; a work's moderation queue.
  await sql`create index comments_chapter_top on comments (chapter_id, id) where parent_id is null`.execute(db);
  await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'id']).execute();
  await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('comments_work_status').on('comments').columns(['work_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'id']).execute();

  await idColumn(db, db.schema.createTable('kudos'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    // For guests: a hash of the IP address and a browser cookie; never the address itself.
    .addColumn('guest_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kudos_work_user').on('kudos').columns(['work_id', 'user_id']).unique().execute();
  await db.schema.createIndex('kudos_work_guest').on('kudos').columns(['work_id', 'guest_key']).unique().execute();

  await idColumn(db, db.schema.createTable('bookmarks'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('cascade'))
    .addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('cascade'))
    .addColumn('notes_source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rec', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bookmarks_user_work').on('bookmarks').columns(['user_id', 'work_id']).unique().execute();
  await db.schema.createIndex('bookmarks_user_series').on('bookmarks').columns(['user_id', 'series_id']).unique().execute();
  await db.schema.createIndex('bookmarks_user_recent').on('bookmarks').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('bookmarks_work').on('bookmarks').columns(['work_id', 'id']).execute();
  await db.schema.createIndex('bookmarks_series').on('bookmarks').columns(['series_id', 'id']).execute();

  await db.schema
    .createTable('bookmark_tags')
    .addColumn('bookmark_id', 'integer', (c) => c.notNull().references('bookmarks.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmark_tags_pk', ['bookmark_id', 'tag_id'])
    .execute();

  await db.schema
    .createTable('readings')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.references('chapters.id').onDelete('set null'))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marked_for_later', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readings_pk', ['user_id', 'work_id'])
    .execute();
  await db.schema.createIndex('readings_user_recent').on('readings').columns(['user_id', 'visited_at']).execute();

  // One row per visitor per work per day: a hit counts once. Old days are purged by a job.
  await db.schema
    .createTable('work_hits')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_hits_pk', ['work_id', 'day', 'visitor'])
    .execute();
  await db.schema.createIndex('work_hits_day').on('work_hits').column('day').execute();

  await idColumn(db, db.schema.createTable('subscriptions'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // work | series | user
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscriptions_unique').on('subscriptions').columns(['user_id', 'target_type', 'target_id']).unique().execute();
  await db.schema.createIndex('subscriptions_target').on('subscriptions').columns(['target_type', 'target_id', 'user_id']).execute();

  await idColumn(db, db.schema.createTable('notifications'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // chapter | work | series_part | comment | reply
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.references('chapters.id').onDelete('cascade'))
    .addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_name', 'text')
    // Makes fan-out idempotent: a retried job inserts nothing twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('emailed_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_dedupe').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('notifications_user_recent').on('notifications').columns(['user_id', 'id']).execute();
  await sql`create index notifications_user_unread on notifications (user_id, id) where read_at is null`.execute(db);
  await sql`create index notifications_unemailed on notifications (user_id, id) where emailed_at is null`.execute(db);
  await db.schema.alterTable('users').addColumn('unread_notifications', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await idColumn(db, db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    // Enqueuing the same key twice creates one job.
    .addColumn('dedupe_key', 'text')
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(8))
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('failed_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_dedupe').on('jobs').column('dedupe_key').unique().execute();
  await sql`create index jobs_ready on jobs (run_at, id) where done_at is null and failed_at is null`.execute(db);

  await idColumn(db, db.schema.createTable('outbox'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_dedupe').on('outbox').column('dedupe_key').unique().execute();
  await db.schema.createIndex('outbox_recent').on('outbox').column('id').execute();

  await idColumn(db, db.schema.createTable('email_tokens'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // confirm | reset
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_tokens_user').on('email_tokens').columns(['user_id', 'purpose']).execute();

  await db.schema
    .createTable('blocks')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocks_pk', ['user_id', 'blocked_id'])
    .execute();
  await db.schema.createIndex('blocks_blocked').on('blocks').columns(['blocked_id', 'user_id']).execute();

  await db.schema
    .createTable('mutes')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('muted_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mutes_pk', ['user_id', 'muted_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['mutes', 'blocks', 'email_tokens', 'outbox', 'jobs', 'notifications', 'subscriptions', 'work_hits', 'readings', 'bookmark_tags', 'bookmarks', 'kudos', 'comments']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
