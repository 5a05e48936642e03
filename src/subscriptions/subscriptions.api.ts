import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { listSubscriptions } from './subscriptions.queries.js';
import { subscribe, unsubscribe } from './subscriptions.js';

/** /api/v1/subscriptions: list, follow ({work_id} | {series_id} | {username}), stop following. */
export const subscriptionsApi = new Hono<AppEnv>();

subscriptionsApi.get('/subscriptions', async (c) => {
  const user = requireUser(c);
  const rows = await listSubscriptions(c.get('services').db, user.id);
  return c.json({ items: rows.map((r) => ({ id: r.id, target_type: r.target_type, target_id: r.target_id, label: r.label, created_at: r.created_at })) });
});

subscriptionsApi.post('/subscriptions', async (c) => {
  const user = requireUser(c);
  const target = await subscribe(c.get('services').db, user, await readJson(c));
  return c.json({ subscribed: true, target_type: target.type, target_id: target.id });
});

subscriptionsApi.delete('/subscriptions', async (c) => {
  const user = requireUser(c);
  const target = await unsubscribe(c.get('services').db, user, await readJson(c));
  return c.json({ subscribed: false, target_type: target.type, target_id: target.id });
});
