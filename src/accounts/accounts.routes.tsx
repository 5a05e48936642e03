import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { RegistrationClosed } from '../http/errors.js';
import { onInvalid } from '../http/auth.js';
import { readForm } from '../http/forms.js';
import { answerBot, honeypotFilled } from '../http/honeypot.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext, safeReturnPath } from '../http/page-context.js';
import { endSession, startSession } from '../http/session.js';
import { clientIp } from '../http/client-ip.js';
import { authenticate, registerUser } from './accounts.js';
import { LoginPage, SignupPage } from './accounts.views.js';
import { usableInvitation } from '../invitations/invitations.js';
import { InviteOnlySignupPage } from '../invitations/invitations.views.js';
import { hasNoAdmin } from './users.queries.js';
import { setAppCookie } from '../http/cookies.js';
import { hasTwoFactor, pendingLoginCookie } from './two-factor.js';
import { PENDING_LOGIN_COOKIE } from './two-factor.routes.js';

/** Sign up, log in and log out pages. */
export const accountRoutes = new Hono<AppEnv>();

accountRoutes.get('/signup', async (c) => {
  const { db } = c.get('services');
  const settings = c.get('settings');
  if (settings.registration === 'closed') throw RegistrationClosed();
  const invitation = c.req.query('invitation')?.trim() || undefined;
  if (settings.registration === 'invite_only') {
    // Without a link the page explains and points to the queue; a used or expired link says so (403).
    if (!invitation && !(await hasNoAdmin(db))) return c.html(<InviteOnlySignupPage ctx={pageContext(c)} />);
    if (invitation) await usableInvitation(db, invitation);
  }
  return c.html(<SignupPage ctx={pageContext(c)} form={{ values: {}, errors: {} }} firstAccount={await hasNoAdmin(db)} invitation={settings.registration === 'invite_only' ? invitation : undefined} />);
});

accountRoutes.post('/signup', async (c) => {
  const { db, config } = c.get('services');
  const form = await readForm(c);
  const settings = c.get('settings');
  // A bot is told it succeeded (src/http/honeypot.ts), and no account is made.
  if (honeypotFilled(form)) return answerBot(c, '/', 'Welcome! Your account is ready.');
  return onInvalid(
    async () => {
      const user = await registerUser(db, config, form, { settings, signupIp: clientIp(c) });
      await startSession(c, user);
      return redirectWithFlash(c, '/', `Welcome, ${user.username}! Your account is ready.`);
    },
    async (errors) => c.html(<SignupPage ctx={pageContext(c)} form={{ values: form, errors }} firstAccount={await hasNoAdmin(db)} invitation={settings.registration === 'invite_only' ? form.invitation : undefined} />, 422),
  );
});

accountRoutes.get('/login', (c) => {
  const returnTo = safeReturnPath(c.req.query('return_to'));
  if (c.get('user')) return c.redirect(returnTo, 303);
  return c.html(<LoginPage ctx={pageContext(c)} form={{ values: {}, errors: {} }} returnTo={returnTo} />);
});

accountRoutes.post('/login', async (c) => {
  const { db, config } = c.get('services');
  const form = await readForm(c);
  const returnTo = safeReturnPath(form.return_to);
  if (honeypotFilled(form)) return answerBot(c, returnTo, 'Logged in.');
  return onInvalid(
    async () => {
      const user = await authenticate(db, config, form, clientIp(c));
      if (await hasTwoFactor(db, user.id)) {
        // No session yet: only a signed, five-minute cookie saying the password was right.
        setAppCookie(c, PENDING_LOGIN_COOKIE, pendingLoginCookie(c.get('services').secret, user), 300);
        return c.redirect(`/login/two-factor?return_to=${encodeURIComponent(returnTo)}`, 303);
      }
      await startSession(c, user);
      return redirectWithFlash(c, returnTo, `Logged in as ${user.username}.`);
    },
    (errors) => c.html(<LoginPage ctx={pageContext(c)} form={{ values: form, errors }} returnTo={returnTo} />, 422),
  );
});

accountRoutes.post('/logout', async (c) => {
  await endSession(c);
  return redirectWithFlash(c, '/', 'You have logged out.');
});
