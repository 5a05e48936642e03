import type { DbLike } from './connection.js';

/** Records an audited action. */
export async function insertAuditEntry(
  db: DbLike,
  entry: { actor_id: number | null; action: string; target_type: string; target_id: number; details: string; created_at: string },
): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}
