import type { Series } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import type { SeriesMembership } from '../series/series.queries.js';
import { languageName } from '../ui/format.js';
import { Checkbox, CheckboxGroup, Csrf, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { RATINGS, WARNINGS } from './ratings.js';

const LANGUAGES = ['en', 'ar', 'ca', 'cs', 'da', 'de', 'el', 'es', 'fa', 'fi', 'fr', 'he', 'hi', 'hu', 'id', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sv', 'th', 'tr', 'uk', 'vi', 'zh-Hans', 'zh-Hant'];

/** Language options, the current value included even when it is not in the common list. */
function languageOptions(current: string | undefined): [string, string][] {
  const codes = current && !LANGUAGES.includes(current) ? [...LANGUAGES, current] : LANGUAGES;
  return codes.map((code) => [code, `${languageName(code)} (${code})`] as [string, string]).sort((a, b) => a[1].localeCompare(b[1]));
}

const FORMAT_HINT = (
  <>
    Markdown or HTML; see <a href="/formatting">what formatting is allowed</a>. Up to 510,000 characters.
  </>
);

export interface WorkFormPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly warnings: readonly string[];
  /** The archive warnings to choose from (the site setting, plus any an edited work already carries). */
  readonly warningOptions?: readonly string[];
  readonly userSeries: readonly Series[];
  /** Set when editing: the work's id and its current series. */
  readonly edit?: { readonly workId: number; readonly title: string; readonly memberships: readonly SeriesMembership[]; readonly draft: boolean };
}

/** The new-work form (with its first chapter) and the edit-work form (metadata only). */
export function WorkFormPage({ ctx, form, warnings, warningOptions = WARNINGS, userSeries, edit }: WorkFormPageProps) {
  const title = edit ? `Edit “${edit.title}”` : 'Post a new work';
  return (
    <Layout ctx={ctx} title={title}>
      <section class="form-page">
        <h1>{title}</h1>
        {edit ? null : <p class="import-hint">Already written elsewhere? <a href="/works/import">Import a work from a file</a> (EPUB, HTML, Markdown or a zip of chapters).</p>}
        <ErrorSummary errors={form.errors} />
        <form method="post" action={edit ? `/works/${edit.workId}/edit` : '/works'} novalidate class="work-form" data-tag-autocomplete>
          <Csrf token={ctx.csrfToken} />
          <fieldset>
            <legend>Tags</legend>
            <SelectField name="rating" label="Rating" state={form} required options={[['', 'Choose a rating'], ...RATINGS.map((r) => [r, r] as [string, string])]} />
            <CheckboxGroup name="warnings" legend="Archive warnings" options={warningOptions} checked={warnings} error={form.errors.warnings} required />
            <TextField name="fandoms" label="Fandoms" state={form} required hint="Separate tags with commas." />
            <TextField name="relationships" label="Relationships" state={form} hint="Separate tags with commas." />
            <TextField name="characters" label="Characters" state={form} hint="Separate tags with commas." />
            <TextField name="freeforms" label="Additional tags" state={form} hint="Separate tags with commas." />
          </fieldset>
          <fieldset>
            <legend>Preface</legend>
            <TextField name="title" label="Work title" state={form} required maxlength={255} />
            <TextArea name="summary" label="Summary" state={form} rows={4} hint="Up to 1,250 characters." />
            <TextArea name="notes" label="Notes" state={form} rows={3} hint="Shown before the work. Up to 5,000 characters." />
            <TextArea name="end_notes" label="End notes" state={form} rows={3} hint="Shown after the work. Up to 5,000 characters." />
          </fieldset>
          <fieldset>
            <legend>Associations</legend>
            <SelectField name="language" label="Language" state={form} required options={languageOptions(form.values.language)} />
            <TextField name="expected_chapters" label="Expected number of chapters" state={form} inputmode="numeric" hint="Leave empty if you do not know yet (shown as ?)." />
            {edit && edit.memberships.length ? (
              <div class="field">
                <p class="label">Series</p>
                {edit.memberships.map((m) => (
                  <Checkbox name={`leave_series_${m.id}`} label={`Remove from “${m.title}” (part ${m.position})`} checked={false} />
                ))}
              </div>
            ) : null}
            <SelectField
              name="series_id"
              label={edit ? 'Add to a series (or move within it)' : 'This work continues a series'}
              state={form}
              options={[['', 'No series'], ...userSeries.map((s) => [String(s.id), s.title] as [string, string])]}
              hint="It becomes the next part unless you give a position."
            />
            <TextField name="series_position" label="Part number in that series" state={form} inputmode="numeric" hint="Optional." />
            <TextField name="new_series_title" label="…or start a new series titled" state={form} maxlength={255} />
          </fieldset>
          <fieldset>
            <legend>Comments</legend>
            <SelectField
              name="comment_permissions"
              label="Who can comment"
              state={form}
              options={[['registered', 'Signed-in readers only'], ['everyone', 'Everyone, including guests'], ['none', 'No one (comments off)']]}
            />
            <Checkbox name="moderate_comments" label="Hold new comments for my approval" checked={form.values.moderate_comments === '1'} hint="Your own comments are never held." />
          </fieldset>
          {edit ? null : (
            <fieldset>
              <legend>First chapter</legend>
              <TextField name="chapter_title" label="Chapter title" state={form} maxlength={255} hint="Optional." />
              <TextArea name="chapter_summary" label="Chapter summary" state={form} rows={2} />
              <TextArea name="chapter_notes" label="Chapter notes" state={form} rows={2} />
              <SelectField name="body_format" label="Text format" state={form} options={[['html', 'HTML or plain text'], ['markdown', 'Markdown']]} />
              <TextArea name="body" label="Work text" state={form} required rows={18} hint={FORMAT_HINT} />
              <TextArea name="chapter_end_notes" label="Chapter end notes" state={form} rows={2} />
            </fieldset>
          )}
          <div class="form-actions">
            {edit ? (
              <>
                <button type="submit" class="button primary" name="action" value={edit.draft ? 'draft' : 'save'}>
                  Save changes
                </button>
                {edit.draft ? (
                  <button type="submit" class="button" name="action" value="post">
                    Save and post
                  </button>
                ) : null}
                <a class="button" href={`/works/${edit.workId}`}>Cancel</a>
                <a class="button danger" href={`/works/${edit.workId}/delete`}>Delete work</a>
              </>
            ) : (
              <>
                <button type="submit" class="button primary" name="action" value="post">
                  Post
                </button>
                <button type="submit" class="button" name="action" value="draft">
                  Save as draft
                </button>
              </>
            )}
          </div>
        </form>
      </section>
    </Layout>
  );
}

export interface ChapterFormPageProps {
  readonly ctx: PageContext;
  readonly form: FormState;
  readonly workId: number;
  readonly workTitle: string;
  /** Set when editing an existing chapter. */
  readonly position?: number;
  readonly isDraft?: boolean;
}

/** The add-chapter and edit-chapter form. */
export function ChapterFormPage({ ctx, form, workId, workTitle, position, isDraft }: ChapterFormPageProps) {
  const editing = position !== undefined;
  const title = editing ? `Edit chapter ${position} of “${workTitle}”` : `New chapter for “${workTitle}”`;
  return (
    <Layout ctx={ctx} title={title}>
      <section class="form-page">
        <h1>{title}</h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action={editing ? `/works/${workId}/chapters/${position}/edit` : `/works/${workId}/chapters`} novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextField name="title" label="Chapter title" state={form} maxlength={255} hint="Optional." />
          <TextArea name="summary" label="Chapter summary" state={form} rows={2} />
          <TextArea name="notes" label="Chapter notes" state={form} rows={2} />
          <SelectField name="body_format" label="Text format" state={form} options={[['html', 'HTML or plain text'], ['markdown', 'Markdown']]} />
          <TextArea name="body" label="Chapter text" state={form} required rows={20} hint={FORMAT_HINT} />
          <TextArea name="end_notes" label="Chapter end notes" state={form} rows={2} />
          <div class="form-actions">
            <button type="submit" class="button primary" name="action" value="post">
              {editing ? (isDraft ? 'Save and post' : 'Save') : 'Post chapter'}
            </button>
            {!editing || isDraft ? (
              <button type="submit" class="button" name="action" value="draft">
                Save as draft
              </button>
            ) : null}
            <a class="button" href={`/works/${workId}`}>Cancel</a>
          </div>
        </form>
      </section>
    </Layout>
  );
}
