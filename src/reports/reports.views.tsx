import type { PageContext } from '../http/page-context.js';
import { Honeypot } from '../ui/honeypot.js';
import { Csrf, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { ReportTarget } from './report-targets.js';
import { CATEGORY_LABELS, DESCRIPTION_MAX, REPORT_CATEGORIES, type ReportTargetType } from './reports.forms.js';

// The public side of reports: the form and the acknowledgement. Neither says anything about other reports.

/** The link to report something, for the pages that show it: small and out of the way. */
export function ReportLink({ type, id, label = 'Report' }: { readonly type: ReportTargetType; readonly id: number; readonly label?: string }) {
  return (
    <a class="report-link" href={`/reports/new?target_type=${type}&target_id=${id}`} rel="nofollow">
      {label}
    </a>
  );
}

/** What is being reported: its title, an excerpt and a link, so the reporter can check they picked the right thing. */
export function TargetPreview({ target, headingLevel = 2 }: { readonly target: ReportTarget; readonly headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="report-target" aria-labelledby="report-target-title">
      <Heading id="report-target-title">
        <span class="muted">{target.noun[0]!.toUpperCase() + target.noun.slice(1)}:</span> <a href={target.path}>{target.title}</a>
      </Heading>
      {target.excerpt ? <p class="report-excerpt preserve" dir="auto">{target.excerpt}</p> : null}
    </section>
  );
}

const CATEGORY_OPTIONS: readonly (readonly [string, string])[] = [['', 'Choose a category'], ...REPORT_CATEGORIES.map((c) => [c, CATEGORY_LABELS[c]] as const)];

export interface ReportFormPageProps {
  readonly ctx: PageContext;
  readonly target: ReportTarget;
  readonly form: FormState;
}

/** /reports/new: report a work, chapter, comment, series or account. */
export function ReportFormPage({ ctx, target, form }: ReportFormPageProps) {
  const guest = ctx.user === undefined;
  return (
    <Layout ctx={ctx} title={`Report ${article(target.noun)} ${target.noun}`}>
      <section class="narrow report-form-page">
        <h1>Report {article(target.noun)} {target.noun}</h1>
        <TargetPreview target={target} />
        <p>
          Tell the moderators what is wrong. They read every report; the person you report is never told who reported them.
        </p>
        <ErrorSummary errors={form.errors} />
        <form method="post" action="/reports/new" class="report-form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="target_type" value={target.type} />
          <input type="hidden" name="target_id" value={String(target.id)} />
          <SelectField name="category" label="What is the problem?" state={form} options={CATEGORY_OPTIONS} required />
          <TextArea
            name="description"
            label="Details"
            state={form}
            rows={8}
            maxlength={DESCRIPTION_MAX}
            required
            hint={`What is wrong, and where (a chapter, a paragraph)? Up to ${DESCRIPTION_MAX.toLocaleString('en')} characters, plain text.`}
          />
          {guest ? (
            <TextField
              name="email"
              label="Your email address"
              type="email"
              autocomplete="email"
              maxlength={254}
              state={form}
              required
              hint="We send you an acknowledgement, and may write if we need to know more. It is shown to moderators only."
            />
          ) : null}
          <Honeypot />
          <div class="form-actions">
            <button type="submit" class="button primary">Send report</button>
            <a href={target.path}>Cancel</a>
          </div>
        </form>
      </section>
    </Layout>
  );
}

/** /reports/received: the acknowledgement after a report. */
export function ReportReceivedPage({ ctx, target }: { readonly ctx: PageContext; readonly target: ReportTarget | undefined }) {
  return (
    <Layout ctx={ctx} title="Report received">
      <section class="narrow report-received">
        <h1>Thank you: your report was received</h1>
        <p>
          The moderators will look at it{target ? <> (about the {target.noun} <a href={target.path}>{target.title}</a>)</> : null}. We sent an acknowledgement to your email address.
        </p>
        <p>The person you reported is not told who reported them.</p>
        <p>
          <a href={target?.path ?? '/'}>{target ? `Back to the ${target.noun}` : 'Back to the front page'}</a>
        </p>
      </section>
    </Layout>
  );
}

/** "a" or "an" before a target's noun (work, chapter, comment, series, account). */
function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}
