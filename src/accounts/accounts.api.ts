import { isSuspended } from '../admin/roles.js';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { requireUser } from '../http/auth.js';
import { clientIp } from '../http/client-ip.js';
import { AccountSuspended, NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { validate } from '../http/validation.js';
import { authenticate, registerUser } from './accounts.js';
import { tokenSchema } from './accounts.forms.js';
import { activeSessionApi } from './active-sessions.routes.js';
import { presentMe, presentUser } from './accounts.presenters.js';
import { updateSettings } from './settings.js';
import { checkSecondFactor, hasTwoFactor } from './two-factor.js';
import { createApiToken, presentToken } from './tokens.js';
import { listApiTokens, revokeApiToken } from './tokens.queries.js';
import { findUserByUsername } from './users.queries.js';
import { now } from '../db/dialect.js';

/** /api/v1 accounts, tokens and the current user. */
export const accountApi = new Hono<AppEnv>();
accountApi.route('/me/sessions', activeSessionApi);

accountApi.post('/accounts', async (c) => {
  const { db, config } = c.get('services');
  const user = await registerUser(db, config, await readJson(c), { settings: c.get('settings'), signupIp: clientIp(c) });
  return c.json(presentMe(user, config.baseUrl), 201);
});

accountApi.post('/tokens', async (c) => {
  const { db, config } = c.get('services');
  const body = await readJson(c);
  const { name } = validate(tokenSchema, body);
  const user = await authenticate(db, config, body, clientIp(c));
  // With two-factor sign-in on, minting a token needs the code too; a token once made is used alone.
  if (await hasTwoFactor(db, user.id)) {
    const code = typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string' ? body.code : '';
    await checkSecondFactor(db, config, c.get('services').secret, user, code);
  }
  const { token, row } = await createApiToken(db, user.id, name);
  return c.json({ ...presentToken(row), token }, 201);
});

accountApi.get('/tokens', async (c) => {
  const user = requireUser(c);
  const rows = await listApiTokens(c.get('services').db, user.id);
  return c.json({ items: rows.map(presentToken), total: rows.length, next: null });
});

accountApi.delete('/tokens/:id', async (c) => {
  const user = requireUser(c);
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || !(await revokeApiToken(c.get('services').db, user.id, id, now()))) throw NotFound('token');
  return c.body(null, 204);
});

accountApi.get('/me', (c) => {
  const user = requireUser(c);
  return c.json(presentMe(user, c.get('services').config.baseUrl));
});

accountApi.patch('/me', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const input = await readJson(c);
  // The profile is public: a suspended account keeps its preferences but cannot change what others read.
  if (isSuspended(user) && typeof input === 'object' && input !== null && ('display_name' in input || 'bio' in input)) {
    throw AccountSuspended(user.suspended_until!, user.suspension_reason ?? '');
  }
  const updated = await updateSettings(db, user, input);
  return c.json(presentMe(updated, config.baseUrl));
});

accountApi.get('/users/:username', async (c) => {
  const { db, config } = c.get('services');
  const user = await findUserByUsername(db, c.req.param('username'));
  if (!user) throw NotFound('user');
  return c.json(presentUser(user, config.baseUrl));
});
