import type { DbLike } from '../db/connection.js';
import { startsWith } from '../db/dialect.js';
import type { AuditEntry } from '../db/schema.js';

// Reading the audit log. Nothing here (or anywhere) updates or deletes it: the table refuses updates (migration 0011).

/** What the audit log can be narrowed to. */
export interface AuditFilter {
  /** Entries whose action starts with this (`user.` for every account action). */
  readonly actionPrefix?: string | undefined;
  readonly actorId?: number | undefined;
  readonly targetType?: string | undefined;
  readonly targetId?: number | undefined;
  /** Keyset: only entries older than this (created_at, id). */
  readonly before?: readonly [string, number] | undefined;
}

/** An audit entry with its actor's username (null for the system or a deleted account). */
export type AuditEntryRow = AuditEntry & { actor_username: string | null };

/** Audit entries matching `filter`, newest first, at most `limit` (on the created_at index). */
export async function listAuditEntries(db: DbLike, filter: AuditFilter, limit: number): Promise<AuditEntryRow[]> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.username as actor_username');
  if (filter.actionPrefix) query = query.where(startsWith(db, 'audit_log.action', filter.actionPrefix));
  if (filter.actorId !== undefined) query = query.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.targetType) query = query.where('audit_log.target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) query = query.where('audit_log.target_id', '=', filter.targetId);
  if (filter.before) {
    const [at, id] = filter.before;
    query = query.where((eb) => eb.or([eb('audit_log.created_at', '<', at), eb.and([eb('audit_log.created_at', '=', at), eb('audit_log.id', '<', id)])]));
  }
  return query.orderBy('audit_log.created_at', 'desc').orderBy('audit_log.id', 'desc').limit(limit).execute();
}
