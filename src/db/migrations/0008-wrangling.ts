import { sql, type Kysely } from 'kysely';
import { isPostgres } from './migration-helpers.js';

// Frozen in time. Indexes for the wrangling area and tag autocomplete (issue 4, §1):
// - the unwrangled queue (tags neither canonical nor a synonym), by kind and name, as a partial index, so a queue
//   page reads only unwrangled tags however many wrangled ones the archive holds;
// - the wrangling log by wrangler, newest first (by tag is tags_wrangling_log_tag, all entries is the primary key);
// - on PostgreSQL, tag names in byte order for prefix ranges (autocomplete), whatever the database's collation.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tags_unwrangled on tags (kind, name_key) where canonical = 0 and synonym_of_id is null`.execute(db);
  await db.schema.createIndex('tag_wrangling_log_actor').on('tag_wrangling_log').columns(['actor_id', 'id']).execute();
  if (isPostgres(db)) await sql`create index tags_name_key_bytes on tags (name_key collate "C")`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await db.schema.dropIndex('tags_name_key_bytes').execute();
  await db.schema.dropIndex('tag_wrangling_log_actor').execute();
  await db.schema.dropIndex('tags_unwrangled').execute();
}
