import type { Kysely } from 'kysely';

// Frozen in time. Lasting tag exclusions: a signed-in reader never sees works under an excluded tag (its synonyms
// and sub tags included) in listings and search. Author exclusions are mutes (the mutes table), not stored here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tag_exclusions')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_exclusions_pk', ['user_id', 'tag_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tag_exclusions').execute();
}
