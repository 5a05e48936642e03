import { Hono } from 'hono';
import { hasRole, requireRole } from '../admin/roles.js';
import { onInvalid, requireUser } from '../http/auth.js';
import { clientIp } from '../http/client-ip.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { answerBot, honeypotFilled } from '../http/honeypot.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { findUserById } from '../accounts/users.queries.js';
import { inviteFriend, inviteQueueLength, inviteQueueStatus, joinInviteQueue, releaseInvitations, type QueueStanding } from './invitations.js';
import { listInvitationsSentBy, listWaitingInviteRequests } from './invitations.queries.js';
import {
  ADMIN_INVITATIONS_PATH,
  AdminInvitationsPage,
  INVITATIONS_PATH,
  INVITE_REQUESTS_PATH,
  InviteRequestPage,
  InviteStatusPage,
  MyInvitationsPage,
} from './invitations.views.js';
import type { FormState } from '../ui/forms.js';
import type { Context } from 'hono';

/** The public invitation queue, an account's friend invitations, and the administrators' queue page. */
export const invitationRoutes = new Hono<AppEnv>();

const ADMIN_PER_PAGE = 50;
const SENT_SHOWN = 200;

function statusPath(email: string): string {
  return `${INVITE_REQUESTS_PATH}/status?email=${encodeURIComponent(email)}`;
}

async function showQueue(c: Context<AppEnv>, form: FormState, status: 200 | 422 = 200) {
  const settings = c.get('settings');
  const queueLength = await inviteQueueLength(c.get('services').db);
  const page = <InviteRequestPage ctx={pageContext(c)} form={form} queueLength={queueLength} queueOpen={settings.registration === 'invite_only'} registrationOpen={settings.registration === 'open'} />;
  return c.html(page, status);
}

invitationRoutes.get(INVITE_REQUESTS_PATH, (c) => showQueue(c, { values: {}, errors: {} }));

invitationRoutes.post(INVITE_REQUESTS_PATH, async (c) => {
  const form = await readForm(c);
  const email = (form.email ?? '').trim();
  if (honeypotFilled(form)) return answerBot(c, statusPath(email), 'You are in the queue.');
  return onInvalid(
    async () => {
      const standing = await joinInviteQueue(c.get('services').db, c.get('settings'), form, clientIp(c));
      return redirectWithFlash(c, statusPath(standing.request.email), standing.existing ? 'That address was already in the queue.' : 'You are in the queue. We will email you when your invitation is ready.');
    },
    (errors) => showQueue(c, { values: form, errors }, 422),
  );
});

invitationRoutes.get(`${INVITE_REQUESTS_PATH}/status`, async (c) => {
  const email = (c.req.query('email') ?? '').trim().slice(0, 320);
  let standing: QueueStanding | undefined;
  try {
    standing = email ? await inviteQueueStatus(c.get('services').db, email) : undefined;
  } catch (error) {
    if (!(error instanceof AppError && error.status === 404)) throw error;
  }
  return c.html(<InviteStatusPage ctx={pageContext(c)} standing={standing} email={email} />, standing || !email ? 200 : 404);
});

async function showMine(c: Context<AppEnv>, form: FormState, status: 200 | 422 = 200) {
  const user = requireUser(c);
  const { db } = c.get('services');
  // Read the allowance fresh: the request's user row was loaded before any invitation this request sent.
  const fresh = (await findUserById(db, user.id)) ?? user;
  const invitations = await listInvitationsSentBy(db, user.id, SENT_SHOWN);
  const left = hasRole(user, 'admin') ? null : fresh.invitations_left;
  return c.html(<MyInvitationsPage ctx={pageContext(c)} form={form} invitationsLeft={left} invitations={invitations} timeZone={user.time_zone} />, status);
}

invitationRoutes.get(INVITATIONS_PATH, (c) => showMine(c, { values: {}, errors: {} }));

invitationRoutes.post(INVITATIONS_PATH, async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const { db, config } = c.get('services');
  return onInvalid(
    async () => {
      const invitation = await inviteFriend(db, config, c.get('settings'), user, form);
      return redirectWithFlash(c, INVITATIONS_PATH, `Invitation sent to ${invitation.email ?? 'your friend'}.`);
    },
    (errors) => showMine(c, { values: form, errors }, 422),
  );
});

async function showAdmin(c: Context<AppEnv>, form: FormState, status: 200 | 422 = 200) {
  requireRole(c, 'admin');
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const [queueLength, waiting] = await Promise.all([inviteQueueLength(db), listWaitingInviteRequests(db, ADMIN_PER_PAGE, (page - 1) * ADMIN_PER_PAGE)]);
  return c.html(
    <AdminInvitationsPage ctx={pageContext(c)} queueLength={queueLength} waiting={waiting} page={page} perPage={ADMIN_PER_PAGE} form={form} registration={c.get('settings').registration} />,
    status,
  );
}

invitationRoutes.get(ADMIN_INVITATIONS_PATH, (c) => showAdmin(c, { values: { count: '10' }, errors: {} }));

invitationRoutes.post(`${ADMIN_INVITATIONS_PATH}/batch`, async (c) => {
  const admin = requireRole(c, 'admin');
  const form = await readForm(c);
  const { db, config } = c.get('services');
  const count = /^\s*\d{1,6}\s*$/.test(form.count ?? '') ? Number(form.count) : NaN;
  return onInvalid(
    async () => {
      const sent = await releaseInvitations(db, config, c.get('settings'), admin, { count: Number.isNaN(count) ? form.count ?? '' : count });
      return redirectWithFlash(c, ADMIN_INVITATIONS_PATH, sent.length === 1 ? 'Sent 1 invitation.' : `Sent ${sent.length} invitations.`);
    },
    (errors) => showAdmin(c, { values: form, errors: { count: errors.count ?? Object.values(errors)[0] ?? 'Give a number from 1 to 100.' } }, 422),
  );
});

invitationRoutes.post(`${ADMIN_INVITATIONS_PATH}/requests/:id{[0-9]+}/invite`, async (c) => {
  const admin = requireRole(c, 'admin');
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'queue entry');
  return onInvalid(
    async () => {
      const [sent] = await releaseInvitations(db, config, c.get('settings'), admin, { request_id: id });
      return redirectWithFlash(c, ADMIN_INVITATIONS_PATH, sent ? `Invitation sent to ${sent.request.email}.` : 'That address was already invited.');
    },
    (errors) => redirectWithFlash(c, ADMIN_INVITATIONS_PATH, Object.values(errors)[0] ?? 'That address was already invited.'),
  );
});
