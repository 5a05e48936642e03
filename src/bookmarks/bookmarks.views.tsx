import { raw } from 'hono/html';
import type { PageContext } from '../http/page-context.js';
import { Checkbox, Csrf, ErrorSummary, TextArea, TextField, type FormState } from '../ui/forms.js';
import { formatDate, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import type { BookmarkEntry } from './bookmarks.js';
import { MAX_NOTES_CHARS } from './bookmarks.forms.js';

/** The bookmark form for a work or series: new, or editing the reader's existing bookmark. */
export function BookmarkFormPage({ ctx, title, action, form, existingId, backUrl }: { readonly ctx: PageContext; readonly title: string; readonly action: string; readonly form: FormState; readonly existingId?: number | undefined; readonly backUrl: string }) {
  return (
    <Layout ctx={ctx} title={existingId ? `Edit bookmark: ${title}` : `Bookmark ${title}`}>
      <section class="narrow">
        <h1>{existingId ? 'Edit your bookmark of ' : 'Bookmark '}<a href={backUrl}>{title}</a></h1>
        <ErrorSummary errors={form.errors} />
        <form method="post" action={action} novalidate>
          <Csrf token={ctx.csrfToken} />
          <TextArea name="notes" label="Notes" state={form} rows={6} maxlength={MAX_NOTES_CHARS} hint="Optional. Markdown or HTML; shown with your bookmark." />
          <TextField name="tags" label="Your tags" state={form} hint="Comma-separated, for your own sorting." />
          <Checkbox name="rec" label="Recommend this" checked={form.values.rec !== undefined} />
          <Checkbox name="private" label="Private bookmark" checked={form.values.private !== undefined} hint="Only you can see a private bookmark." />
          <p>
            <button type="submit" class="button primary">{existingId ? 'Save bookmark' : 'Add bookmark'}</button> <a href={backUrl}>Cancel</a>
          </p>
        </form>
        {existingId ? (
          <form method="post" action={`/bookmarks/${existingId}/delete`} class="inline-form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button danger">Delete bookmark</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}

/** One bookmark in a listing: what it points at, then the bookmarker's notes, tags and flags. */
export function BookmarkItem({ ctx, entry, showOwner }: { readonly ctx: PageContext; readonly entry: BookmarkEntry; readonly showOwner: boolean }) {
  const { bookmark } = entry;
  const tz = ctx.user?.time_zone ?? 'UTC';
  const own = ctx.user?.id === bookmark.user_id;
  return (
    <li class="bookmark" id={`bookmark-${bookmark.id}`}>
      {entry.work ? <WorkBlurb details={entry.work} timeZone={tz} headingLevel={2} /> : null}
      {entry.series ? (
        <h2 class="bookmark-series">
          Series: <a href={`/series/${entry.series.id}`}>{entry.series.title}</a>
        </h2>
      ) : null}
      <div class="bookmark-notes">
        <p class="bookmark-byline">
          {showOwner ? (
            <>
              Bookmarked by <a href={`/users/${encodeURIComponent(entry.username)}/bookmarks`}>{entry.username}</a>{' '}
            </>
          ) : (
            'Bookmarked '
          )}
          on {formatDate(bookmark.created_at, tz)}
          {bookmark.rec ? <span class="badge">Rec</span> : null}
          {bookmark.private ? <span class="badge">Private</span> : null}
        </p>
        {bookmark.notes_html ? <div class="bookmark-notes-text">{raw(bookmark.notes_html)}</div> : null}
        {entry.tags.length ? (
          <p class="bookmark-tags">
            Tags: {entry.tags.map((t, i) => <>{i > 0 ? ', ' : ''}<span class="tag">{t}</span></>)}
          </p>
        ) : null}
        {own ? (
          <p class="bookmark-actions">
            <a href={bookmark.work_id !== null ? `/works/${bookmark.work_id}/bookmark` : `/series/${bookmark.series_id}/bookmark`}>Edit</a>
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** A listing of bookmarks (a reader's, or a work's), paginated. */
export function BookmarkListPage({ ctx, heading, entries, total, page, perPage, basePath, showOwner, nav }: { readonly ctx: PageContext; readonly heading: string; readonly entries: readonly BookmarkEntry[]; readonly total: number; readonly page: number; readonly perPage: number; readonly basePath: string; readonly showOwner: boolean; readonly nav?: unknown }) {
  return (
    <Layout ctx={ctx} title={heading}>
      <section class="listing">
        <h1>{heading}</h1>
        {nav as never}
        <p class="listing-count">{total === 0 ? 'No bookmarks yet.' : total === 1 ? '1 bookmark' : `${formatNumber(total)} bookmarks`}</p>
        <ol class="blurbs bookmark-list">
          {entries.map((entry) => (
            <BookmarkItem ctx={ctx} entry={entry} showOwner={showOwner} />
          ))}
        </ol>
        <Pagination page={page} total={total} perPage={perPage} basePath={basePath} />
      </section>
    </Layout>
  );
}
