import type { DbLike } from '../db/connection.js';
import type { Report } from '../db/schema.js';

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

/** Who filed a report: an account, or a guest known by a keyed hash of their address and the email they gave. */
export interface ReporterKey {
  readonly userId: number | null;
  readonly ipHash: string;
  readonly email: string;
}

/** A report with its reporter's username (moderators only ever see this). */
export type ReportRow = Report & { reporter_username: string | null; assignee_username: string | null };

/** One group of the queue: every report about one target. */
export interface ReportGroupRow {
  readonly target_type: string;
  readonly target_id: number;
  readonly report_count: number;
  readonly latest_at: string;
}

/** A moderator's note on a report, with its author's username. */
export interface ReportNoteRow {
  readonly id: number;
  readonly report_id: number;
  readonly author_id: number | null;
  readonly author_username: string | null;
  readonly body: string;
  readonly created_at: string;
}

/** Stores a new report and returns it. */
export async function insertReport(
  db: DbLike,
  report: { target_type: string; target_id: number; reporter_id: number | null; reporter_email: string | null; reporter_ip_hash: string; category: string; description: string; url: string; created_at: string },
): Promise<Report> {
  return db.insertInto('reports').values({ ...report, updated_at: report.created_at }).returningAll().executeTakeFirstOrThrow();
}

/** The newest report by this reporter about this target since `since`, if any (one report per target per window). Guests are told apart by address and email, so people sharing an address (a school, a carrier) can each report. */
export async function findRecentReportBy(db: DbLike, reporter: ReporterKey, targetType: string, targetId: number, since: string): Promise<Pick<Report, 'id' | 'created_at'> | undefined> {
  let query = db
    .selectFrom('reports')
    .select(['id', 'created_at'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('created_at', '>', since);
  query = reporter.userId !== null ? query.where('reporter_id', '=', reporter.userId) : query.where('reporter_id', 'is', null).where('reporter_ip_hash', '=', reporter.ipHash).where('reporter_email', '=', reporter.email);
  return query.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** The queue: one row per target with a report in one of `statuses`, newest activity first. */
export async function listReportGroups(db: DbLike, statuses: readonly string[], limit: number, offset: number): Promise<ReportGroupRow[]> {
  const rows = await db
    .selectFrom('reports')
    .select((eb) => ['target_type', 'target_id', eb.fn.count<number>('id').as('report_count'), eb.fn.max('created_at').as('latest_at')])
    .where('status', 'in', [...statuses])
    .groupBy(['target_type', 'target_id'])
    .orderBy('latest_at', 'desc')
    .orderBy('target_type')
    .orderBy('target_id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ target_type: r.target_type, target_id: Number(r.target_id), report_count: Number(r.report_count), latest_at: String(r.latest_at) }));
}

/** How many targets have a report in one of `statuses`. */
export async function countReportGroups(db: DbLike, statuses: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('reports').select(['target_type', 'target_id']).where('status', 'in', [...statuses]).groupBy(['target_type', 'target_id']).as('g'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The category and status of every report about the given targets (for the queue's summary of each group). */
export async function reportFacetsForTargets(db: DbLike, targets: readonly { target_type: string; target_id: number }[]): Promise<Pick<Report, 'target_type' | 'target_id' | 'category' | 'status'>[]> {
  if (targets.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['target_type', 'target_id', 'category', 'status'])
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('target_type', '=', t.target_type), eb('target_id', '=', t.target_id)]))))
    .execute();
}

/** Every report about one target, newest first, with the reporter's and assignee's usernames. */
export async function listReportsForTarget(db: DbLike, targetType: string, targetId: number): Promise<ReportRow[]> {
  return db
    .selectFrom('reports')
    .leftJoin('users as reporter', 'reporter.id', 'reports.reporter_id')
    .leftJoin('users as assignee', 'assignee.id', 'reports.assignee_id')
    .selectAll('reports')
    .select(['reporter.username as reporter_username', 'assignee.username as assignee_username'])
    .where('reports.target_type', '=', targetType)
    .where('reports.target_id', '=', targetId)
    .orderBy('reports.created_at', 'desc')
    .orderBy('reports.id', 'desc')
    .execute();
}

/** Sets the status of the given reports (taking the assignee when work starts); returns how many changed. */
export async function updateReportStatuses(db: DbLike, ids: readonly number[], status: string, assigneeId: number | null, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const changes = status === 'in_progress' ? { status, assignee_id: assigneeId, updated_at: at } : { status, updated_at: at };
  const result = await db.updateTable('reports').set(changes).where('id', 'in', [...ids]).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Stores a moderator's note on a report and returns its id. */
export async function insertReportNote(db: DbLike, note: { report_id: number; author_id: number; body: string; created_at: string }): Promise<number> {
  const row = await db.insertInto('report_notes').values(note).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Every note on the reports about one target, oldest first. */
export async function listNotesForTarget(db: DbLike, targetType: string, targetId: number): Promise<ReportNoteRow[]> {
  return db
    .selectFrom('report_notes')
    .innerJoin('reports', 'reports.id', 'report_notes.report_id')
    .leftJoin('users', 'users.id', 'report_notes.author_id')
    .select(['report_notes.id', 'report_notes.report_id', 'report_notes.author_id', 'users.username as author_username', 'report_notes.body', 'report_notes.created_at'])
    .where('reports.target_type', '=', targetType)
    .where('reports.target_id', '=', targetId)
    .orderBy('report_notes.created_at')
    .orderBy('report_notes.id')
    .execute();
}
