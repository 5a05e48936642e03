import { sql, type Kysely } from 'kysely';
import { isPostgres } from './migration-helpers.js';

// Frozen in time. Fast at a million works (issue 7): work_filters holds, for every listed work (posted, not deleted,
// not hidden), each tag it carries and every
// canonical tag those tags count under (their tag_filters rows: the canonical tag of a synonym, meta tags, fandoms
// above). A listing's included or excluded tag is then one index range (filter_id, work_id), whatever the number of
// synonyms and sub tags, and "does this work carry it" is one index probe. Derived data: rebuilt from work_tags and
// tag_filters, kept in step by the work and wrangling writes, and never backed up.

export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('work_filters')
    .addColumn('filter_id', 'integer', (c) => c.notNull())
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('work_filters_pk', ['filter_id', 'work_id']);
  if (!isPostgres(db)) table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  // Rows arrive in key order, so the primary key is built by appending.
  await sql`insert into work_filters (filter_id, work_id)
    select filter_id, work_id from (
      select wt.tag_id as filter_id, wt.work_id from work_tags wt join works w on w.id = wt.work_id
        where w.posted = 1 and w.deleted_at is null and w.hidden_at is null
      union
      select tf.filter_id, wt.work_id from work_tags wt cross join works w cross join tag_filters tf
        where w.id = wt.work_id and tf.tag_id = wt.tag_id and w.posted = 1 and w.deleted_at is null and w.hidden_at is null
    ) rows order by filter_id, work_id`.execute(db);
  await db.schema.createIndex('work_filters_work').on('work_filters').columns(['work_id', 'filter_id']).execute();
  if (isPostgres(db)) await sql`analyze work_filters`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('work_filters').execute();
}
