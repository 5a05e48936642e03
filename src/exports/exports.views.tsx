import type { Export } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { formatDateTime } from '../ui/format.js';
import { Csrf, ErrorSummary, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { EXPORT_DAYS } from './exports.js';

export const EXPORT_PATH = '/settings/export';

export interface ExportPageProps {
  readonly ctx: PageContext;
  readonly latest: Export | undefined;
  /** The download link of `latest`, when it is ready. */
  readonly downloadPath: string | undefined;
  readonly timeZone: string;
  /** The import form after a refused upload. */
  readonly importForm: FormState;
}

function megabytes(bytes: number | null): string {
  return `${Math.max(0.1, (bytes ?? 0) / 1024 / 1024).toFixed(1)} MB`;
}

function ExportStatus({ latest, downloadPath, timeZone }: Pick<ExportPageProps, 'latest' | 'downloadPath' | 'timeZone'>) {
  if (!latest) return <p>You have not asked for an export yet.</p>;
  const requested = <time datetime={latest.created_at}>{formatDateTime(latest.created_at, timeZone)}</time>;
  switch (latest.status) {
    case 'pending':
      return <p class="export-status">Your export requested {requested} is being prepared. You will find a notification in your inbox when it is ready.</p>;
    case 'ready':
      return (
        <div class="export-status export-ready">
          <p>
            Your export requested {requested} is ready ({megabytes(latest.size_bytes)}). The link works until{' '}
            <time datetime={latest.expires_at ?? ''}>{formatDateTime(latest.expires_at, timeZone)}</time>, only while you are signed in.
          </p>
          <p>
            <a class="button primary" href={downloadPath} download>
              Download your data (.zip)
            </a>
          </p>
        </div>
      );
    case 'failed':
      return <p class="export-status">Your export requested {requested} could not be prepared. Please ask again; if it keeps failing, tell the archive’s administrators.</p>;
    default:
      return <p class="export-status">Your export requested {requested} has expired and its file was removed. Ask for a new one below.</p>;
  }
}

/** "Download my data" and "Import my data": the reader's exports and the import of an export from another archive. */
export function ExportPage({ ctx, latest, downloadPath, timeZone, importForm }: ExportPageProps) {
  const importError = importForm.errors.file;
  return (
    <Layout ctx={ctx} title="Your data">
      <section class="narrow">
        <h1>Your data</h1>
        <ErrorSummary errors={importForm.errors} />
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">Download my data</h2>
          <p>
            One zip file with everything that is yours here: your account and settings, your works with every chapter (drafts too) and an EPUB of each posted
            work, your series, the comments you wrote, your bookmarks, subscriptions, reading history, kudos, excluded tags, saved searches, and blocked and muted accounts.
            Never your password or access tokens. The file’s format is described in <code>docs/export-format.md</code> in Chapterhouse’s source.
          </p>
          <ExportStatus latest={latest} downloadPath={downloadPath} timeZone={timeZone} />
          {latest?.status === 'pending' ? null : (
            <form method="post" action={EXPORT_PATH}>
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="button">{latest ? 'Prepare a new export' : 'Prepare my export'}</button>
              <p class="hint">It is built in the background; the download link works for {EXPORT_DAYS} days.</p>
            </form>
          )}
        </section>
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">Import my data</h2>
          <p>Moving from another Chapterhouse archive? Upload the zip you downloaded there: your works (posted ones posted, drafts as drafts), their chapters and your series are recreated here under this account. Comments, kudos and bookmarks stay where they were.</p>
          <form method="post" action={`${EXPORT_PATH}/import`} enctype="multipart/form-data">
            <Csrf token={ctx.csrfToken} />
            <div class={importError ? 'field field-error' : 'field'}>
              <label for="field-file">Export zip</label>
              <p class="hint" id="hint-file">
                The .zip file from “Download my data”; only its chapterhouse-export.json is read.
              </p>
              {importError ? (
                <p class="error" id="error-file">
                  {importError}
                </p>
              ) : null}
              <input type="file" id="field-file" name="file" accept=".zip,application/zip" required aria-describedby={importError ? 'hint-file error-file' : 'hint-file'} aria-invalid={importError ? 'true' : undefined} />
            </div>
            <button type="submit" class="button">Import</button>
          </form>
        </section>
        <p>
          <a href="/settings">Back to settings</a>
        </p>
      </section>
    </Layout>
  );
}
