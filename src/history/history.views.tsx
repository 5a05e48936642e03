import type { PageContext } from '../http/page-context.js';
import { Csrf } from '../ui/forms.js';
import { formatDate, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import type { WorkDetails } from '../works/work-details.js';
import type { ReadingRow } from './history.queries.js';

export interface HistoryEntry {
  readonly reading: ReadingRow;
  readonly details: WorkDetails;
}

/** The reader's history (`later` false) or to-read list (`later` true). */
export function HistoryPage({ ctx, later, entries, total, page, perPage, historyEnabled }: { readonly ctx: PageContext; readonly later: boolean; readonly entries: readonly HistoryEntry[]; readonly total: number; readonly page: number; readonly perPage: number; readonly historyEnabled: boolean }) {
  const tz = ctx.user?.time_zone ?? 'UTC';
  const heading = later ? 'Marked for later' : 'Reading history';
  return (
    <Layout ctx={ctx} title={heading}>
      <section class="listing">
        <h1>{heading}</h1>
        <nav class="subnav" aria-label="History pages">
          <ul>
            <li><a href="/history" aria-current={later ? undefined : 'page'}>History</a></li>
            <li><a href="/history/later" aria-current={later ? 'page' : undefined}>Marked for later</a></li>
          </ul>
        </nav>
        {!later && !historyEnabled ? (
          <p class="callout">Your reading history is turned off. You can turn it back on in <a href="/settings">Settings</a>.</p>
        ) : null}
        <p class="listing-count">{total === 0 ? (later ? 'Nothing marked for later.' : 'No works in your history.') : total === 1 ? '1 work' : `${formatNumber(total)} works`}</p>
        {!later && total > 0 ? (
          <form method="post" action="/history/clear" class="inline-form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button danger" data-confirm="Clear your whole reading history?">Clear history</button>
          </form>
        ) : null}
        <ol class="blurbs">
          {entries.map(({ reading, details }) => (
            <li class="history-entry">
              <WorkBlurb details={details} timeZone={tz} />
              <p class="history-meta">
                {later ? 'Marked for later' : `Last visited ${formatDate(reading.visited_at, tz)}`}
                {!later && reading.views > 1 ? ` · ${formatNumber(reading.views)} visits` : ''}
                {reading.chapter_position && reading.chapter_position > 1 ? (
                  <>
                    {' · '}
                    <a href={`/works/${reading.work_id}/chapters/${reading.chapter_position}`}>Continue reading: Chapter {reading.chapter_position}</a>
                  </>
                ) : null}
              </p>
              {later ? (
                <form method="post" action={`/works/${reading.work_id}/later`} class="inline-form">
                  <Csrf token={ctx.csrfToken} />
                  <input type="hidden" name="marked" value="0" />
                  <input type="hidden" name="return_to" value="/history/later" />
                  <button type="submit" class="button">Remove from later</button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
        <Pagination page={page} total={total} perPage={perPage} basePath={later ? '/history/later' : '/history'} />
      </section>
    </Layout>
  );
}
