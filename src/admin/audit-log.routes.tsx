import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { readAuditLog, presentAuditEntry } from './audit-log.js';
import { AuditLogPage } from './audit-log.views.js';
import { requireRole } from './roles.js';

// The audit log, for administrators only (moderators get 403). There is deliberately no route that edits or deletes
// an entry: the log is append-only, and the database refuses updates besides.

/** GET /admin/audit. */
export const auditLogRoutes = new Hono<AppEnv>();

auditLogRoutes.get('/admin/audit', async (c) => {
  const user = requireRole(c, 'admin');
  const query = c.req.query();
  const { entries, next } = await readAuditLog(c.get('services').db, query);
  const filter = { action: query.action ?? '', actor: query.actor ?? '', target_type: query.target_type ?? '', target_id: query.target_id ?? '' };
  let olderHref: string | undefined;
  if (next) {
    const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
    params.set('cursor', next);
    olderHref = `/admin/audit?${params.toString()}`;
  }
  return c.html(<AuditLogPage ctx={pageContext(c)} entries={entries} filter={filter} olderHref={olderHref} timeZone={user.time_zone} />);
});

/** GET /api/v1/admin/audit. */
export const auditLogApi = new Hono<AppEnv>();

auditLogApi.get('/admin/audit', async (c) => {
  requireRole(c, 'admin');
  const { entries, next } = await readAuditLog(c.get('services').db, c.req.query());
  // `total` counts this page: counting the whole filtered log would scan it on every request.
  return c.json({ items: entries.map(presentAuditEntry), total: entries.length, next });
});
