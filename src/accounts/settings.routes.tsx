import { Hono } from 'hono';
import { now } from '../db/dialect.js';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { currentSessionHash } from '../http/session.js';
import { validate } from '../http/validation.js';
import { emptyForm } from '../ui/forms.js';
import { tokenSchema } from './accounts.forms.js';
import { activeSessionRoutes } from './active-sessions.routes.js';
import { changeEmail, changePassword, updateSettings } from './settings.js';
import { EmailPage, PasswordPage, SettingsPage, TokenCreatedPage, TokensPage } from './settings.views.js';
import { createApiToken, presentToken } from './tokens.js';
import { listApiTokens, revokeApiToken } from './tokens.queries.js';

/** The signed-in user's settings: profile, preferences, password, email and personal access tokens. */
export const settingsRoutes = new Hono<AppEnv>();
settingsRoutes.route('/', activeSessionRoutes);

// The API twin (POST /api/v1/tokens) also asks for a login; here the session already proves who it is.
const tokenNameSchema = tokenSchema.pick({ name: true });

settingsRoutes.get('/settings', (c) => {
  const user = requireUser(c);
  return c.html(<SettingsPage ctx={pageContext(c)} user={user} />);
});

settingsRoutes.post('/settings/profile', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      await updateSettings(c.get('services').db, user, { display_name: form.display_name, bio: form.bio });
      return redirectWithFlash(c, '/settings', 'Your profile has been saved.');
    },
    (errors) => c.html(<SettingsPage ctx={pageContext(c)} user={user} profile={{ values: form, errors }} />, 422),
  );
});

settingsRoutes.post('/settings/preferences', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      // An unticked checkbox is simply absent from the form.
      await updateSettings(c.get('services').db, user, { time_zone: form.time_zone, view_adult: form.view_adult !== undefined, history_enabled: form.history_enabled !== undefined, ...(form.email_frequency !== undefined ? { email_frequency: form.email_frequency } : {}) });
      return redirectWithFlash(c, '/settings', 'Your preferences have been saved.');
    },
    (errors) => c.html(<SettingsPage ctx={pageContext(c)} user={user} preferences={{ values: form, errors }} />, 422),
  );
});

settingsRoutes.get('/settings/password', (c) => {
  requireUser(c);
  return c.html(<PasswordPage ctx={pageContext(c)} form={emptyForm} />);
});

settingsRoutes.post('/settings/password', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      await changePassword(c.get('services').db, c.get('services').config, user, form, currentSessionHash(c));
      return redirectWithFlash(c, '/settings', 'Your password has been changed, and your other sessions have been signed out.');
    },
    (errors) => c.html(<PasswordPage ctx={pageContext(c)} form={{ values: form, errors }} />, 422),
  );
});

settingsRoutes.get('/settings/email', (c) => {
  const user = requireUser(c);
  return c.html(<EmailPage ctx={pageContext(c)} form={emptyForm} currentEmail={user.email} />);
});

settingsRoutes.post('/settings/email', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      await changeEmail(c.get('services').db, c.get('services').config, user, form);
      return redirectWithFlash(c, '/settings', 'Your email address has been changed.');
    },
    (errors) => c.html(<EmailPage ctx={pageContext(c)} form={{ values: form, errors }} currentEmail={user.email} />, 422),
  );
});

settingsRoutes.get('/settings/tokens', async (c) => {
  const user = requireUser(c);
  const rows = await listApiTokens(c.get('services').db, user.id);
  return c.html(<TokensPage ctx={pageContext(c)} tokens={rows.map(presentToken)} form={emptyForm} timeZone={user.time_zone} />);
});

settingsRoutes.post('/settings/tokens', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const { name } = validate(tokenNameSchema, form);
      const { token, row } = await createApiToken(db, user.id, name);
      // No redirect here: the secret exists only in this response, so it is rendered directly and never cached.
      c.header('Cache-Control', 'no-store');
      return c.html(<TokenCreatedPage ctx={pageContext(c)} name={row.name} token={token} baseUrl={config.baseUrl} />);
    },
    async (errors) => {
      const rows = await listApiTokens(db, user.id);
      return c.html(<TokensPage ctx={pageContext(c)} tokens={rows.map(presentToken)} form={{ values: form, errors }} timeZone={user.time_zone} />, 422);
    },
  );
});

settingsRoutes.post('/settings/tokens/:id/revoke', async (c) => {
  const user = requireUser(c);
  const id = idParam(c.req.param('id'), 'token');
  if (!(await revokeApiToken(c.get('services').db, user.id, id, now()))) throw NotFound('token');
  return redirectWithFlash(c, '/settings/tokens', 'The token has been revoked: programs using it can no longer sign in.');
});
