import type { DbLike } from '../db/connection.js';
import { appendAuditEntry } from '../db/audit.queries.js';
import { now } from '../db/dialect.js';

// Every administrator and moderator action is written here, in the same transaction as the action: who, what, when,
// why, and the target's state before and after. The table refuses updates (see migration 0011); nothing deletes it.

export interface AuditRecord {
  readonly actorId: number | null;
  /** Dotted verb, e.g. `work.hide`, `user.suspend`, `role.grant`, `report.status`, `settings.update`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: number;
  readonly reason?: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  readonly details?: Record<string, unknown>;
}

/** Appends one entry to the audit log and returns its id. */
export async function recordAudit(db: DbLike, record: AuditRecord): Promise<number> {
  return appendAuditEntry(db, {
    actor_id: record.actorId,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId,
    reason: record.reason ?? '',
    before_state: JSON.stringify(record.before ?? {}),
    after_state: JSON.stringify(record.after ?? {}),
    details: JSON.stringify(record.details ?? {}),
    created_at: now(),
  });
}
