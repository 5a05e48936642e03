import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { USERNAME_HOLD_DAYS } from './username-holds.js';

export const DELETE_ACCOUNT_PATH = '/settings/delete-account';

export interface DeleteAccountPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  /** How many undeleted works the account is credited on. */
  readonly workCount: number;
}

/** Leaving: offers the export first, then asks what happens to the works and for the password. */
export function DeleteAccountPage({ ctx, form, workCount }: DeleteAccountPageProps) {
  const choice = form.values.works;
  const worksError = form.errors.works;
  return (
    <Layout ctx={ctx} title="Delete your account">
      <section class="narrow">
        <h1>Delete your account</h1>
        <ErrorSummary errors={form.errors} />
        <div class="leaving-export">
          <h2>Before you go</h2>
          <p>
            <a href="/settings/export">Download your data</a> first: a zip of your works, series, comments, bookmarks and everything else, which you can import into
            another Chapterhouse archive. Once your account is deleted, it cannot be undone.
          </p>
        </div>
        <h2>What is deleted</h2>
        <ul>
          <li>At once: your email address, password, profile, reading history, subscriptions, bookmarks, excluded tags, saved searches, blocks and mutes, notifications, exports, sessions and access tokens.</li>
          <li>Your comments stay in their threads, credited to “Deleted account”. Your kudos stay counted, without your name.</li>
          <li>Your username stays reserved for {USERNAME_HOLD_DAYS} days, then anyone may take it.</li>
        </ul>
        <form method="post" action={DELETE_ACCOUNT_PATH} novalidate>
          <Csrf token={ctx.csrfToken} />
          <fieldset class={worksError ? 'field field-error' : 'field'} aria-describedby={worksError ? 'error-works' : undefined}>
            <legend>
              Your works ({workCount === 1 ? '1 work' : `${workCount} works`})<span class="required"> (required)</span>
            </legend>
            {worksError ? (
              <p class="error" id="error-works">
                {worksError}
              </p>
            ) : null}
            <div class="radio">
              <input type="radio" id="field-works" name="works" value="orphan" checked={choice === 'orphan'} aria-describedby="hint-works-orphan" />
              <label for="field-works">Orphan them</label>
              <p class="hint" id="hint-works-orphan">
                They stay readable, credited to “orphan_account” instead of you, and no one but the archive’s administrators can change them.
              </p>
            </div>
            <div class="radio">
              <input type="radio" id="field-works-delete" name="works" value="delete" checked={choice === 'delete'} aria-describedby="hint-works-delete" />
              <label for="field-works-delete">Delete them</label>
              <p class="hint" id="hint-works-delete">
                Your works and series disappear from the archive (their pages say they were deleted).
              </p>
            </div>
            <p class="hint">Works you share with co-authors stay with them either way, without your name.</p>
          </fieldset>
          <TextField name="password" label="Your password" type="password" autocomplete="current-password" state={{ values: {}, errors: form.errors }} required />
          <button type="submit" class="button danger">Delete my account</button>
        </form>
        <p>
          <a href="/settings">Back to settings</a>
        </p>
      </section>
    </Layout>
  );
}
