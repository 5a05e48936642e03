import { FeedHeadLink, FeedLink } from '../feeds/feed-links.js';
import type { Series } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { formatNumber } from '../ui/format.js';
import { Checkbox, Csrf, ErrorSummary, TextArea, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { AuthorLinks, WorkBlurb } from '../ui/work-blurb.js';
import type { WorkDetails } from '../works/work-details.js';
import type { SeriesPart } from './series.queries.js';
import { SubscribeButton } from '../subscriptions/subscriptions.views.js';
import { SeriesDownloadLink } from '../downloads/downloads.views.js';
import { ReportLink } from '../reports/reports.views.js';
import { isStaff } from '../admin/roles.js';
import { HiddenNotice } from '../moderation/moderation.views.js';

export interface SeriesPageProps {
  readonly ctx: PageContext;
  readonly series: Series;
  readonly authors: readonly string[];
  readonly parts: readonly { readonly part: SeriesPart; readonly details: WorkDetails }[];
  /** Parts the reader excludes (src/exclusions): listed by number, marked hidden, not shown. */
  readonly hiddenWorkIds?: ReadonlySet<number>;
  readonly canEdit: boolean;
  /** Whether the signed-in reader subscribes to new parts. */
  readonly subscribed?: boolean;
  /** False when downloads are turned off in the site settings. */
  readonly downloads?: boolean;
}

/** A series: its description and its parts in reading order. */
export function SeriesPage({ ctx, series, authors, parts: allParts, canEdit, subscribed = false, hiddenWorkIds = new Set<number>(), downloads = true }: SeriesPageProps) {
  const parts = allParts.filter((p) => !hiddenWorkIds.has(p.part.work_id));
  const words = parts.reduce((sum, p) => sum + p.details.work.word_count, 0);
  return (
    <Layout ctx={ctx} title={series.title} head={<FeedHeadLink href={`/series/${series.id}/feed.atom`} title={`Series: ${series.title}`} />}>
      <section class="series-page">
        <h1>{series.title}</h1>
        <p class="byline">
          by <AuthorLinks names={authors} /> · <FeedLink href={`/series/${series.id}/feed.atom`} title={`Series: ${series.title}`} />
        </p>
        <HiddenNotice type="series" id={series.id} hiddenReason={series.hidden_reason} hidden={series.hidden_at !== null} own={ctx.user?.id === series.user_id} staff={isStaff(ctx.user)} label="this series" />
        {canEdit ? (
          <nav class="author-actions" aria-label="Series actions">
            <a class="button" href={`/series/${series.id}/edit`}>Edit series</a>
            <a class="button" href={`/works/new?series_id=${series.id}`}>Post the next part</a>
          </nav>
        ) : null}
        {parts.length && downloads ? <SeriesDownloadLink seriesId={series.id} /> : null}
        {ctx.user ? (
          <p class="work-actions">
            <a class="button" href={`/series/${series.id}/bookmark`}>Bookmark series</a>{' '}
            <SubscribeButton ctx={ctx} type="series" value={String(series.id)} subscribed={subscribed} label="this series" />
          </p>
        ) : null}
        <dl class="work-meta">
          {series.summary ? (
            <>
              <dt>Description</dt>
              <dd class="preserve">{series.summary}</dd>
            </>
          ) : null}
          {series.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="preserve">{series.notes}</dd>
            </>
          ) : null}
          <dt>Stats</dt>
          <dd>
            <dl class="stats">
              <dt>Works</dt>
              <dd>{parts.length}{allParts.length > parts.length ? ` (and ${allParts.length - parts.length} hidden by your exclusions)` : ''}</dd>
              <dt>Words</dt>
              <dd>{formatNumber(words)}</dd>
              <dt>Complete</dt>
              <dd>{series.complete ? 'Yes' : 'No'}</dd>
            </dl>
          </dd>
        </dl>
        <h2>Parts</h2>
        {allParts.length === 0 ? <p class="muted">No works in this series yet.</p> : null}
        <ol class="blurbs series-parts">
          {allParts.map(({ part, details }) => (
            <li>
              <p class="part-number">Part {part.position}</p>
              {hiddenWorkIds.has(part.work_id) ? <p class="muted part-hidden">(hidden by your exclusions)</p> : <WorkBlurb details={details} timeZone={ctx.user?.time_zone ?? 'UTC'} headingLevel={3} />}
            </li>
          ))}
        </ol>
        {!canEdit ? (
          <p class="report-actions">
            <ReportLink type="series" id={series.id} label="Report this series" />
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

export interface SeriesFormPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  /** Set when editing: the series and its parts in order. */
  readonly edit?: { readonly series: Series; readonly parts: readonly SeriesPart[] };
}

/** Create or edit a series; when editing, a number per part sets the reading order. */
export function SeriesFormPage({ ctx, form, edit }: SeriesFormPageProps) {
  const title = edit ? `Edit “${edit.series.title}”` : 'New series';
  return (
    <Layout ctx={ctx} title={title}>
      <section class="form-page">
        <h1>{title}</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action={edit ? `/series/${edit.series.id}/edit` : '/series'} novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="title" label="Series title" state={form} required maxlength={255} />
          <TextArea name="summary" label="Description" state={form} rows={4} hint="Up to 1,250 characters." />
          <TextArea name="notes" label="Notes" state={form} rows={3} hint="Up to 5,000 characters." />
          <Checkbox name="complete" label="This series is complete" checked={form.values.complete === '1'} />
          {edit && edit.parts.length ? (
            <fieldset id="field-works">
              <legend>Reading order</legend>
              {form.errors.works ? <p class="error">{form.errors.works}</p> : null}
              <table class="manage-table">
                <thead>
                  <tr>
                    <th scope="col">Part</th>
                    <th scope="col">Work</th>
                  </tr>
                </thead>
                <tbody>
                  {edit.parts.map((p) => (
                    <tr>
                      <td>
                        <label class="visually-hidden" for={`part-${p.work_id}`}>
                          Part number of {p.title}
                        </label>
                        <input class="order-input" id={`part-${p.work_id}`} name={`part_${p.work_id}`} type="number" min={1} max={edit.parts.length} value={String(p.position)} />
                      </td>
                      <td>
                        <a href={`/works/${p.work_id}`}>{p.title}</a>
                        {p.posted === 0 ? <span class="badge draft-badge">Draft</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          ) : null}
          <div class="form-actions">
            <button type="submit" class="button primary">{edit ? 'Save changes' : 'Create series'}</button>
            {edit ? (
              <>
                <a class="button" href={`/series/${edit.series.id}`}>Cancel</a>
                <a class="button danger" href={`/series/${edit.series.id}/delete`}>Delete series</a>
              </>
            ) : null}
          </div>
        </form>
      </section>
    </Layout>
  );
}
