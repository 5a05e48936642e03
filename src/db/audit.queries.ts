import type { Insertable } from 'kysely';
import type { AuditLogTable } from './schema.js';
import type { DbLike } from './connection.js';

/** Records an audited action. */
export async function insertAuditEntry(
  db: DbLike,
  entry: { actor_id: number | null; action: string; target_type: string; target_id: number; details: string; created_at: string },
): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

/** Appends a full audit entry (with reason and before/after state) and returns its id. */
export async function appendAuditEntry(db: DbLike, entry: Insertable<AuditLogTable>): Promise<number> {
  const row = await db.insertInto('audit_log').values(entry).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
