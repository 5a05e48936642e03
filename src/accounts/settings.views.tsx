import type { User } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { Checkbox, Csrf, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../ui/forms.js';
import { formatDateTime } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { TIME_ZONES } from './accounts.forms.js';
import type { presentToken } from './tokens.js';

/** A token as its owner sees it in the list (never the secret). */
export type TokenListItem = Readonly<ReturnType<typeof presentToken>>;

function BackToSettings() {
  return (
    <p>
      <a href="/settings">Back to settings</a>
    </p>
  );
}

/** A stored UTC time in the reader's time zone, machine-readable in `datetime`. */
function Time({ at, timeZone }: { readonly at: string; readonly timeZone: string }) {
  return <time datetime={at}>{formatDateTime(at, timeZone)}</time>;
}

export interface SettingsPageProps {
  readonly ctx: PageContext;
  readonly user: User;
  /** The profile form as submitted, when it failed; otherwise filled from `user`. */
  readonly profile?: FormState;
  /** The preferences form as submitted, when it failed; otherwise filled from `user`. */
  readonly preferences?: FormState;
}

/** The settings page: profile, preferences, and links to the account pages. */
export function SettingsPage({ ctx, user, profile, preferences }: SettingsPageProps) {
  const profileForm = profile ?? { values: { display_name: user.display_name, bio: user.bio }, errors: {} };
  const preferencesForm = preferences ?? {
    values: { time_zone: user.time_zone, view_adult: user.view_adult === 1 ? '1' : undefined, history_enabled: user.history_enabled === 1 ? '1' : undefined, email_frequency: user.email_frequency },
    errors: {},
  };
  return (
    <Layout ctx={ctx} title="Settings">
      <section class="narrow">
        <h1>Settings</h1>
        <ErrorSummary errors={{ ...profileForm.errors, ...preferencesForm.errors }} />

        <section aria-labelledby="settings-profile">
          <h2 id="settings-profile">Profile</h2>
          <p class="muted">
            Shown to everyone on <a href={`/users/${encodeURIComponent(user.username)}`}>your author page</a>.
          </p>
          <form method="post" action="/settings/profile" novalidate>
            <Csrf token={ctx.csrfToken} />
            <TextField name="display_name" label="Display name" state={profileForm} maxlength={100} hint="Up to 100 characters. Leave it empty to go by your username." />
            <TextArea name="bio" label="Bio" state={profileForm} rows={6} maxlength={2000} hint="A few words about you, up to 2,000 characters." />
            <button type="submit" class="button primary">Save profile</button>
          </form>
        </section>

        <section aria-labelledby="settings-preferences">
          <h2 id="settings-preferences">Preferences</h2>
          <form method="post" action="/settings/preferences" novalidate>
            <Csrf token={ctx.csrfToken} />
            <SelectField name="time_zone" label="Time zone" state={preferencesForm} options={TIME_ZONES} hint="Dates and times are shown in this time zone." />
            <Checkbox
              name="view_adult"
              label="Show works rated Mature, Explicit or Not Rated without asking"
              checked={preferencesForm.values.view_adult !== undefined}
              hint="When this is off, you are asked to confirm before such a work opens."
            />
            <Checkbox
              name="history_enabled"
              label="Keep a reading history"
              checked={preferencesForm.values.history_enabled !== undefined}
              hint="Remembers the last chapter you read of each work, for your History page. Turning it off stops recording; clear what is kept on the History page."
            />
            <SelectField
              name="email_frequency"
              label="Notification email"
              state={preferencesForm}
              options={[['immediate', 'Immediately, one email per notification'], ['daily', 'A daily digest'], ['off', 'Off (inbox only)']]}
              hint="New chapters, works and series parts you subscribe to, and comments on your works. Sent only to a confirmed address."
            />
            <button type="submit" class="button primary">Save preferences</button>
          </form>
        </section>

        <section aria-labelledby="settings-account">
          <h2 id="settings-account">Account</h2>
          <p>
            You are signed in as <strong>{user.username}</strong>. Your email address is <strong>{user.email}</strong>; it is never shown to other people.
          </p>
          <ul class="settings-links">
            <li>
              <a href="/settings/password">Change your password</a>
            </li>
            <li>
              <a href="/settings/email">Change your email address</a>
            </li>
            <li>
              <a href="/settings/two-factor">Two-factor sign-in</a> with an authenticator app
            </li>
            <li>
              <a href="/settings/sessions">Active sessions</a>: where you are signed in
            </li>
            <li>
              <a href="/settings/tokens">Personal access tokens</a> for programs that use the API
            </li>
            <li>
              <a href="/settings/blocked">Blocked accounts</a> and <a href="/settings/muted">muted accounts</a>
            </li>
            <li>
              <a href="/saved-searches">Saved searches</a> and <a href="/subscriptions">subscriptions</a>: searches, tags, works and authors you follow
            </li>
            <li>
              <a href="/settings/exclusions">Excluded tags</a>: tags whose works you never want to see
            </li>
            <li>
              <a href="/invitations">Invitations</a>: invite friends to the archive
            </li>
            <li>
              <a href="/settings/export">Your data</a>: download everything that is yours, or import it from another archive
            </li>
            <li>
              <a href="/settings/delete-account">Delete your account</a>
            </li>
          </ul>
        </section>
      </section>
    </Layout>
  );
}

export interface PasswordPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
}

/** The change-password form. */
export function PasswordPage({ ctx, form }: PasswordPageProps) {
  return (
    <Layout ctx={ctx} title="Change password">
      <section class="narrow">
        <h1>Change password</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/settings/password" novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="current_password" label="Current password" type="password" state={form} required autocomplete="current-password" />
          <TextField
            name="new_password"
            label="New password"
            type="password"
            state={form}
            required
            autocomplete="new-password"
            hint="At least 10 characters. Your other sessions will be signed out; this one stays signed in."
          />
          <button type="submit" class="button primary">Change password</button>
        </form>
        <BackToSettings />
      </section>
    </Layout>
  );
}

export interface EmailPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly currentEmail: string;
}

/** The change-email form. */
export function EmailPage({ ctx, form, currentEmail }: EmailPageProps) {
  return (
    <Layout ctx={ctx} title="Change email address">
      <section class="narrow">
        <h1>Change email address</h1>
        <p>
          Your email address is <strong>{currentEmail}</strong>.
        </p>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/settings/email" novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="email" label="New email address" type="email" state={form} required autocomplete="email" hint="Never shown to other people." />
          <TextField name="current_password" label="Current password" type="password" state={form} required autocomplete="current-password" hint="To confirm it is you." />
          <button type="submit" class="button primary">Change email address</button>
        </form>
        <BackToSettings />
      </section>
    </Layout>
  );
}

export interface TokensPageProps {
  readonly ctx: PageContext;
  readonly tokens: readonly TokenListItem[];
  readonly form: FormState;
  /** The reader's time zone, for the created and last-used times. */
  readonly timeZone: string;
}

/** Personal access tokens: the create form and the list, each active token with a Revoke button. */
export function TokensPage({ ctx, tokens, form, timeZone }: TokensPageProps) {
  return (
    <Layout ctx={ctx} title="Personal access tokens">
      <section class="narrow">
        <h1>Personal access tokens</h1>
        <p>
          A token lets a program use the <a href="/api/v1/openapi.json">API</a> as you, without your password. Treat it like a password: anyone who has it can act
          as you until you revoke it.
        </p>

        <section aria-labelledby="tokens-create">
          <h2 id="tokens-create">Create a token</h2>
          <ErrorSummary errors={form.errors} />
          <form method="post" action="/settings/tokens" novalidate>
            <Csrf token={ctx.csrfToken} />
            <TextField name="name" label="Token name" state={form} required maxlength={100} hint="So you can recognise it later, for example “Backup script on my laptop”." />
            <button type="submit" class="button primary">Create token</button>
          </form>
        </section>

        <section aria-labelledby="tokens-list">
          <h2 id="tokens-list">Your tokens</h2>
          {tokens.length === 0 ? (
            <p class="muted">You have no tokens yet.</p>
          ) : (
            <div class="table-scroll" tabindex={0} role="region" aria-label="Your access tokens">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Token</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr>
                      <th scope="row">{token.name}</th>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td>
                        <Time at={token.created_at} timeZone={timeZone} />
                      </td>
                      <td>{token.last_used_at ? <Time at={token.last_used_at} timeZone={timeZone} /> : <span class="muted">Never</span>}</td>
                      <td>{token.revoked ? 'Revoked' : 'Active'}</td>
                      <td>
                        {token.revoked ? null : (
                          <form method="post" action={`/settings/tokens/${token.id}/revoke`} class="inline-form">
                            <Csrf token={ctx.csrfToken} />
                            <button type="submit" class="button danger" data-confirm={`Revoke “${token.name}”? Programs using it will stop working.`}>
                              Revoke<span class="visually-hidden"> token “{token.name}”</span>
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <BackToSettings />
      </section>
    </Layout>
  );
}

export interface TokenCreatedPageProps {
  readonly ctx: PageContext;
  readonly name: string;
  /** The secret, shown on this page only: the archive keeps just its hash. */
  readonly token: string;
  readonly baseUrl: string;
}

/** Shows a newly created token, once, with an example of its use. */
export function TokenCreatedPage({ ctx, name, token, baseUrl }: TokenCreatedPageProps) {
  return (
    <Layout ctx={ctx} title="Token created">
      <section class="narrow">
        <h1>Token created</h1>
        <p class="callout" role="status">
          Copy your new token now: <strong>it will not be shown again.</strong> If you lose it, revoke it and create another.
        </p>
        <div class="field">
          <label for="new-token">Token “{name}”</label>
          <input id="new-token" class="token-value" type="text" readonly value={token} autocomplete="off" spellcheck={false} />
        </div>
        <h2>Try it</h2>
        <p>Send the token in the Authorization header of each API request:</p>
        <pre class="code-block">
          <code>{`curl -H "Authorization: Bearer ${token}" ${baseUrl}/api/v1/me`}</code>
        </pre>
        <p>
          <a href="/settings/tokens">Back to your tokens</a>
        </p>
      </section>
    </Layout>
  );
}
