import { Hono } from 'hono';
import { requireRole } from '../admin/roles.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { decodeCursor, encodeCursor, idParam } from '../http/params.js';
import type { ReportTarget } from './report-targets.js';
import { reportedFrom, reporterOf } from './reporter.js';
import { addReportNote, changeReportStatus, fileReport, reportGroup, reportQueue, type ReportGroup, type ReportGroupDetail } from './reports.js';
import { isTargetType, statusFilter, type ReportTargetType } from './reports.forms.js';
import type { ReportNoteRow, ReportRow } from './reports.queries.js';

/** /api/v1/reports and /api/v1/admin/reports: the JSON twins of the report form and the moderators' queue. */
export const reportsApi = new Hono<AppEnv>();

function presentTarget(target: ReportTarget, baseUrl: string) {
  return { type: target.type, id: target.id, title: target.title, excerpt: target.excerpt, url: `${baseUrl}${target.path}`, hidden: target.hidden, deleted: target.deleted };
}

function presentReport(r: ReportRow) {
  return {
    id: r.id,
    category: r.category,
    description: r.description,
    status: r.status,
    reporter: { user_id: r.reporter_id, username: r.reporter_username, email: r.reporter_id === null ? r.reporter_email : null },
    assignee: r.assignee_username,
    audit_id: r.audit_id,
    url: r.url || null,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function presentNote(n: ReportNoteRow) {
  return { id: n.id, report_id: n.report_id, author: n.author_username, body: n.body, created_at: n.created_at };
}

function presentGroup(g: ReportGroup, baseUrl: string) {
  return {
    target_type: g.target_type,
    target_id: g.target_id,
    target: g.target ? presentTarget(g.target, baseUrl) : null,
    report_count: g.report_count,
    latest_at: g.latest_at,
    categories: g.categories,
    status: g.status,
    statuses: g.statuses,
  };
}

function presentDetail(d: ReportGroupDetail, baseUrl: string) {
  return {
    target_type: d.type,
    target_id: d.id,
    target: d.target ? presentTarget(d.target, baseUrl) : null,
    status: d.status,
    reports: d.reports.map(presentReport),
    notes: d.notes.map(presentNote),
  };
}

function groupParams(type: string, id: string): { type: ReportTargetType; id: number } {
  if (!isTargetType(type)) throw NotFound('report');
  return { type, id: idParam(id, 'report') };
}

reportsApi.post('/reports', async (c) => {
  const { db, config } = c.get('services');
  const filed = await fileReport(db, config, c.get('log'), reporterOf(c), await readJson(c), reportedFrom(c));
  // A report the honeypot dropped is answered exactly like a stored one: nothing tells a bot which field gave it away.
  return c.json({ received: true, target: { type: filed.target.type, id: filed.target.id, title: filed.target.title, url: `${config.baseUrl}${filed.target.path}` } }, 201);
});

const MAX_LIMIT = 100;

reportsApi.get('/admin/reports', async (c) => {
  requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const statuses = statusFilter(c.req.queries('status') ?? []);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(c.req.query('limit')) || 25));
  const offset = Number(decodeCursor(c.req.query('cursor'))?.[0]) || 0;
  const { groups, total } = await reportQueue(db, statuses, limit, Math.max(0, offset));
  const next = offset + groups.length < total ? encodeCursor([offset + groups.length]) : null;
  return c.json({ items: groups.map((g) => presentGroup(g, config.baseUrl)), total, next });
});

reportsApi.get('/admin/reports/:type/:id', async (c) => {
  requireRole(c, 'moderator');
  const { type, id } = groupParams(c.req.param('type'), c.req.param('id'));
  const { db, config } = c.get('services');
  return c.json(presentDetail(await reportGroup(db, type, id), config.baseUrl));
});

reportsApi.post('/admin/reports/:type/:id/notes', async (c) => {
  const user = requireRole(c, 'moderator');
  const { type, id } = groupParams(c.req.param('type'), c.req.param('id'));
  const note = await addReportNote(c.get('services').db, user, type, id, await readJson(c));
  return c.json(presentNote(note), 201);
});

reportsApi.post('/admin/reports/:type/:id/status', async (c) => {
  const user = requireRole(c, 'moderator');
  const { type, id } = groupParams(c.req.param('type'), c.req.param('id'));
  const { db, config } = c.get('services');
  const { changed, auditId } = await changeReportStatus(db, user, type, id, await readJson(c));
  return c.json({ changed, audit_id: auditId ?? null, group: presentDetail(await reportGroup(db, type, id), config.baseUrl) });
});
