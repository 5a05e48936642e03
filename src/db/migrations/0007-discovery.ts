import type { Kysely } from 'kysely';
import { idColumn } from './migration-helpers.js';

// Frozen in time. Saved searches (a reader's named listing query, with a secret token for its private Atom feed)
// and the reason a notification about a new work was sent when it came from a tag or a saved search subscription.
// Subscriptions to tags and saved searches live in `subscriptions` (target_type 'tag' | 'saved_search').

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('saved_searches'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The canonical filter query string (src/listings filterQueryString), `q` included.
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('feed_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_searches_user').on('saved_searches').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('saved_searches_feed_token').on('saved_searches').column('feed_token').unique().execute();

  await db.schema.alterTable('notifications').addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('set null')).execute();
  await db.schema.alterTable('notifications').addColumn('saved_search_id', 'integer', (c) => c.references('saved_searches.id').onDelete('set null')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('saved_search_id').execute();
  await db.schema.alterTable('notifications').dropColumn('tag_id').execute();
  await db.schema.dropTable('saved_searches').execute();
}
