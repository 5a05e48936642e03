import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, SelectField, TextArea, type FormState } from '../ui/forms.js';
import { formatDateTime } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import type { AppealMessageRow, AppealRow } from './appeals.queries.js';
import { MAX_MESSAGE_CHARS, type AppealView } from './appeals.js';
import type { ModerationTarget } from './moderation.js';
import { TARGET_NOUN } from './moderation.policy.js';
import { moderationPath } from './moderation.views.js';

// Appeal pages: the form an author opens an appeal with, the thread, and the staff list. The reporter of the
// content never appears: only the moderator's reason does. Staff writers show as "Moderator" to the author.

const STATUS_LABELS: Record<string, string> = { open: 'Open', upheld: 'Decided: stays hidden', restored: 'Decided: restored' };

function ReasonBlock({ target }: { readonly target: ModerationTarget }) {
  return (
    <dl class="moderation-target">
      <dt>Content</dt>
      <dd>{target.deleted ? target.label : <a href={target.path}>{target.label}</a>}</dd>
      <dt>State</dt>
      <dd>{target.deleted ? 'Deleted' : target.hiddenAt !== null ? 'Hidden by a moderator' : 'Public'}</dd>
      {target.hiddenAt !== null ? (
        <>
          <dt>The moderator’s reason</dt>
          <dd dir="auto">{target.hiddenReason}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The form an author appeals a moderator's decision with (once per decision). */
export function NewAppealPage({ ctx, target, form }: { readonly ctx: PageContext; readonly target: ModerationTarget; readonly form: FormState }) {
  const query = `?target_type=${target.type}&target_id=${target.id}`;
  return (
    <Layout ctx={ctx} title="Appeal a moderator’s decision">
      <h1>Appeal a moderator’s decision</h1>
      <ReasonBlock target={target} />
      <p>You can appeal this decision once. The moderators read your message and answer in the appeal’s thread; you are told the outcome in your inbox.</p>
      <form method="post" action={`/appeals/new${query}`}>
        <ErrorSummary errors={form.errors} />
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="target_type" value={target.type} />
        <input type="hidden" name="target_id" value={String(target.id)} />
        <TextArea name="message" label="Your message to the moderators" state={form} required rows={6} maxlength={MAX_MESSAGE_CHARS} />
        <button type="submit" class="button primary">Send appeal</button>
      </form>
    </Layout>
  );
}

function writerName(message: AppealMessageRow, appeal: AppealRow, viewerIsStaff: boolean): string {
  if (message.author_id === null) return 'Deleted account';
  if (message.author_id === appeal.user_id) return message.username ?? 'The author';
  const staff = message.is_admin === 1 || message.is_moderator === 1;
  // The staff know each other; the author sees "Moderator".
  return viewerIsStaff ? `${message.username ?? 'Deleted account'}${staff ? ' (moderator)' : ''}` : 'Moderator';
}

/** An appeal's thread: what it is about, the messages, a reply form while open, and the decision form for the staff. */
export function AppealPage(props: { readonly ctx: PageContext; readonly view: AppealView; readonly staff: boolean; readonly message: FormState; readonly decision: FormState; readonly timeZone: string }) {
  const { ctx, view, staff, message, decision, timeZone } = props;
  const { appeal, target, messages } = view;
  const open = appeal.status === 'open';
  const mine = ctx.user?.id === appeal.user_id;
  return (
    <Layout ctx={ctx} title={`Appeal about a ${TARGET_NOUN[target.type]}`}>
      <h1>Appeal about a {TARGET_NOUN[target.type]}</h1>
      <p>
        <span class="badge">{STATUS_LABELS[appeal.status] ?? appeal.status}</span>{' '}
        {staff ? (
          <>
            by {appeal.username ?? 'a deleted account'} · <a href={moderationPath(target.type, target.id)}>Moderation page</a>
          </>
        ) : null}
      </p>
      <ReasonBlock target={target} />
      {appeal.status !== 'open' ? (
        <div class="callout" role="note">
          <p>
            <strong>Outcome:</strong> <span dir="auto">{appeal.outcome}</span>
          </p>
        </div>
      ) : null}
      <h2>Messages</h2>
      <ol class="appeal-messages">
        {messages.map((m) => (
          <li class="appeal-message">
            <p class="comment-meta">
              <strong>{writerName(m, appeal, staff)}</strong> <time datetime={m.created_at}>{formatDateTime(m.created_at, timeZone)}</time>
            </p>
            <p class="appeal-body" dir="auto">{m.body}</p>
          </li>
        ))}
      </ol>
      {open ? (
        <form method="post" action={`/appeals/${appeal.id}/messages`}>
          <h2>Add a message</h2>
          <ErrorSummary errors={message.errors} />
          <Csrf token={ctx.csrfToken} />
          <TextArea name="message" label="Message" state={message} required rows={4} maxlength={MAX_MESSAGE_CHARS} />
          <button type="submit" class="button">Send message</button>
        </form>
      ) : null}
      {open && staff && !mine ? (
        <form method="post" action={`/appeals/${appeal.id}/decide`}>
          <h2>Decide</h2>
          <ErrorSummary errors={decision.errors} />
          <Csrf token={ctx.csrfToken} />
          <SelectField
            name="outcome"
            label="Outcome"
            state={decision}
            required
            options={[
              ['restored', 'Restore the content (appeal granted)'],
              ['upheld', 'Keep it hidden (appeal not granted)'],
            ]}
          />
          <TextArea name="outcome_text" label="Explanation for the author" state={decision} required rows={4} maxlength={MAX_MESSAGE_CHARS} />
          <button type="submit" class="button primary">Record the decision</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** The staff list of appeals, open ones first. */
export function AppealsListPage(props: { readonly ctx: PageContext; readonly appeals: readonly AppealRow[]; readonly total: number; readonly page: number; readonly perPage: number; readonly timeZone: string }) {
  const { ctx, appeals, total, page, perPage, timeZone } = props;
  return (
    <Layout ctx={ctx} title="Appeals">
      <h1>Appeals</h1>
      {appeals.length === 0 ? (
        <p>No appeals yet.</p>
      ) : (
        <table class="data-table">
          <caption class="visually-hidden">Appeals, open ones first</caption>
          <thead>
            <tr>
              <th scope="col">Appeal</th>
              <th scope="col">Author</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {appeals.map((a) => (
              <tr>
                <td>
                  <a href={`/appeals/${a.id}`}>
                    {TARGET_NOUN[a.target_type as keyof typeof TARGET_NOUN] ?? a.target_type} #{a.target_id}
                  </a>
                </td>
                <td>{a.username ?? 'Deleted account'}</td>
                <td>{STATUS_LABELS[a.status] ?? a.status}</td>
                <td>
                  <time datetime={a.created_at}>{formatDateTime(a.created_at, timeZone)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} total={total} perPage={perPage} basePath="/admin/appeals" />
    </Layout>
  );
}
