import type { PageContext } from '../http/page-context.js';
import { formatNumber } from '../ui/format.js';
import { Csrf, ErrorSummary } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { ChapterHeading } from './chapters.queries.js';
import type { FieldErrors } from '../http/errors.js';

export interface ManageChaptersPageProps {
  readonly ctx: PageContext;
  readonly workId: number;
  readonly workTitle: string;
  readonly headings: readonly ChapterHeading[];
  readonly errors: FieldErrors;
}

/** Reorder and delete chapters: a number per chapter sets its new place, works without JavaScript. */
export function ManageChaptersPage({ ctx, workId, workTitle, headings, errors }: ManageChaptersPageProps) {
  return (
    <Layout ctx={ctx} title={`Manage chapters of “${workTitle}”`}>
      <section class="form-page">
        <h1>Manage chapters</h1>
        <p>
          of <a href={`/works/${workId}`}>{workTitle}</a>. Change the numbers to reorder the chapters, then save.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action={`/works/${workId}/chapters/order`} id="field-order">
          <Csrf token={ctx.csrfToken} />
          <table class="manage-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Chapter</th>
                <th scope="col">Words</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {headings.map((h) => (
                <tr>
                  <td>
                    <label class="visually-hidden" for={`order-${h.id}`}>
                      New position of chapter {h.position}
                    </label>
                    <input class="order-input" id={`order-${h.id}`} name={`order_${h.id}`} type="number" min={1} max={headings.length} value={String(h.position)} />
                  </td>
                  <td>
                    <a href={`/works/${workId}/chapters/${h.position}`}>{h.title ? `${h.position}. ${h.title}` : `Chapter ${h.position}`}</a>
                    {h.posted === 0 ? <span class="badge draft-badge">Draft</span> : null}
                  </td>
                  <td>{formatNumber(h.word_count)}</td>
                  <td class="row-actions">
                    <a href={`/works/${workId}/chapters/${h.position}/edit`}>Edit</a>
                    <a href={`/works/${workId}/chapters/${h.position}/delete`}>Delete</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="form-actions">
            <button type="submit" class="button primary">Save order</button>
            <a class="button" href={`/works/${workId}/chapters/new`}>Add chapter</a>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export interface ConfirmDeletePageProps {
  readonly ctx: PageContext;
  readonly heading: string;
  readonly explanation: string;
  readonly action: string;
  readonly cancel: string;
  readonly errors?: FieldErrors;
}

/** "Are you sure?" before deleting a work, a chapter or a series. */
export function ConfirmDeletePage({ ctx, heading, explanation, action, cancel, errors }: ConfirmDeletePageProps) {
  return (
    <Layout ctx={ctx} title={heading}>
      <section class="narrow">
        <h1>{heading}</h1>
        <ErrorSummary errors={errors ?? {}} />
        <p>{explanation}</p>
        <form method="post" action={action} class="form-actions">
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button danger">Yes, delete</button>
          <a class="button" href={cancel}>Cancel</a>
        </form>
      </section>
    </Layout>
  );
}
