import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';

function BackToSettings() {
  return (
    <p>
      <a href="/settings">Back to settings</a>
    </p>
  );
}

export interface TwoFactorPageProps {
  readonly ctx: PageContext;
  readonly enabled: boolean;
  readonly recoveryCodesLeft: number;
  /** The setup under way (secret and otpauth URI), shown until a code confirms it. */
  readonly setup?: { readonly secret: string; readonly uri: string } | undefined;
  readonly confirmForm?: FormState;
  readonly disableForm?: FormState;
  readonly regenerateForm?: FormState;
}

/** Two-factor sign-in settings: set up, or (when on) recovery codes and switching it off. */
export function TwoFactorPage({ ctx, enabled, recoveryCodesLeft, setup, confirmForm, disableForm, regenerateForm }: TwoFactorPageProps) {
  const confirm = confirmForm ?? { values: {}, errors: {} };
  const disable = disableForm ?? { values: {}, errors: {} };
  const regenerate = regenerateForm ?? { values: {}, errors: {} };
  return (
    <Layout ctx={ctx} title="Two-factor sign-in">
      <section class="narrow two-factor">
        <h1>Two-factor sign-in</h1>
        <ErrorSummary errors={{ ...confirm.errors, ...disable.errors, ...regenerate.errors }} />
        {enabled ? (
          <>
            <p>Two-factor sign-in is <strong>on</strong>. Signing in asks for your password and a code from your authenticator app.</p>
            <p class="muted">Personal access tokens for the API are not affected: a token is already a separate secret of its own.</p>
            <section aria-labelledby="two-factor-recovery">
              <h2 id="two-factor-recovery">Recovery codes</h2>
              <p>
                You have {recoveryCodesLeft} unused recovery {recoveryCodesLeft === 1 ? 'code' : 'codes'} left. New codes replace all the old ones.
              </p>
              <form method="post" action="/settings/two-factor/recovery-codes" novalidate>
                <Csrf token={ctx.csrfToken} />
                <TextField name="password" label="Password" type="password" state={regenerate} required autocomplete="current-password" />
                <button type="submit" class="button">Make new recovery codes</button>
              </form>
            </section>
            <section aria-labelledby="two-factor-disable">
              <h2 id="two-factor-disable">Switch off</h2>
              <form method="post" action="/settings/two-factor/disable" novalidate>
                <Csrf token={ctx.csrfToken} />
                <TextField name="current_password" label="Password" type="password" state={disable} required autocomplete="current-password" />
                <TextField name="code" label="Code from your app, or a recovery code" state={disable} required autocomplete="one-time-code" />
                <button type="submit" class="button">Switch off two-factor sign-in</button>
              </form>
            </section>
          </>
        ) : setup ? (
          <>
            <p>Add this account to your authenticator app, then type the six-digit code it shows.</p>
            <dl class="two-factor-secret">
              <dt>Secret key (type it in)</dt>
              <dd>
                <code>{setup.secret}</code>
              </dd>
              <dt>Setup link (for apps that open otpauth links)</dt>
              <dd>
                <a href={setup.uri}>
                  <code>{setup.uri}</code>
                </a>
              </dd>
            </dl>
            <form method="post" action="/settings/two-factor/confirm" novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextField name="code" label="Code from your app" state={confirm} required autocomplete="one-time-code" inputmode="numeric" maxlength={6} />
              <button type="submit" class="button primary">Switch on</button>
            </form>
          </>
        ) : (
          <>
            <p>Two-factor sign-in is <strong>off</strong>. With it on, signing in also asks for a code from an authenticator app on your phone.</p>
            <form method="post" action="/settings/two-factor/setup">
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="button primary">Set up two-factor sign-in</button>
            </form>
          </>
        )}
        <BackToSettings />
      </section>
    </Layout>
  );
}

/** The recovery codes, shown once right after they are made. */
export function RecoveryCodesPage({ ctx, codes }: { readonly ctx: PageContext; readonly codes: readonly string[] }) {
  return (
    <Layout ctx={ctx} title="Your recovery codes">
      <section class="narrow two-factor">
        <h1>Your recovery codes</h1>
        <p>Two-factor sign-in is on. Keep these codes somewhere safe: each one signs you in once if you lose your phone. They are shown only now.</p>
        <ul class="recovery-codes">
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <a href="/settings/two-factor">Done</a>
        </p>
      </section>
    </Layout>
  );
}

/** The second sign-in step: the code from the app, or a recovery code. */
export function LoginCodePage({ ctx, form, returnTo }: { readonly ctx: PageContext; readonly form: FormState; readonly returnTo: string }) {
  return (
    <Layout ctx={ctx} title="Enter your code">
      <section class="narrow">
        <h1>Enter your code</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/login/two-factor" novalidate>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="return_to" value={returnTo} />
          <TextField name="code" label="Code from your authenticator app" state={form} required autocomplete="one-time-code" hint="Lost your phone? Enter one of your recovery codes instead." />
          <button type="submit" class="button primary">Log in</button>
        </form>
      </section>
    </Layout>
  );
}
