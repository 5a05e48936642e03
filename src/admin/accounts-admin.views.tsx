import type { User } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextArea, TextField, type FormState } from '../ui/forms.js';
import { formatDate, formatDateTime, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { mayAct, MAX_SUSPENSION_DAYS, type AccountAction } from './accounts-admin.js';
import type { AuditEntryRow } from './audit-log.queries.js';
import { AuditEntries } from './audit-log.views.js';
import { isSuspended, ROLES, rolesOf } from './roles.js';

/** Banned, suspended or in good standing. */
export function accountStatus(user: User): 'banned' | 'suspended' | 'active' {
  if (user.banned_at !== null) return 'banned';
  return isSuspended(user) ? 'suspended' : 'active';
}

function StatusText({ user, timeZone }: { readonly user: User; readonly timeZone: string }) {
  const status = accountStatus(user);
  if (status === 'banned') return <span class="status-badge status-banned">Banned since {formatDate(user.banned_at, timeZone)}</span>;
  if (status === 'suspended') return <span class="status-badge status-suspended">Suspended until {formatDateTime(user.suspended_until, timeZone)}</span>;
  return <span class="status-badge">Active</span>;
}

const rolesText = (user: User): string => rolesOf(user).join(', ') || 'none';

export interface AccountsPageProps {
  readonly ctx: PageContext;
  readonly q: string;
  readonly accounts: readonly User[];
  readonly timeZone: string;
}

/** /admin/users: find accounts by username, email or sign-up address. */
export function AccountsPage({ ctx, q, accounts, timeZone }: AccountsPageProps) {
  return (
    <Layout ctx={ctx} title="Accounts">
      <p class="breadcrumbs">
        <a href="/admin">Admin</a>
      </p>
      <h1>Accounts</h1>
      <form method="get" action="/admin/users" role="search" class="admin-search">
        <div class="field">
          <label for="accounts-q">Username, email or sign-up IP address</label>
          <p class="hint" id="accounts-q-hint">
            Usernames and emails match from the start (case does not matter); an IP address matches the address an account signed up from.
          </p>
          <input id="accounts-q" type="search" name="q" value={q} maxlength={254} aria-describedby="accounts-q-hint" />
        </div>
        <button type="submit" class="button primary">Find accounts</button>
      </form>
      <h2>{q ? `Accounts matching “${q}”` : 'Newest accounts'}</h2>
      {accounts.length === 0 ? (
        <p class="muted">No account matches.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table accounts-table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Signed up</th>
                <th scope="col">Sign-up IP</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr>
                  <td>
                    <a href={`/admin/users/${a.id}`}>{a.username}</a>
                  </td>
                  <td class="wrap-anywhere">{a.email}</td>
                  <td>{rolesText(a)}</td>
                  <td>
                    <StatusText user={a} timeZone={timeZone} />
                  </td>
                  <td>{formatDate(a.created_at, timeZone)}</td>
                  <td>{a.signup_ip ? <a href={`/admin/users?q=${encodeURIComponent(a.signup_ip)}`}>{a.signup_ip}</a> : <span class="muted">unknown</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** Which action form a failed submit belongs to, with its values and errors. */
export interface AccountFormState {
  readonly action: AccountAction;
  readonly form: FormState;
}

export interface AccountPageProps {
  readonly ctx: PageContext;
  readonly viewer: User;
  readonly account: User;
  readonly works: number;
  readonly comments: number;
  /** The audit entries about the account; undefined for moderators (the audit log is for administrators). */
  readonly audit: readonly AuditEntryRow[] | undefined;
  readonly failed?: AccountFormState | undefined;
}

function formFor(failed: AccountFormState | undefined, action: AccountAction): FormState {
  return failed?.action === action ? failed.form : { values: {}, errors: {} };
}

/** /admin/users/:id: who the account is, its standing, and the actions the viewer may take on it. */
export function AccountPage({ ctx, viewer, account, works, comments, audit, failed }: AccountPageProps) {
  const tz = viewer.time_zone;
  const base = `/admin/users/${account.id}`;
  const status = accountStatus(account);
  const roles = rolesOf(account);
  const may = (action: AccountAction) => mayAct(viewer, account, action);
  return (
    <Layout ctx={ctx} title={`Account ${account.username}`}>
      <p class="breadcrumbs">
        <a href="/admin">Admin</a> › <a href="/admin/users">Accounts</a>
      </p>
      <h1>{account.username}</h1>
      {failed ? <ErrorSummary errors={failed.form.errors} /> : null}
      <dl class="account-facts">
        <dt>Profile</dt>
        <dd>
          <a href={`/users/${encodeURIComponent(account.username)}`}>{account.display_name || account.username}</a>
        </dd>
        <dt>Email</dt>
        <dd class="wrap-anywhere">
          {account.email} {account.email_confirmed_at ? '' : <span class="muted">(not confirmed)</span>}
        </dd>
        <dt>Signed up</dt>
        <dd>
          {formatDateTime(account.created_at, tz)}
          {account.signup_ip ? (
            <>
              {' '}from <a href={`/admin/users?q=${encodeURIComponent(account.signup_ip)}`}>{account.signup_ip}</a>
            </>
          ) : null}
        </dd>
        <dt>Roles</dt>
        <dd>{roles.join(', ') || 'none'}</dd>
        <dt>Status</dt>
        <dd>
          <StatusText user={account} timeZone={tz} />
          {status === 'suspended' ? <p>Reason: {account.suspension_reason}</p> : null}
          {status === 'banned' ? <p>Reason: {account.ban_reason}</p> : null}
        </dd>
        <dt>Activity</dt>
        <dd>
          {formatNumber(works)} {works === 1 ? 'work' : 'works'}, {formatNumber(comments)} {comments === 1 ? 'comment' : 'comments'}
        </dd>
      </dl>

      <div class="admin-actions">
        {may('roles') ? (
          <section aria-labelledby="roles-heading" class="admin-action">
            <h2 id="roles-heading">Roles</h2>
            <form method="post" action={`${base}/roles`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <fieldset class="field" id="field-roles" aria-describedby={formFor(failed, 'roles').errors.roles ? 'error-roles' : undefined}>
                <legend>Roles this account holds</legend>
                {formFor(failed, 'roles').errors.roles ? (
                  <p class="error" id="error-roles">
                    {formFor(failed, 'roles').errors.roles}
                  </p>
                ) : null}
                {ROLES.map((role) => (
                  <div class="checkbox">
                    <input type="checkbox" id={`field-roles-${role}`} name="roles" value={role} checked={roles.includes(role)} />
                    <label for={`field-roles-${role}`}>{role}</label>
                  </div>
                ))}
              </fieldset>
              <TextField name="roles_reason" label="Reason" state={formFor(failed, 'roles')} required maxlength={1000} />
              <button type="submit" class="button primary">Save roles</button>
            </form>
          </section>
        ) : null}

        {may('suspend') ? (
          <section aria-labelledby="suspend-heading" class="admin-action">
            <h2 id="suspend-heading">Suspend</h2>
            <p class="hint">A suspended account can read, export and change its settings, but cannot post, comment, leave kudos, bookmark or subscribe.</p>
            <form method="post" action={`${base}/suspend`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextField name="days" label="Days" type="number" inputmode="numeric" state={formFor(failed, 'suspend')} required hint={`From 1 to ${MAX_SUSPENSION_DAYS}.`} />
              <TextArea name="suspend_reason" label="Reason (shown to the account)" state={formFor(failed, 'suspend')} required rows={2} maxlength={1000} />
              <button type="submit" class="button">{status === 'suspended' ? 'Change suspension' : 'Suspend'}</button>
            </form>
          </section>
        ) : null}

        {may('ban') && status !== 'banned' ? (
          <section aria-labelledby="ban-heading" class="admin-action">
            <h2 id="ban-heading">Ban</h2>
            <p class="hint">A banned account cannot sign in; its sessions and API tokens end now.</p>
            <form method="post" action={`${base}/ban`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextArea name="ban_reason" label="Reason" state={formFor(failed, 'ban')} required rows={2} maxlength={1000} />
              <button type="submit" class="button danger" data-confirm={`Ban ${account.username}? They are signed out everywhere and cannot sign in.`}>
                Ban {account.username}
              </button>
            </form>
          </section>
        ) : null}

        {status !== 'active' && may('lift') ? (
          <section aria-labelledby="lift-heading" class="admin-action">
            <h2 id="lift-heading">Reinstate</h2>
            <form method="post" action={`${base}/lift`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextArea name="lift_reason" label="Reason" state={formFor(failed, 'lift')} required rows={2} maxlength={1000} />
              <button type="submit" class="button">Lift the {status === 'banned' ? 'ban' : 'suspension'}</button>
            </form>
          </section>
        ) : null}
      </div>

      {audit ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Audit history</h2>
          <AuditEntries entries={audit} timeZone={tz} />
          <p>
            <a href={`/admin/audit?target_type=user&target_id=${account.id}`}>All entries about this account</a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
