import { findUserByUsername } from '../accounts/users.queries.js';
import type { DbLike } from '../db/connection.js';
import { decodeCursor, encodeCursor } from '../http/params.js';
import { listAuditEntries, type AuditEntryRow, type AuditFilter } from './audit-log.queries.js';

// Reading the audit log, shared by /admin/audit and GET /api/v1/admin/audit. Paged by keyset on (created_at, id),
// which the audit_log_created index serves, so a deep page costs what the first does.

export const AUDIT_PAGE_SIZE = 50;

/** The audit log filter as it arrives in a query string (every field optional, unvalidated). */
export interface AuditQuery {
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
  readonly target_type?: string | undefined;
  readonly target_id?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: string | undefined;
}

/** One page of the audit log and the cursor of the next, older page (null at the end). */
export async function readAuditLog(db: DbLike, query: AuditQuery): Promise<{ entries: AuditEntryRow[]; next: string | null }> {
  const filter: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = {};
  const action = query.action?.trim().slice(0, 100);
  if (action) filter.actionPrefix = action;
  const actorName = query.actor?.trim().slice(0, 100);
  if (actorName) {
    const actor = await findUserByUsername(db, actorName);
    // An unknown actor matches nothing, not everything.
    if (!actor) return { entries: [], next: null };
    filter.actorId = actor.id;
  }
  const targetType = query.target_type?.trim().slice(0, 40);
  if (targetType) filter.targetType = targetType;
  const targetId = query.target_id?.trim();
  if (targetId) {
    if (!/^\d{1,10}$/.test(targetId)) return { entries: [], next: null };
    filter.targetId = Number(targetId);
  }
  const cursor = decodeCursor(query.cursor);
  if (cursor && cursor.length === 2 && typeof cursor[0] === 'string' && typeof cursor[1] === 'number') filter.before = [cursor[0], cursor[1]];
  const requested = Number(query.limit);
  const limit = Number.isInteger(requested) && requested >= 1 && requested <= 100 ? requested : AUDIT_PAGE_SIZE;
  const rows = await listAuditEntries(db, filter, limit + 1);
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > limit && last ? encodeCursor([last.created_at, last.id]) : null };
}

/** An audit entry as the API returns it. */
export function presentAuditEntry(entry: AuditEntryRow) {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return {};
    }
  };
  return {
    id: entry.id,
    action: entry.action,
    actor: entry.actor_id === null ? null : { id: entry.actor_id, username: entry.actor_username },
    target_type: entry.target_type,
    target_id: entry.target_id,
    reason: entry.reason,
    before: parse(entry.before_state),
    after: parse(entry.after_state),
    details: parse(entry.details),
    created_at: entry.created_at,
  };
}
