import type { Logger } from 'pino';
import { isStaff } from '../admin/roles.js';
import { recordAudit } from '../admin/audit.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { Forbidden, NotFound, ReportAlreadyFiled, ValidationFailed, type FieldErrors } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { queueEmail } from '../mail/mailer.js';
import { escapeHtml } from '../notifications/notification-email.js';
import { findReportTarget, findVisibleTarget, type ReportTarget } from './report-targets.js';
import {
  countReportGroups,
  findRecentReportBy,
  insertReport,
  insertReportNote,
  listNotesForTarget,
  listReportGroups,
  listReportsForTarget,
  reportFacetsForTargets,
  updateReportStatuses,
  type ReportGroupRow,
  type ReportNoteRow,
  type ReportRow,
} from './reports.queries.js';
import { CATEGORY_LABELS, noteInputSchema, reportInputSchema, statusInputSchema, type ReportCategory, type ReportInput, type ReportStatus, type ReportTargetType } from './reports.forms.js';

// Reports, shared by the pages and the API. Anyone (guests with an email address) reports what they can see; the
// reporter gets an acknowledgement; moderators work the reports grouped by target. The reporter is stored for the
// moderators only: nothing here tells the reported account who reported them, or that a report exists.
//
// Limits: the general per-reporter limit is the `report` rate-limit bucket (src/http/rate-limit.ts, RATE_LIMITS,
// default 10 an hour per account or address); here, one report per target per reporter per day.

/** How long one reporter must wait before reporting the same target again. */
export const REPORT_TARGET_WINDOW_SECONDS = 24 * 3600;

/** Who is reporting: the signed-in account, or a guest known by a keyed hash of their address. */
export interface Reporter {
  readonly user: User | undefined;
  readonly ipHash: string;
}

export interface FiledReport {
  readonly target: ReportTarget;
  /** False when the honeypot caught a bot: answered like a stored report, but nothing was written. */
  readonly stored: boolean;
  readonly id: number | undefined;
}

/** Validates a report; a guest must give an email address. All field errors come back together. */
function parseReport(input: unknown, user: User | undefined): ReportInput {
  const fields: FieldErrors = {};
  let parsed: ReportInput | undefined;
  try {
    parsed = validate(reportInputSchema, input);
  } catch (error) {
    Object.assign(fields, (error as { fields?: FieldErrors }).fields ?? {});
  }
  const email = typeof (input as { email?: unknown } | null)?.email === 'string' ? ((input as { email: string }).email).trim() : '';
  if (!user && email === '' && !fields.email) fields.email = 'Enter your email address, so we can confirm we received your report.';
  if (Object.keys(fields).length || !parsed) throw ValidationFailed(fields);
  return parsed;
}

/** The acknowledgement the reporter receives (no description: the address of a guest is unverified). */
function acknowledgement(config: Config, target: ReportTarget, category: ReportCategory, id: number): { subject: string; text: string; html: string } {
  const subject = 'We received your report';
  const lines = [
    'Thank you for your report.',
    `It is about the ${target.noun} “${target.title}” (${config.baseUrl}${target.path}), under “${CATEGORY_LABELS[category]}”.`,
    'Our moderators read every report. We do not tell the person you reported who reported them.',
    `Reference: report #${id}.`,
  ];
  return {
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
  };
}

/**
 * Files a report from `reporter` about what `input` names: validates it, checks the target is there and visible
 * to the reporter, drops it silently when the honeypot is filled, refuses a second report about the same target
 * within a day (429), stores it and queues the acknowledgement, in one transaction.
 */
export async function fileReport(db: Db, config: Config, log: Logger | undefined, reporter: Reporter, input: unknown, url = ''): Promise<FiledReport> {
  const report = parseReport(input, reporter.user);
  const target = await findVisibleTarget(db, reporter.user, report.target_type, report.target_id);
  if (report.website !== undefined && report.website !== null && String(report.website).trim() !== '') {
    log?.info({ target_type: target.type }, 'honeypot filled: report dropped');
    return { target, stored: false, id: undefined };
  }
  const email = reporter.user ? reporter.user.email : (report.email ?? '');
  return db.transaction().execute(async (trx) => {
    const at = new Date();
    const since = new Date(at.getTime() - REPORT_TARGET_WINDOW_SECONDS * 1000).toISOString();
    const key = { userId: reporter.user?.id ?? null, ipHash: reporter.ipHash, email };
    const earlier = await findRecentReportBy(trx, key, target.type, target.id, since);
    if (earlier) {
      const wait = Math.ceil((Date.parse(earlier.created_at) + REPORT_TARGET_WINDOW_SECONDS * 1000 - at.getTime()) / 1000);
      throw ReportAlreadyFiled(Math.max(1, wait));
    }
    const stored = await insertReport(trx, {
      target_type: target.type,
      target_id: target.id,
      reporter_id: reporter.user?.id ?? null,
      reporter_email: reporter.user ? null : email,
      reporter_ip_hash: reporter.ipHash,
      category: report.category,
      description: report.description,
      url: url.slice(0, 2000),
      created_at: at.toISOString(),
    });
    const mail = acknowledgement(config, target, report.category, stored.id);
    await queueEmail(trx, config, log, { userId: reporter.user?.id ?? null, to: email, ...mail, dedupeKey: `report.ack:${stored.id}` });
    return { target, stored: true, id: stored.id };
  });
}

/** A group in the moderators' queue: every report about one target, summarised. */
export interface ReportGroup extends ReportGroupRow {
  readonly categories: readonly ReportCategory[];
  /** The group's status: open while any report is open, then in progress, else that of the rest. */
  readonly status: ReportStatus;
  readonly statuses: Readonly<Partial<Record<ReportStatus, number>>>;
  /** Undefined when the target no longer exists at all. */
  readonly target: ReportTarget | undefined;
}

function groupStatus(counts: Partial<Record<ReportStatus, number>>): ReportStatus {
  for (const status of ['open', 'in_progress', 'resolved', 'dismissed'] as const) if (counts[status]) return status;
  return 'open';
}

/** One page of the queue: targets with a report in one of `statuses`, newest report first. */
export async function reportQueue(db: Db, statuses: readonly ReportStatus[], limit: number, offset: number): Promise<{ groups: ReportGroup[]; total: number }> {
  const [rows, total] = await Promise.all([listReportGroups(db, statuses, limit, offset), countReportGroups(db, statuses)]);
  const facets = await reportFacetsForTargets(db, rows);
  const targets = await Promise.all(rows.map((row) => findReportTarget(db, row.target_type as ReportTargetType, row.target_id)));
  const groups = rows.map((row, i): ReportGroup => {
    const mine = facets.filter((f) => f.target_type === row.target_type && Number(f.target_id) === row.target_id);
    const counts: Partial<Record<ReportStatus, number>> = {};
    for (const f of mine) counts[f.status as ReportStatus] = (counts[f.status as ReportStatus] ?? 0) + 1;
    const categories = [...new Set(mine.map((f) => f.category as ReportCategory))].sort();
    return { ...row, categories, status: groupStatus(counts), statuses: counts, target: targets[i] };
  });
  return { groups, total };
}

/** Everything moderators see about one target: the target, its reports (with reporters) and the internal notes. */
export interface ReportGroupDetail {
  readonly type: ReportTargetType;
  readonly id: number;
  readonly target: ReportTarget | undefined;
  readonly reports: readonly ReportRow[];
  readonly notes: readonly ReportNoteRow[];
  readonly status: ReportStatus;
}

/** The reports about one target; 404 when there are none. */
export async function reportGroup(db: Db, type: ReportTargetType, id: number): Promise<ReportGroupDetail> {
  const reports = await listReportsForTarget(db, type, id);
  if (reports.length === 0) throw NotFound('report');
  const [target, notes] = await Promise.all([findReportTarget(db, type, id), listNotesForTarget(db, type, id)]);
  const counts: Partial<Record<ReportStatus, number>> = {};
  for (const r of reports) counts[r.status as ReportStatus] = (counts[r.status as ReportStatus] ?? 0) + 1;
  return { type, id, target, reports, notes, status: groupStatus(counts) };
}

function requireStaff(user: User): void {
  if (!isStaff(user)) throw Forbidden('Only moderators can do that.');
}

/** The report `reportId` among `reports` (422 when it is not one of them), or all of them. */
function chosenReports(reports: readonly ReportRow[], reportId: number | undefined): readonly ReportRow[] {
  if (reportId === undefined) return reports;
  const one = reports.find((r) => r.id === reportId);
  if (!one) throw ValidationFailed({ report_id: 'That report is not about this target.' });
  return [one];
}

/** Adds a moderator's internal note to the reports about a target (to one report, or to the newest), audited. */
export async function addReportNote(db: Db, staff: User, type: ReportTargetType, id: number, input: unknown): Promise<ReportNoteRow> {
  requireStaff(staff);
  const { body, report_id } = validate(noteInputSchema, input);
  return db.transaction().execute(async (trx) => {
    const reports = await listReportsForTarget(trx, type, id);
    if (reports.length === 0) throw NotFound('report');
    const report = chosenReports(reports, report_id)[0]!;
    const at = now();
    const noteId = await insertReportNote(trx, { report_id: report.id, author_id: staff.id, body, created_at: at });
    await recordAudit(trx, { actorId: staff.id, action: 'report.note', targetType: type, targetId: id, details: { report_id: report.id, note_id: noteId } });
    return { id: noteId, report_id: report.id, author_id: staff.id, author_username: staff.username, body, created_at: at };
  });
}

/** Sets the status of every report about a target, or of one (`report_id`), audited with the statuses before. */
export async function changeReportStatus(db: Db, staff: User, type: ReportTargetType, id: number, input: unknown): Promise<{ status: ReportStatus; changed: number; auditId: number | undefined }> {
  requireStaff(staff);
  const { status, report_id } = validate(statusInputSchema, input);
  return db.transaction().execute(async (trx) => {
    const reports = await listReportsForTarget(trx, type, id);
    if (reports.length === 0) throw NotFound('report');
    const chosen = chosenReports(reports, report_id).filter((r) => r.status !== status);
    if (chosen.length === 0) return { status, changed: 0, auditId: undefined };
    const changed = await updateReportStatuses(trx, chosen.map((r) => r.id), status, staff.id, now());
    const auditId = await recordAudit(trx, {
      actorId: staff.id,
      action: 'report.status',
      targetType: type,
      targetId: id,
      before: { statuses: Object.fromEntries(chosen.map((r) => [r.id, r.status])) },
      after: { status },
      details: { report_ids: chosen.map((r) => r.id) },
    });
    return { status, changed, auditId };
  });
}
