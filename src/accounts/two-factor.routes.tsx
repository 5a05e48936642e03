import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { onInvalid, requireUser } from '../http/auth.js';
import { clearAppCookie } from '../http/cookies.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext, safeReturnPath } from '../http/page-context.js';
import { startSession } from '../http/session.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import {
  beginTwoFactorSetup,
  checkSecondFactor,
  confirmTwoFactorSetup,
  disableTwoFactor,
  pendingLoginMatches,
  pendingTwoFactorSetup,
  readPendingLogin,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from './two-factor.js';
import { LoginCodePage, RecoveryCodesPage, TwoFactorPage } from './two-factor.views.js';
import { findUserById } from './users.queries.js';

/** The cookie carrying a sign-in whose password was right and whose code is still to come (see pendingLoginCookie). */
export const PENDING_LOGIN_COOKIE = 'ch_2fa';

/** Two-factor settings (/settings/two-factor) and the second sign-in step (/login/two-factor). */
export const twoFactorRoutes = new Hono<AppEnv>();

twoFactorRoutes.get('/settings/two-factor', async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const status = await twoFactorStatus(db, user.id);
  const setup = status.enabled ? undefined : await pendingTwoFactorSetup(db, config, secret, user);
  c.header('Cache-Control', 'no-store');
  return c.html(<TwoFactorPage ctx={pageContext(c)} {...status} setup={setup} />);
});

twoFactorRoutes.post('/settings/two-factor/setup', async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const setup = await beginTwoFactorSetup(db, config, secret, user);
  c.header('Cache-Control', 'no-store');
  return c.html(<TwoFactorPage ctx={pageContext(c)} enabled={false} recoveryCodesLeft={0} setup={setup} />);
});

twoFactorRoutes.post('/settings/two-factor/confirm', async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const form = await readForm(c);
  c.header('Cache-Control', 'no-store');
  return onInvalid(
    async () => {
      const codes = await confirmTwoFactorSetup(db, config, secret, user, form);
      return c.html(<RecoveryCodesPage ctx={pageContext(c)} codes={codes} />);
    },
    async (errors) => {
      const setup = await pendingTwoFactorSetup(db, config, secret, user);
      return c.html(<TwoFactorPage ctx={pageContext(c)} enabled={false} recoveryCodesLeft={0} setup={setup} confirmForm={{ values: {}, errors }} />, 422);
    },
  );
});

async function rerenderEnabled(c: Context<AppEnv>, forms: { disableForm?: FormState; regenerateForm?: FormState }) {
  const user = requireUser(c);
  const status = await twoFactorStatus(c.get('services').db, user.id);
  return c.html(<TwoFactorPage ctx={pageContext(c)} {...status} {...forms} />, 422);
}

twoFactorRoutes.post('/settings/two-factor/recovery-codes', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const form = await readForm(c);
  c.header('Cache-Control', 'no-store');
  return onInvalid(
    async () => c.html(<RecoveryCodesPage ctx={pageContext(c)} codes={await regenerateRecoveryCodes(db, config, user, form)} />),
    (errors) => rerenderEnabled(c, { regenerateForm: { values: {}, errors } }),
  );
});

twoFactorRoutes.post('/settings/two-factor/disable', async (c) => {
  const user = requireUser(c);
  const { db, config, secret } = c.get('services');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      await disableTwoFactor(db, config, secret, user, form);
      return redirectWithFlash(c, '/settings/two-factor', 'Two-factor sign-in is now off.');
    },
    (errors) => rerenderEnabled(c, { disableForm: { values: {}, errors } }),
  );
});

/** The user a pending sign-in cookie names, when it is valid; otherwise undefined (and the cookie is cleared). */
async function pendingUser(c: Context<AppEnv>) {
  const { db, secret } = c.get('services');
  const pending = readPendingLogin(getCookie(c, PENDING_LOGIN_COOKIE));
  const user = pending ? await findUserById(db, pending.userId) : undefined;
  if (pending && user && pendingLoginMatches(secret, user, pending)) return user;
  clearAppCookie(c, PENDING_LOGIN_COOKIE);
  return undefined;
}

twoFactorRoutes.get('/login/two-factor', async (c) => {
  const returnTo = safeReturnPath(c.req.query('return_to'));
  if (!(await pendingUser(c))) return redirectWithFlash(c, `/login?return_to=${encodeURIComponent(returnTo)}`, 'Your sign-in timed out. Log in again.');
  return c.html(<LoginCodePage ctx={pageContext(c)} form={emptyForm} returnTo={returnTo} />);
});

twoFactorRoutes.post('/login/two-factor', async (c) => {
  const { db, config, secret } = c.get('services');
  const form = await readForm(c);
  const returnTo = safeReturnPath(form.return_to);
  const user = await pendingUser(c);
  if (!user) return redirectWithFlash(c, `/login?return_to=${encodeURIComponent(returnTo)}`, 'Your sign-in timed out. Log in again.');
  return onInvalid(
    async () => {
      await checkSecondFactor(db, config, secret, user, form.code ?? '');
      clearAppCookie(c, PENDING_LOGIN_COOKIE);
      await startSession(c, user);
      return redirectWithFlash(c, returnTo, `Logged in as ${user.username}.`);
    },
    (errors) => c.html(<LoginCodePage ctx={pageContext(c)} form={{ values: {}, errors }} returnTo={returnTo} />, 422),
  );
});
