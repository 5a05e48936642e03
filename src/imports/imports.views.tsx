import type { FieldErrors } from '../http/errors.js';
import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { MAX_IMPORT_CHAPTERS } from './import-limits.js';

export interface ImportPageProps {
  readonly ctx: PageContext;
  readonly errors: FieldErrors;
  /** The largest upload the archive accepts, in bytes. */
  readonly maxBytes: number;
}

/** The import form: one file, read as a draft work the author reviews before posting. */
export function ImportPage({ ctx, errors, maxBytes }: ImportPageProps) {
  const error = errors.file;
  const megabytes = Math.floor(maxBytes / 1024 / 1024);
  return (
    <Layout ctx={ctx} title="Import a work">
      <section class="form-page import-page">
        <h1>Import a work</h1>
        <p>
          Bring a work in from a file. It becomes a <strong>draft</strong> that only you can see: you check the
          chapters, rating, warnings and tags, change anything on its edit page, and post it when it is right.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action="/works/import" enctype="multipart/form-data" novalidate class="import-form">
          <Csrf token={ctx.csrfToken} />
          <div class={error ? 'field field-error' : 'field'}>
            <label for="field-file">
              File to import<span class="required"> (required)</span>
            </label>
            <p class="hint" id="hint-file">EPUB, HTML, Markdown, plain text, or a zip of chapter files; up to {megabytes} MB.</p>
            {error ? <p class="error" id="error-file">{error}</p> : null}
            <input
              id="field-file"
              name="file"
              type="file"
              required
              accept=".epub,.zip,.html,.htm,.xhtml,.md,.markdown,.txt,application/epub+zip,application/zip,text/html,text/markdown,text/plain"
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'hint-file error-file' : 'hint-file'}
            />
          </div>
          <div class="form-actions">
            <button type="submit" class="button primary">Import as a draft</button>
            <a href="/works/new">Write a new work instead</a>
          </div>
        </form>
        <section class="import-formats" aria-labelledby="import-formats-heading">
          <h2 id="import-formats-heading">What each kind of file gives</h2>
          <dl>
            <dt>EPUB</dt>
            <dd>
              Chapters in reading order, titled by their headings; the title, description (summary), subjects (additional
              tags), language and series. An EPUB downloaded from a Chapterhouse archive also brings its rating, warnings,
              fandoms, relationships and characters.
            </dd>
            <dt>HTML</dt>
            <dd>One chapter, or one per <code>&lt;h2&gt;</code> heading when there are several. The page title is the work title.</dd>
            <dt>Markdown</dt>
            <dd>
              One chapter per <code># heading</code>. An optional block at the top sets the rest:
              <pre>{'---\ntitle: The Lamp Room\nsummary: A keeper and a storm.\ntags: slow burn, weather\nrating: General Audiences\nlanguage: en\n---'}</pre>
            </dd>
            <dt>Zip of chapters</dt>
            <dd>
              Each .md, .html or .txt file is one chapter, in name order (chapter-2 before chapter-10). A{' '}
              <code>work.json</code> file, or the block at the top of the first Markdown file, gives the work’s details.
            </dd>
          </dl>
          <p class="hint">
            At most {MAX_IMPORT_CHAPTERS} chapters of up to 510,000 characters each. Formatting is cleaned to what the archive allows; scripts and
            styles are removed. What the file does not say (a fandom, a rating, warnings) is filled in with neutral values for you to change.
          </p>
        </section>
      </section>
    </Layout>
  );
}
