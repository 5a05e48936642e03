import type { PageContext } from '../http/page-context.js';
import { Honeypot } from '../http/honeypot.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { formatDate } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import type { Invitation, InviteRequest } from './invitations.queries.js';
import { invitationStatus, MAX_BATCH, type QueueStanding } from './invitations.js';

export const INVITE_REQUESTS_PATH = '/invite-requests';
export const INVITATIONS_PATH = '/invitations';
export const ADMIN_INVITATIONS_PATH = '/admin/invitations';

/** /signup while registration is invite-only and no invitation link was followed. */
export function InviteOnlySignupPage({ ctx }: { readonly ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Sign up">
      <section class="narrow">
        <h1>Sign-up is by invitation</h1>
        <p>{ctx.siteName} is invite-only for now. To create an account, follow the link in an invitation email.</p>
        <p>
          No invitation yet? <a href={INVITE_REQUESTS_PATH}>Join the invitation queue</a>: invitations go out in the order people asked. A friend
          with an account here can also invite you.
        </p>
        <p>
          Already have an account? <a href="/login">Log in</a>.
        </p>
      </section>
    </Layout>
  );
}

/** Where an address stands, in words. */
function StandingText({ standing }: { readonly standing: QueueStanding }) {
  if (standing.position === null) {
    return <p class="callout">An invitation was sent to {standing.request.email} on {formatDate(standing.request.invited_at)}. Check that inbox (and its spam folder).</p>;
  }
  return (
    <p class="callout">
      You are number <strong>{standing.position}</strong> in the queue ({standing.request.email}, since {formatDate(standing.request.created_at)}).
    </p>
  );
}

export interface InviteRequestPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly queueLength: number;
  /** False when registration is not invite-only: the page says how to join instead. */
  readonly queueOpen: boolean;
  readonly registrationOpen: boolean;
}

/** The public invitation queue: join with an email address, or look up a place in it. */
export function InviteRequestPage({ ctx, form, queueLength, queueOpen, registrationOpen }: InviteRequestPageProps) {
  return (
    <Layout ctx={ctx} title="Invitation queue">
      <section class="narrow">
        <h1>Invitation queue</h1>
        {!queueOpen ? (
          <p class="callout">
            {registrationOpen ? (
              <>
                Registration is open: no invitation needed. <a href="/signup">Create an account</a>.
              </>
            ) : (
              'Registration is closed on this archive, and no invitations are being handed out.'
            )}
          </p>
        ) : (
          <>
            <p>
              {ctx.siteName} is invite-only. Leave your email address and we will send you an invitation when your turn comes.{' '}
              {queueLength === 1 ? '1 person is' : `${queueLength} people are`} waiting.
            </p>
            <ErrorSummary errors={form.errors} />
            <form method="post" action={INVITE_REQUESTS_PATH} novalidate>
              <Csrf token={ctx.csrfToken} />
              <Honeypot />
              <TextField name="email" label="Email" type="email" state={form} required autocomplete="email" hint="Used only to send your invitation. Asking again shows your place." />
              <button type="submit" class="button primary">Join the queue</button>
            </form>
            <h2>Already in the queue?</h2>
            <form method="get" action={`${INVITE_REQUESTS_PATH}/status`}>
              <div class="field">
                <label for="status-email">Your email</label>
                <input id="status-email" name="email" type="email" autocomplete="email" required />
              </div>
              <button type="submit" class="button">Check my place</button>
            </form>
          </>
        )}
      </section>
    </Layout>
  );
}

/** /invite-requests/status: one address's place in the queue, or that it is not in it. */
export function InviteStatusPage({ ctx, standing, email }: { readonly ctx: PageContext; readonly standing: QueueStanding | undefined; readonly email: string }) {
  return (
    <Layout ctx={ctx} title="Your place in the queue">
      <section class="narrow">
        <h1>Your place in the queue</h1>
        {standing ? (
          <StandingText standing={standing} />
        ) : (
          <p class="callout">{email ? `${email} is not in the queue.` : 'Give an email address to look up.'}</p>
        )}
        <p>
          <a href={INVITE_REQUESTS_PATH}>Back to the invitation queue</a>
        </p>
      </section>
    </Layout>
  );
}

function StatusBadge({ invitation }: { readonly invitation: Pick<Invitation, 'used_at' | 'expires_at'> }) {
  const status = invitationStatus(invitation);
  return <span class={status === 'pending' ? 'badge' : 'badge muted'}>{status === 'used' ? 'Used' : status === 'expired' ? 'Expired' : 'Pending'}</span>;
}

export interface MyInvitationsPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  /** null: no limit (administrators). */
  readonly invitationsLeft: number | null;
  readonly invitations: readonly (Invitation & { used_by_username: string | null })[];
  readonly timeZone: string;
}

/** /invitations: invite friends by email and follow the invitations you sent. */
export function MyInvitationsPage({ ctx, form, invitationsLeft, invitations, timeZone }: MyInvitationsPageProps) {
  const canInvite = invitationsLeft === null || invitationsLeft > 0;
  return (
    <Layout ctx={ctx} title="Invitations">
      <h1>Invitations</h1>
      <p>
        {invitationsLeft === null
          ? 'As an administrator you may invite as many people as you like.'
          : `You have ${invitationsLeft} invitation${invitationsLeft === 1 ? '' : 's'} left.`}
      </p>
      {canInvite ? (
        <form method="post" action={INVITATIONS_PATH} class="narrow" novalidate>
          <h2>Invite a friend</h2>
          <ErrorSummary errors={form.errors} />
          <Csrf token={ctx.csrfToken} />
          <TextField name="email" label="Friend’s email" type="email" state={form} required autocomplete="off" hint="They get a sign-up link that works once." />
          <button type="submit" class="button primary">Send invitation</button>
        </form>
      ) : null}
      <h2>Invitations you sent</h2>
      {invitations.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Sent</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((inv) => (
                <tr>
                  <td>{inv.email ?? ''}</td>
                  <td>{formatDate(inv.created_at, timeZone)}</td>
                  <td>
                    <StatusBadge invitation={inv} />
                    {inv.used_by_username ? (
                      <>
                        {' '}by <a href={`/users/${encodeURIComponent(inv.used_by_username)}`}>{inv.used_by_username}</a>
                      </>
                    ) : null}
                  </td>
                  <td>{formatDate(inv.expires_at, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface AdminInvitationsPageProps {
  readonly ctx: PageContext;
  readonly queueLength: number;
  readonly waiting: readonly InviteRequest[];
  readonly page: number;
  readonly perPage: number;
  readonly form: FormState;
  readonly registration: string;
}

/** /admin/invitations: the queue, releasing the next N, inviting one. */
export function AdminInvitationsPage({ ctx, queueLength, waiting, page, perPage, form, registration }: AdminInvitationsPageProps) {
  return (
    <Layout ctx={ctx} title="Invitations">
      <h1>Invitations</h1>
      {registration !== 'invite_only' ? (
        <p class="callout">
          Registration is {registration === 'open' ? 'open' : 'closed'}, so the queue takes no new requests. Change it in <a href="/admin/settings">site settings</a>.
        </p>
      ) : null}
      <p>
        {queueLength === 1 ? '1 address waits' : `${queueLength} addresses wait`} in the queue. Invitations are emailed and work once. Your own friend invitations are at{' '}
        <a href={INVITATIONS_PATH}>Invitations</a>.
      </p>
      <form method="post" action={`${ADMIN_INVITATIONS_PATH}/batch`} class="inline-form" novalidate>
        <h2>Send a batch</h2>
        <ErrorSummary errors={form.errors} />
        <Csrf token={ctx.csrfToken} />
        <TextField name="count" label="How many, from the front of the queue" type="number" state={form} required hint={`1 to ${MAX_BATCH}.`} />
        <button type="submit" class="button primary" disabled={queueLength === 0}>
          Send the next invitations
        </button>
      </form>
      <h2>Waiting</h2>
      {waiting.length === 0 ? (
        <p>Nobody is waiting.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Email</th>
                <th scope="col">Asked</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((request, i) => (
                <tr>
                  <td>{(page - 1) * perPage + i + 1}</td>
                  <td>{request.email}</td>
                  <td>{formatDate(request.created_at)}</td>
                  <td>
                    <form method="post" action={`${ADMIN_INVITATIONS_PATH}/requests/${request.id}/invite`} class="inline-form">
                      <Csrf token={ctx.csrfToken} />
                      <button type="submit" class="link-button" aria-label={`Invite ${request.email}`}>
                        Invite
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} total={queueLength} perPage={perPage} basePath={ADMIN_INVITATIONS_PATH} />
    </Layout>
  );
}
