import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import { insertSiteSettingOnce } from './db/site-settings.queries.js';
import { randomToken } from './http/crypto.js';

/**
 * The site secret: SECRET when given, otherwise generated on first start and kept in the database, so every
 * process sharing the database (PostgreSQL scale-out) signs with the same one.
 */
export async function loadSecret(db: Db, config: Config): Promise<string> {
  if (config.secret) return config.secret;
  return insertSiteSettingOnce(db, 'secret', randomToken(48));
}
