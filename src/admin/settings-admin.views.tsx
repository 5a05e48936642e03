import type { PageContext } from '../http/page-context.js';
import { Checkbox, Csrf, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';

export const ADMIN_SETTINGS_PATH = '/admin/settings';

const REGISTRATION_OPTIONS = [
  ['open', 'Open: anyone may sign up'],
  ['invite_only', 'Invite-only: sign-up needs an invitation link'],
  ['closed', 'Closed: nobody may sign up'],
] as const;

const COMMENT_OPTIONS = [
  ['everyone', 'Everyone, guests included'],
  ['registered', 'Only people with an account'],
  ['none', 'Nobody (comments off)'],
] as const;

/** A checkbox whose state survives a failed submit (its value is '1' when ticked). */
function Toggle({ form, name, label, hint }: { readonly form: FormState; readonly name: string; readonly label: string; readonly hint: string }) {
  return <Checkbox name={name} label={label} checked={form.values[name] === '1'} hint={hint} />;
}

/** /admin/settings: every site setting in one form, saved without a restart. */
export function SiteSettingsPage({ ctx, form }: { readonly ctx: PageContext; readonly form: FormState }) {
  return (
    <Layout ctx={ctx} title="Site settings">
      <section class="form-page">
        <h1>Site settings</h1>
        <p>Changes apply at once, on every page, and are written to the <a href="/admin/audit">audit log</a>.</p>
        <ErrorSummary errors={form.errors} />
        <form method="post" action={ADMIN_SETTINGS_PATH} novalidate>
          <Csrf token={ctx.csrfToken} />
          <fieldset>
            <legend>The archive</legend>
            <TextField name="site_name" label="Site name" state={form} required maxlength={80} hint="Shown in the header, page titles, feeds and emails." />
            <TextArea name="site_description" label="Description" state={form} rows={3} maxlength={500} hint="Shown on the home page. Up to 500 characters." />
          </fieldset>
          <fieldset>
            <legend>Accounts</legend>
            <SelectField name="registration" label="Registration" state={form} options={REGISTRATION_OPTIONS} hint="Invite-only opens the invitation queue at /invite-requests." />
            <TextField name="invitations_per_account" label="Invitations per new account" type="number" state={form} required hint="How many friends a new account may invite (0 to 100). Administrators have no limit." />
            <TextField name="invitation_days" label="Invitation validity (days)" type="number" state={form} required hint="How long an invitation link works (1 to 365 days)." />
            <Toggle form={form} name="require_staff_two_factor" label="Require two-factor sign-in for staff" hint="Administrators and moderators must turn on two-factor sign-in before using their powers." />
          </fieldset>
          <fieldset>
            <legend>Comments</legend>
            <Toggle form={form} name="guest_comments" label="Guests may comment" hint="When off, nobody without an account can comment anywhere, whatever a work allows." />
            <SelectField name="default_comment_permission" label="Default comment permission for new works" state={form} options={COMMENT_OPTIONS} />
            <Toggle form={form} name="hold_first_link_comments" label="Hold new accounts’ first comments with links" hint="They wait for a moderator before anyone else sees them." />
          </fieldset>
          <fieldset>
            <legend>Works</legend>
            <Toggle form={form} name="downloads_enabled" label="Downloads" hint="When off, EPUB and HTML downloads and OPDS acquisition links are gone." />
            <TextArea
              name="archive_warnings"
              label="Archive warnings"
              state={form}
              rows={7}
              required
              hint="One per line, 1 to 30. Authors choose from these; works keep the warnings they already have."
            />
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button primary">Save settings</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
