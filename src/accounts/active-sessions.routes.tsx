import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { currentSessionHash } from '../http/session.js';
import { listActiveSessions, revokeActiveSession, revokeOtherSessions } from './active-sessions.js';
import { SessionsPage } from './active-sessions.views.js';

/** /settings/sessions: the reader's signed-in browsers. */
export const activeSessionRoutes = new Hono<AppEnv>();

activeSessionRoutes.get('/settings/sessions', async (c) => {
  const user = requireUser(c);
  const sessions = await listActiveSessions(c.get('services').db, user.id, currentSessionHash(c));
  return c.html(<SessionsPage ctx={pageContext(c)} sessions={sessions} timeZone={user.time_zone} />);
});

activeSessionRoutes.post('/settings/sessions/revoke-others', async (c) => {
  const user = requireUser(c);
  await revokeOtherSessions(c.get('services').db, user.id, currentSessionHash(c));
  return redirectWithFlash(c, '/settings/sessions', 'Every other session has been signed out.');
});

activeSessionRoutes.post('/settings/sessions/:id/revoke', async (c) => {
  const user = requireUser(c);
  await revokeActiveSession(c.get('services').db, user.id, c.req.param('id'));
  return redirectWithFlash(c, '/settings/sessions', 'That session has been signed out.');
});

/** The API twin, mounted under /api/v1/me/sessions. */
export const activeSessionApi = new Hono<AppEnv>();

activeSessionApi.get('/', async (c) => {
  const user = requireUser(c);
  const items = await listActiveSessions(c.get('services').db, user.id, c.get('authVia') === 'session' ? currentSessionHash(c) : undefined);
  return c.json({ items, total: items.length, next: null });
});

activeSessionApi.post('/revoke-others', async (c) => {
  const user = requireUser(c);
  await revokeOtherSessions(c.get('services').db, user.id, c.get('authVia') === 'session' ? currentSessionHash(c) : undefined);
  return c.body(null, 204);
});

activeSessionApi.delete('/:id', async (c) => {
  const user = requireUser(c);
  await revokeActiveSession(c.get('services').db, user.id, c.req.param('id'));
  return c.body(null, 204);
});
