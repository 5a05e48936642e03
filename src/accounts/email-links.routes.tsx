import { Hono } from 'hono';
import { onInvalid } from '../http/auth.js';
import { clientIp } from '../http/client-ip.js';
import type { AppEnv } from '../http/env.js';
import { readForm } from '../http/forms.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext, type PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { confirmEmail, requestPasswordReset, resetLinkIsLive, resetPassword } from './email-links.js';

/** Links sent by email: confirming an address, and resetting a forgotten password. */
export const emailLinkRoutes = new Hono<AppEnv>();

function MessagePage({ ctx, title, message }: { readonly ctx: PageContext; readonly title: string; readonly message: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <section class="narrow">
        <h1>{title}</h1>
        <p>{message}</p>
      </section>
    </Layout>
  );
}

function ResetRequestPage({ ctx, form }: { readonly ctx: PageContext; readonly form: FormState }) {
  return (
    <Layout ctx={ctx} title="Reset your password">
      <section class="narrow">
        <h1>Reset your password</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/password-reset" novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="email" label="Email address" type="email" autocomplete="email" state={form} required />
          <button type="submit" class="button primary">Email me a link</button>
        </form>
      </section>
    </Layout>
  );
}

function NewPasswordPage({ ctx, token, form }: { readonly ctx: PageContext; readonly token: string; readonly form: FormState }) {
  return (
    <Layout ctx={ctx} title="Choose a new password">
      <section class="narrow">
        <h1>Choose a new password</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action={`/password-reset/${token}`} novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="password" label="New password" type="password" autocomplete="new-password" state={{ values: {}, errors: form.errors }} hint="At least 10 characters." required />
          <button type="submit" class="button primary">Set the new password</button>
        </form>
      </section>
    </Layout>
  );
}

const DEAD_LINK = 'This link has expired or was already used. You can ask for a new one.';

emailLinkRoutes.get('/confirm-email', async (c) => {
  const ok = await confirmEmail(c.get('services').db, c.req.query('token') ?? '');
  return c.html(<MessagePage ctx={pageContext(c)} title="Confirm your email address" message={ok ? 'Thank you: your email address is confirmed.' : 'This confirmation link has expired or was already used.'} />, ok ? 200 : 400);
});

emailLinkRoutes.get('/password-reset', (c) => c.html(<ResetRequestPage ctx={pageContext(c)} form={{ values: {}, errors: {} }} />));

emailLinkRoutes.post('/password-reset', async (c) => {
  const { db, config } = c.get('services');
  const form = await readForm(c);
  await requestPasswordReset(db, config, form.email ?? '', clientIp(c));
  return c.html(<MessagePage ctx={pageContext(c)} title="Check your email" message="If an account exists for that address, we sent it a link to choose a new password. The link works for one hour." />);
});

emailLinkRoutes.get('/password-reset/:token', async (c) => {
  const token = c.req.param('token');
  if (!(await resetLinkIsLive(c.get('services').db, token))) return c.html(<MessagePage ctx={pageContext(c)} title="Reset your password" message={DEAD_LINK} />, 400);
  return c.html(<NewPasswordPage ctx={pageContext(c)} token={token} form={{ values: {}, errors: {} }} />);
});

emailLinkRoutes.post('/password-reset/:token', async (c) => {
  const token = c.req.param('token');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      if (!(await resetPassword(c.get('services').db, c.get('services').config, token, { password: form.password ?? '' }))) return c.html(<MessagePage ctx={pageContext(c)} title="Reset your password" message={DEAD_LINK} />, 400);
      return redirectWithFlash(c, '/login', 'Your password has been changed and every session signed out. Log in with the new password.');
    },
    (errors) => c.html(<NewPasswordPage ctx={pageContext(c)} token={token} form={{ values: {}, errors }} />, 422),
  );
});
