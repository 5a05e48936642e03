import type { DbLike } from './connection.js';

/** A site setting's value. */
export async function findSiteSetting(db: DbLike, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('site_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting unless one is already there; returns the value that won. */
export async function insertSiteSettingOnce(db: DbLike, key: string, value: string): Promise<string> {
  await db.insertInto('site_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await findSiteSetting(db, key)) ?? value;
}
