import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextArea, type FormState } from '../ui/forms.js';
import { formatDateTime } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import type { ReportGroup, ReportGroupDetail } from './reports.js';
import { CATEGORY_LABELS, NOTE_MAX, REPORT_STATUSES, STATUS_LABELS, type ReportCategory, type ReportStatus, type ReportTargetType } from './reports.forms.js';
import type { ReportRow } from './reports.queries.js';
import { TargetPreview } from './reports.views.js';

// The moderators' side of reports: the queue grouped by target, and one target's reports with notes and actions.

/** The plural path segment of H2's moderation routes, for the types that can be hidden. */
const MODERATION_TYPES: Partial<Record<ReportTargetType, string>> = { work: 'works', chapter: 'chapters', comment: 'comments', series: 'series' };

export const groupPath = (type: string, id: number) => `/admin/reports/${type}/${id}`;
const auditPath = (type: string, id: number) => `/admin/audit?target_type=${encodeURIComponent(type)}&target_id=${id}`;

function StatusBadge({ status }: { readonly status: string }) {
  return <span class={`badge report-status report-status-${status}`}>{STATUS_LABELS[status as ReportStatus] ?? status}</span>;
}

export interface ReportQueuePageProps {
  readonly ctx: PageContext;
  readonly groups: readonly ReportGroup[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
  readonly statuses: readonly ReportStatus[];
  readonly timeZone: string;
}

/** /admin/reports: reports grouped by what they are about, newest first, filtered by status. */
export function ReportQueuePage({ ctx, groups, total, page, perPage, statuses, timeZone }: ReportQueuePageProps) {
  const query = statuses.map((s) => `status=${s}`).join('&');
  return (
    <Layout ctx={ctx} title="Reports">
      <p class="breadcrumbs">
        <a href="/admin">Admin</a>
      </p>
      <h1>Reports</h1>
      <form method="get" action="/admin/reports" class="report-filter">
        <fieldset>
          <legend>Show reports that are</legend>
          {REPORT_STATUSES.map((status) => (
            <span class="checkbox">
              <input type="checkbox" id={`status-${status}`} name="status" value={status} checked={statuses.includes(status)} />
              <label for={`status-${status}`}>{STATUS_LABELS[status]}</label>
            </span>
          ))}
        </fieldset>
        <button type="submit" class="button">Filter</button>
      </form>
      <p>
        {total} {total === 1 ? 'target' : 'targets'} with {statuses.map((s) => STATUS_LABELS[s].toLowerCase()).join(' or ')} reports.
      </p>
      {groups.length === 0 ? (
        <p class="muted">Nothing to do here.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table report-queue">
            <thead>
              <tr>
                <th scope="col">Reported</th>
                <th scope="col">Reports</th>
                <th scope="col">Latest</th>
                <th scope="col">Categories</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <th scope="row">
                    <a href={groupPath(g.target_type, g.target_id)}>
                      <span class="muted">{g.target?.noun ?? g.target_type} #{g.target_id}:</span> {g.target?.title ?? '(no longer exists)'}
                    </a>
                    {g.target?.deleted ? <span class="badge"> Deleted</span> : g.target?.hidden ? <span class="badge"> Hidden</span> : null}
                  </th>
                  <td>{g.report_count}</td>
                  <td>
                    <time datetime={g.latest_at}>{formatDateTime(g.latest_at, timeZone)}</time>
                  </td>
                  <td>{g.categories.map((c) => CATEGORY_LABELS[c] ?? c).join(', ')}</td>
                  <td>
                    <StatusBadge status={g.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} total={total} perPage={perPage} basePath={`/admin/reports?${query}`} />
    </Layout>
  );
}

/** A status change form, for the whole group or for one report. */
function StatusForm({ ctx, type, id, report, current }: { readonly ctx: PageContext; readonly type: string; readonly id: number; readonly report?: ReportRow; readonly current: string }) {
  const fieldId = report ? `status-report-${report.id}` : 'status-group';
  return (
    <form method="post" action={`${groupPath(type, id)}/status`} class="inline-form report-status-form">
      <Csrf token={ctx.csrfToken} />
      {report ? <input type="hidden" name="report_id" value={String(report.id)} /> : null}
      <label for={fieldId}>{report ? `Status of report #${report.id}` : 'Status of every report here'}</label>{' '}
      <select id={fieldId} name="status">
        {REPORT_STATUSES.map((s) => (
          <option value={s} selected={s === current}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" class="button">{report ? 'Set' : 'Set for all'}</button>
    </form>
  );
}

/** Who reported: an account (linked to its admin page) or a guest's email address. */
function Reporter({ report }: { readonly report: ReportRow }) {
  if (report.reporter_username) return <a href={`/admin/users/${report.reporter_id}`}>{report.reporter_username}</a>;
  if (report.reporter_email) return <>Guest ({report.reporter_email})</>;
  return <span class="muted">A deleted account</span>;
}

/** The moderation actions on the target: H2's hide and restore forms, or the account's admin page. */
function ModerationActions({ ctx, detail }: { readonly ctx: PageContext; readonly detail: ReportGroupDetail }) {
  const { type, id, target } = detail;
  if (type === 'user') {
    return (
      <p>
        <a class="button" href={`/admin/users/${id}`}>Manage this account (suspend, ban)</a>
      </p>
    );
  }
  const plural = MODERATION_TYPES[type];
  if (!plural || !target || target.deleted) return <p class="muted">This {target?.noun ?? type} no longer exists, so there is nothing to hide.</p>;
  const action = target.hidden ? 'restore' : 'hide';
  return (
    <form method="post" action={`/admin/moderation/${plural}/${id}/${action}`} class="report-moderation-form">
      <Csrf token={ctx.csrfToken} />
      <div class="field">
        <label for="moderation-reason">Reason (the author is told){' '}<span class="required">(required)</span></label>
        <textarea id="moderation-reason" name="reason" rows={3} required maxlength={2000}></textarea>
      </div>
      <p class="hint">{target.hidden ? 'Restoring shows it to the public again.' : 'Hiding removes it from the public; the author still sees it, with the reason, and may appeal.'} Open reports about it are marked resolved and linked to the audit log.</p>
      <button type="submit" class={target.hidden ? 'button' : 'button danger'}>
        {target.hidden ? `Restore this ${target.noun}` : `Hide this ${target.noun}`}
      </button>{' '}
      <a href={`/admin/moderation/${plural}/${id}`}>All moderation actions (including delete)</a>
    </form>
  );
}

export interface ReportGroupPageProps {
  readonly ctx: PageContext;
  readonly detail: ReportGroupDetail;
  readonly noteForm: FormState;
  readonly timeZone: string;
}

/** /admin/reports/:type/:id: one target, every report about it, internal notes, status and moderation actions. */
export function ReportGroupPage({ ctx, detail, noteForm, timeZone }: ReportGroupPageProps) {
  const { type, id, target, reports, notes } = detail;
  const title = `Reports about ${target?.noun ?? type} #${id}`;
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumbs">
        <a href="/admin">Admin</a> › <a href="/admin/reports">Reports</a>
      </p>
      <h1>{title}</h1>
      {target ? (
        <>
          <TargetPreview target={target} />
          {target.deleted ? <p class="callout">This {target.noun} has been deleted.</p> : target.hidden ? <p class="callout">This {target.noun} is hidden from the public.</p> : null}
        </>
      ) : (
        <p class="callout">This {type} no longer exists.</p>
      )}
      <p>
        Status: <StatusBadge status={detail.status} /> · <a href={auditPath(type, id)}>Audit log for this {target?.noun ?? type}</a>
      </p>
      <StatusForm ctx={ctx} type={type} id={id} current={detail.status} />

      <h2>Action</h2>
      <ModerationActions ctx={ctx} detail={detail} />

      <h2>
        {reports.length} {reports.length === 1 ? 'report' : 'reports'}
      </h2>
      <ol class="report-list">
        {reports.map((r) => (
          <li>
            <article class="report-item" id={`report-${r.id}`} aria-labelledby={`report-${r.id}-heading`}>
              <h3 id={`report-${r.id}-heading`}>
                Report #{r.id}: {CATEGORY_LABELS[r.category as ReportCategory] ?? r.category} <StatusBadge status={r.status} />
              </h3>
              <p class="report-meta">
                By <Reporter report={r} /> · <time datetime={r.created_at}>{formatDateTime(r.created_at, timeZone)}</time>
                {r.assignee_username ? <> · taken by {r.assignee_username}</> : null}
                {r.audit_id !== null ? (
                  <>
                    {' '}· <a href={auditPath(type, id)}>Action taken (audit entry #{r.audit_id})</a>
                  </>
                ) : null}
              </p>
              <p class="preserve report-description" dir="auto">{r.description}</p>
              <StatusForm ctx={ctx} type={type} id={id} report={r} current={r.status} />
            </article>
          </li>
        ))}
      </ol>

      <h2>Internal notes</h2>
      <p class="hint">Seen by moderators and administrators only.</p>
      {notes.length === 0 ? (
        <p class="muted">No notes yet.</p>
      ) : (
        <ol class="report-notes">
          {notes.map((n) => (
            <li id={`note-${n.id}`}>
              <p class="report-meta">
                {n.author_username ?? 'A deleted account'} · <time datetime={n.created_at}>{formatDateTime(n.created_at, timeZone)}</time> · on report #{n.report_id}
              </p>
              <p class="preserve" dir="auto">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary errors={noteForm.errors} />
      <form method="post" action={`${groupPath(type, id)}/notes`} class="report-note-form">
        <Csrf token={ctx.csrfToken} />
        <TextArea name="body" label="Add a note" state={noteForm} rows={4} maxlength={NOTE_MAX} required />
        <button type="submit" class="button primary">Add note</button>
      </form>
    </Layout>
  );
}
