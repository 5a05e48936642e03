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

/** Every stored setting, as key/value rows. */
export async function listSiteSettings(db: DbLike): Promise<{ key: string; value: string }[]> {
  return db.selectFrom('site_settings').select(['key', 'value']).execute();
}

/** Stores a setting, replacing any value it had. */
export async function upsertSiteSetting(db: DbLike, key: string, value: string): Promise<void> {
  await db.insertInto('site_settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
