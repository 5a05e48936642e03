import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { guestKey } from '../http/visitor.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { kudosSummary, leaveKudos, removeKudos } from './kudos.js';
import { KUDOS_KEY_PURPOSE } from './kudos.routes.js';

/** /api/v1/works/:id/kudos: leave (guests too), withdraw, and list. */
export const kudosApi = new Hono<AppEnv>();

kudosApi.post('/works/:id/kudos', async (c) => {
  const id = idParam(c.req.param('id'), 'work');
  const created = await leaveKudos(c.get('services').db, c.get('user'), guestKey(c, KUDOS_KEY_PURPOSE), id);
  return c.json({ created }, created ? 201 : 200);
});

kudosApi.delete('/works/:id/kudos', async (c) => {
  const user = requireUser(c);
  const removed = await removeKudos(c.get('services').db, user, idParam(c.req.param('id'), 'work'));
  return c.json({ removed });
});

kudosApi.get('/works/:id/kudos', async (c) => {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  authorizeWorkRead(c.get('user'), work, await workAuthorIds(db, id));
  const summary = await kudosSummary(db, work, c.get('user'));
  return c.json({ usernames: summary.names, more_accounts: summary.more, guests: summary.guests, total: summary.total });
});
