import type { PageContext } from '../http/page-context.js';
import { formatDateTime } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import type { AuditEntryRow } from './audit-log.queries.js';

// The audit log as staff read it: who, what, when, why, and what changed.

function parseState(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const show = (value: unknown): string => (value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') || 'none' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The fields whose value differs between the before and after states, as `[field, before, after]`. */
export function stateChanges(before: string, after: string): [string, string, string][] {
  const a = parseState(before);
  const b = parseState(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => [k, show(a[k]), show(b[k])]);
}

/** Where an entry's target lives in the admin area, when it has a page there. */
function targetHref(entry: AuditEntryRow): string | undefined {
  if (entry.target_type === 'user') return `/admin/users/${entry.target_id}`;
  if (entry.target_type === 'work') return `/works/${entry.target_id}`;
  if (entry.target_type === 'series') return `/series/${entry.target_id}`;
  if (entry.target_type === 'comment') return `/comments/${entry.target_id}`;
  return undefined;
}

/** A list of audit entries, newest first. */
export function AuditEntries({ entries, timeZone }: { readonly entries: readonly AuditEntryRow[]; readonly timeZone: string }) {
  if (entries.length === 0) return <p class="muted">No entries.</p>;
  return (
    <ol class="audit-entries">
      {entries.map((e) => {
        const changes = stateChanges(e.before_state, e.after_state);
        const details = Object.entries(parseState(e.details));
        const href = targetHref(e);
        const target = `${e.target_type} #${e.target_id}`;
        return (
          <li class="audit-entry">
            <p class="audit-head">
              <code class="audit-action">{e.action}</code> on {href ? <a href={href}>{target}</a> : target} by{' '}
              {e.actor_id === null ? 'the system' : e.actor_username ? <a href={`/admin/users/${e.actor_id}`}>{e.actor_username}</a> : `account #${e.actor_id}`},{' '}
              <time datetime={e.created_at}>{formatDateTime(e.created_at, timeZone)}</time>
            </p>
            <p class="audit-reason">
              <span class="muted">Reason:</span> {e.reason || <span class="muted">none given</span>}
            </p>
            {changes.length > 0 ? (
              <table class="data-table audit-changes">
                <caption class="visually-hidden">What changed</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map(([field, before, after]) => (
                    <tr>
                      <th scope="row">{field}</th>
                      <td>{before}</td>
                      <td>{after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {details.length > 0 ? (
              <p class="audit-details muted">
                {details.map(([k, v], i) => `${i > 0 ? ' · ' : ''}${k}: ${show(v)}`)}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export interface AuditLogPageProps {
  readonly ctx: PageContext;
  readonly entries: readonly AuditEntryRow[];
  /** The filter as typed, to fill the form again. */
  readonly filter: { readonly action: string; readonly actor: string; readonly target_type: string; readonly target_id: string };
  /** The link to the next (older) page, when there is one. */
  readonly olderHref: string | undefined;
  readonly timeZone: string;
}

/** /admin/audit: every staff action, newest first, filtered by action, actor or target. */
export function AuditLogPage({ ctx, entries, filter, olderHref, timeZone }: AuditLogPageProps) {
  return (
    <Layout ctx={ctx} title="Audit log">
      <p class="breadcrumbs">
        <a href="/admin">Admin</a>
      </p>
      <h1>Audit log</h1>
      <p>Every administrator and moderator action, newest first. Entries cannot be edited or deleted.</p>
      <form method="get" action="/admin/audit" class="audit-filter">
        <div class="field">
          <label for="audit-action">Action starts with</label>
          <input id="audit-action" name="action" value={filter.action} maxlength={100} placeholder="user." />
        </div>
        <div class="field">
          <label for="audit-actor">Actor (username)</label>
          <input id="audit-actor" name="actor" value={filter.actor} maxlength={100} autocomplete="off" />
        </div>
        <div class="field">
          <label for="audit-target-type">Target type</label>
          <select id="audit-target-type" name="target_type">
            {['', 'user', 'work', 'chapter', 'comment', 'series', 'report', 'appeal', 'settings', 'invitation'].map((t) => (
              <option value={t} selected={t === filter.target_type}>
                {t || 'any'}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-target-id">Target id</label>
          <input id="audit-target-id" name="target_id" value={filter.target_id} inputmode="numeric" maxlength={10} />
        </div>
        <button type="submit" class="button">Filter</button>
      </form>
      <AuditEntries entries={entries} timeZone={timeZone} />
      {olderHref ? (
        <nav class="pagination" aria-label="Pages">
          <a href={olderHref} rel="next">
            Older entries →
          </a>
        </nav>
      ) : null}
    </Layout>
  );
}
