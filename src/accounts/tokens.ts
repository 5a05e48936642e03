import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { ApiToken } from '../db/schema.js';
import { hashToken, randomToken } from '../http/crypto.js';
import { insertApiToken } from './tokens.queries.js';

/** Creates a personal access token; the secret is returned once and only its hash is stored. */
export async function createApiToken(db: Db, userId: number, name: string): Promise<{ token: string; row: ApiToken }> {
  const token = `chp_${randomToken(30)}`;
  const row = await insertApiToken(db, { user_id: userId, name, token_hash: hashToken(token), token_prefix: token.slice(0, 8), created_at: now() });
  return { token, row };
}

/** A token as listed to its owner (never the secret). */
export function presentToken(row: ApiToken) {
  return { id: row.id, name: row.name, prefix: row.token_prefix, created_at: row.created_at, last_used_at: row.last_used_at, revoked: row.revoked_at !== null };
}
