import type { DbLike } from '../db/connection.js';

/** Marks the open and in-progress reports about a target resolved by a moderator action (its audit entry). */
export async function resolveReportsForTarget(db: DbLike, targetType: string, targetId: number, auditId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ status: 'resolved', audit_id: auditId, updated_at: at })
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('status', 'in', ['open', 'in_progress'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
