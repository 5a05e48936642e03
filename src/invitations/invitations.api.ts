import { Hono } from 'hono';
import { findUserById } from '../accounts/users.queries.js';
import { hasRole, requireRole } from '../admin/roles.js';
import { requireUser } from '../http/auth.js';
import { clientIp } from '../http/client-ip.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { pageParam } from '../http/params.js';
import { inviteFriend, inviteQueueLength, inviteQueueStatus, invitationStatus, joinInviteQueue, releaseInvitations, type QueueStanding } from './invitations.js';
import { listInvitationsSentBy, listWaitingInviteRequests, type Invitation, type InviteRequest } from './invitations.queries.js';

/** /api/v1 twins of /invite-requests, /invitations and /admin/invitations. */
export const invitationsApi = new Hono<AppEnv>();

/** A queue entry as the API shows it. */
export function presentStanding(standing: QueueStanding) {
  return {
    email: standing.request.email,
    status: standing.request.invited_at ? ('invited' as const) : ('waiting' as const),
    position: standing.position,
    created_at: standing.request.created_at,
    invited_at: standing.request.invited_at,
  };
}

/** An invitation as the API shows it (never its token: the link goes only to the invited address). */
export function presentInvitation(invitation: Invitation & { used_by_username?: string | null }) {
  return {
    id: invitation.id,
    email: invitation.email,
    status: invitationStatus(invitation),
    created_at: invitation.created_at,
    expires_at: invitation.expires_at,
    used_at: invitation.used_at,
    used_by: invitation.used_by_username ?? null,
  };
}

function presentRequest(request: InviteRequest, position: number) {
  return { id: request.id, email: request.email, position, created_at: request.created_at };
}

invitationsApi.post('/invite-requests', async (c) => {
  const standing = await joinInviteQueue(c.get('services').db, c.get('settings'), await readJson(c), clientIp(c));
  return c.json(presentStanding(standing), standing.existing ? 200 : 201);
});

invitationsApi.get('/invite-requests/status', async (c) => {
  const standing = await inviteQueueStatus(c.get('services').db, c.req.query('email') ?? '');
  return c.json(presentStanding(standing));
});

invitationsApi.get('/invitations', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const fresh = (await findUserById(db, user.id)) ?? user;
  const items = await listInvitationsSentBy(db, user.id, 200);
  return c.json({ invitations_left: hasRole(user, 'admin') ? null : fresh.invitations_left, items: items.map(presentInvitation), total: items.length, next: null });
});

invitationsApi.post('/invitations', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const invitation = await inviteFriend(db, config, c.get('settings'), user, await readJson(c));
  return c.json(presentInvitation(invitation), 201);
});

invitationsApi.get('/admin/invitations', async (c) => {
  requireRole(c, 'admin');
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const perPage = 100;
  const [total, waiting] = await Promise.all([inviteQueueLength(db), listWaitingInviteRequests(db, perPage, (page - 1) * perPage)]);
  const next = page * perPage < total ? `/api/v1/admin/invitations?page=${page + 1}` : null;
  return c.json({ items: waiting.map((r, i) => presentRequest(r, (page - 1) * perPage + i + 1)), total, next });
});

invitationsApi.post('/admin/invitations', async (c) => {
  const admin = requireRole(c, 'admin');
  const { db, config } = c.get('services');
  const sent = await releaseInvitations(db, config, c.get('settings'), admin, await readJson(c));
  return c.json({ items: sent.map(({ request, invitation }) => ({ request_id: request.id, ...presentInvitation(invitation) })), total: sent.length, next: null }, 201);
});
