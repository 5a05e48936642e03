import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { Honeypot } from '../ui/honeypot.js';
import { Layout } from '../ui/layout.js';

export interface SignupPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly firstAccount: boolean;
  /** The invitation token the form carries while registration is invite-only. */
  readonly invitation?: string | undefined;
}

/** The sign-up form. */
export function SignupPage({ ctx, form, firstAccount, invitation }: SignupPageProps) {
  return (
    <Layout ctx={ctx} title="Sign up">
      <section class="narrow">
        <h1>Create an account</h1>
        {firstAccount ? <p class="callout">This archive has no administrator yet: the account you create now will be its administrator.</p> : null}
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/signup" novalidate>
          <Csrf token={ctx.csrfToken} />
          <Honeypot />
          {invitation !== undefined ? <input type="hidden" name="invitation" value={invitation} /> : null}
          <TextField name="username" label="Username" state={form} required autocomplete="username" maxlength={40} hint="3 to 40 letters, digits, _ or -. Shown on your works." />
          <TextField name="email" label="Email" type="email" state={form} required autocomplete="email" hint="Never shown to other people." />
          <TextField name="password" label="Password" type="password" state={form} required autocomplete="new-password" hint="At least 10 characters." />
          <button type="submit" class="button primary">Create account</button>
        </form>
        <p>
          Already have an account? <a href="/login">Log in</a>.
        </p>
      </section>
    </Layout>
  );
}

export interface LoginPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly returnTo: string;
}

/** The log-in form. */
export function LoginPage({ ctx, form, returnTo }: LoginPageProps) {
  return (
    <Layout ctx={ctx} title="Log in">
      <section class="narrow">
        <h1>Log in</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/login" novalidate>
          <Csrf token={ctx.csrfToken} />
          <Honeypot />
          <input type="hidden" name="return_to" value={returnTo} />
          <TextField name="login" label="Username or email" state={form} required autocomplete="username" />
          <TextField name="password" label="Password" type="password" state={form} required autocomplete="current-password" />
          <button type="submit" class="button primary">Log in</button>
        </form>
        <p>
          <a href="/password-reset">Forgot your password?</a>
        </p>
        {ctx.registrationOpen ? (
          <p>
            New here? <a href="/signup">Create an account</a>.
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
