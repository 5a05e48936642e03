import { sql, type Kysely } from 'kysely';
import { idColumn } from './migration-helpers.js';

// Frozen in time. Tag wrangling: synonyms, parent (meta and fandom) links, the wrangling log, the wrangler flag,
// and tag_filters: for each wrangled tag, the canonical tags it counts under, so listings resolve a tag with one join.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').addColumn('synonym_of_id', 'integer', (c) => c.references('tags.id')).execute();
  await db.schema.createIndex('tags_synonym_of').on('tags').columns(['synonym_of_id', 'id']).execute();
  await db.schema.alterTable('users').addColumn('is_wrangler', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('tag_parents')
    .addColumn('parent_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('child_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addPrimaryKeyConstraint('tag_parents_pk', ['parent_id', 'child_id'])
    .execute();
  await db.schema.createIndex('tag_parents_child').on('tag_parents').columns(['child_id', 'parent_id']).execute();

  // (tag_id, filter_id): works tagged tag_id are listed under filter_id. Rows exist for canonical tags (itself and
  // every ancestor) and their synonyms (the canonical target and its ancestors); unwrangled tags have none.
  await db.schema
    .createTable('tag_filters')
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('filter_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addPrimaryKeyConstraint('tag_filters_pk', ['tag_id', 'filter_id'])
    .execute();
  await db.schema.createIndex('tag_filters_filter').on('tag_filters').columns(['filter_id', 'tag_id']).execute();
  await sql`insert into tag_filters (tag_id, filter_id) select id, id from tags where canonical = 1`.execute(db);

  await idColumn(db, db.schema.createTable('tag_wrangling_log'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_wrangling_log_tag').on('tag_wrangling_log').columns(['tag_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tag_wrangling_log', 'tag_filters', 'tag_parents']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('tags_synonym_of').execute();
  await db.schema.alterTable('tags').dropColumn('synonym_of_id').execute();
  await db.schema.alterTable('users').dropColumn('is_wrangler').execute();
}
