import { FeedHeadLink, FeedLink } from '../feeds/feed-links.js';
import type { Chapter } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import type { SeriesPart } from '../series/series.queries.js';
import { chapterProgress, formatDate, formatNumber, languageDirection, languageName } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { AuthorLinks, TagLink } from '../ui/work-blurb.js';
import type { ChapterHeading } from './chapters.queries.js';
import type { WorkDetails } from './work-details.js';
import type { ReadingExtras } from './reading-extras.js';
import { ReportLink } from '../reports/reports.views.js';
import { raw } from 'hono/html';

/** Series neighbours of the work, one entry per series it belongs to. */
export interface SeriesNav {
  readonly id: number;
  readonly title: string;
  readonly position: number;
  readonly previous?: SeriesPart | undefined;
  readonly next?: SeriesPart | undefined;
}

export interface ReadingPageProps {
  readonly ctx: PageContext;
  readonly details: WorkDetails;
  readonly headings: readonly ChapterHeading[];
  /** The chapters shown: one, or all of them in the full-work view. */
  readonly chapters: readonly Chapter[];
  readonly fullWork: boolean;
  readonly seriesNav: readonly SeriesNav[];
  readonly canEdit: boolean;
  readonly timeZone: string;
  readonly extras: ReadingExtras;
  /**
   * Set when the page is also taken apart for the signed-in reading page's cache (src/http/personal-splice.ts): each
   * of the reader's own parts is framed by these markers, which are cut out before the page is sent.
   */
  readonly personalMarks?: { readonly actions: readonly [string, string]; readonly meta: readonly [string, string] } | undefined;
}

/** The metadata block at the top of a work: rating, warnings, tags, language, series, dates and counts. */
export function WorkMeta({ details, timeZone }: { readonly details: WorkDetails; readonly timeZone: string }) {
  const { work, warnings, tags, series } = details;
  const tagRow = (label: string, kind: string, names: readonly string[]) =>
    names.length ? (
      <>
        <dt>{label}</dt>
        <dd>
          <ul class="tag-list">
            {names.map((name) => (
              <li><TagLink name={name} kind={kind} /></li>
            ))}
          </ul>
        </dd>
      </>
    ) : null;
  return (
    <dl class="work-meta">
      <dt>Rating</dt>
      <dd>{work.rating}</dd>
      <dt>Archive warnings</dt>
      <dd>
        <ul class="tag-list">
          {warnings.map((w) => (
            <li class="warning">{w}</li>
          ))}
        </ul>
      </dd>
      {tagRow(tags.fandoms.length > 1 ? 'Fandoms' : 'Fandom', 'fandom', tags.fandoms)}
      {tagRow('Relationships', 'relationship', tags.relationships)}
      {tagRow('Characters', 'character', tags.characters)}
      {tagRow('Additional tags', 'freeform', tags.freeforms)}
      <dt>Language</dt>
      <dd>{languageName(work.language)}</dd>
      {series.length ? (
        <>
          <dt>Series</dt>
          <dd>
            {series.map((s, i) => (
              <>
                {i > 0 ? '; ' : ''}Part {s.position} of <a href={`/series/${s.id}`}>{s.title}</a>
              </>
            ))}
          </dd>
        </>
      ) : null}
      <dt>Stats</dt>
      <dd>
        <dl class="stats">
          {work.published_at ? (
            <>
              <dt>Published</dt>
              <dd><time datetime={work.published_at}>{formatDate(work.published_at, timeZone)}</time></dd>
            </>
          ) : null}
          {work.revised_at && work.published_at && work.revised_at.slice(0, 10) !== work.published_at.slice(0, 10) ? (
            <>
              <dt>{work.complete ? 'Completed' : 'Updated'}</dt>
              <dd><time datetime={work.revised_at}>{formatDate(work.revised_at, timeZone)}</time></dd>
            </>
          ) : null}
          <dt>Words</dt>
          <dd>{formatNumber(work.word_count)}</dd>
          <dt>Chapters</dt>
          <dd>{chapterProgress(work.chapter_count, work.expected_chapters)}</dd>
          <dt>Kudos</dt>
          <dd>{formatNumber(work.kudos_count)}</dd>
          <dt>Comments</dt>
          <dd>{formatNumber(work.comment_count)}</dd>
          <dt>Bookmarks</dt>
          <dd>{formatNumber(work.bookmark_count)}</dd>
          <dt>Hits</dt>
          <dd>{formatNumber(work.hit_count)}</dd>
        </dl>
      </dd>
    </dl>
  );
}

/** A block of author's notes; `heading` is shown, `label` names the region uniquely for screen readers. */
function Notes({ label, heading, text, id, level }: { readonly label: string; readonly heading: string; readonly text: string; readonly id?: string; readonly level: 2 | 3 }) {
  if (!text) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section class="notes" id={id} aria-label={label}>
      <Heading>{heading}</Heading>
      <p class="preserve" dir="auto">{text}</p>
    </section>
  );
}

function chapterLabel(chapter: Pick<ChapterHeading, 'position' | 'title'>): string {
  return chapter.title ? `${chapter.position}. ${chapter.title}` : `Chapter ${chapter.position}`;
}

/** The chapter menu: a disclosure listing every chapter, usable without JavaScript. */
function ChapterMenu({ workId, headings, current }: { readonly workId: number; readonly headings: readonly ChapterHeading[]; readonly current?: number | undefined }) {
  return (
    <details class="chapter-menu">
      <summary>Chapters ({headings.length})</summary>
      <ol>
        {headings.map((h) => (
          <li>
            <a href={`/works/${workId}/chapters/${h.position}`} aria-current={h.position === current ? 'page' : undefined}>
              {chapterLabel(h)}
            </a>
            {h.posted === 0 ? <span class="badge draft-badge">Draft</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

function ChapterBody({ chapter, showHeading, lang }: { readonly chapter: Chapter; readonly showHeading: boolean; readonly lang: string }) {
  return (
    <section class="chapter" id={`chapter-${chapter.position}`} aria-labelledby={`chapter-${chapter.position}-title`}>
      <h2 class={showHeading ? 'chapter-title' : 'visually-hidden'} id={`chapter-${chapter.position}-title`}>
        {chapter.title ? `Chapter ${chapter.position}: ${chapter.title}` : `Chapter ${chapter.position}`}
        {chapter.posted === 0 ? <span class="badge draft-badge">Draft</span> : null}
      </h2>
      {chapter.summary ? (
        <section class="notes" aria-label={`Chapter ${chapter.position} summary`}>
          <h3>Summary</h3>
          <p class="preserve" dir="auto">{chapter.summary}</p>
        </section>
      ) : null}
      <Notes label={`Chapter ${chapter.position} notes`} heading="Notes" text={chapter.notes} level={3} />
      <div class="userstuff" lang={lang} dir={languageDirection(lang)} dangerouslySetInnerHTML={{ __html: chapter.body_html }} />
      <Notes label={`Chapter ${chapter.position} end notes`} heading="End notes" text={chapter.end_notes} level={3} />
    </section>
  );
}

/** Links to the previous and next parts of each series the work belongs to. */
function SeriesLinks({ nav }: { readonly nav: readonly SeriesNav[] }) {
  if (nav.length === 0) return null;
  return (
    <nav class="series-nav" aria-label="Series">
      {nav.map((s) => (
        <p>
          {s.previous ? <a href={`/works/${s.previous.work_id}`} rel="prev">← Previous part: {s.previous.title}</a> : null}
          <span class="series-nav-here">
            Part {s.position} of <a href={`/series/${s.id}`}>{s.title}</a>
          </span>
          {s.next ? <a href={`/works/${s.next.work_id}`} rel="next">Next part: {s.next.title} →</a> : null}
        </p>
      ))}
    </nav>
  );
}

/** A work page, a chapter page or the full-work view: metadata, then the chapter(s) with navigation. */
export function ReadingPage({ ctx, details, headings, chapters, fullWork, seriesNav, canEdit, timeZone, extras, personalMarks }: ReadingPageProps) {
  const { work, authors } = details;
  const single = !fullWork ? chapters[0] : undefined;
  const index = single ? headings.findIndex((h) => h.id === single.id) : -1;
  const previous = index > 0 ? headings[index - 1] : undefined;
  const next = index >= 0 && index < headings.length - 1 ? headings[index + 1] : undefined;
  const isLastChapter = fullWork || (index >= 0 && index === headings.length - 1);
  const nextPart = seriesNav.find((s) => s.next)?.next;
  const multi = headings.length > 1;
  const title = single && multi ? `${work.title}, ${chapterLabel(single)}` : work.title;
  return (
    <Layout ctx={ctx} title={title} reading head={work.posted === 1 ? <FeedHeadLink href={`/works/${work.id}/feed.atom`} title={`Chapters of ${work.title}`} /> : undefined}>
      <article class="work">
        {canEdit ? (
          <nav class="author-actions" aria-label="Work actions">
            <a class="button" href={`/works/${work.id}/edit`}>Edit work</a>
            <a class="button" href={`/works/${work.id}/chapters/new`}>Add chapter</a>
            <a class="button" href={`/works/${work.id}/chapters/manage`}>Manage chapters</a>
            {single ? <a class="button" href={`/works/${work.id}/chapters/${single.position}/edit`}>Edit this chapter</a> : null}
            {work.posted === 0 ? (
              <form method="post" action={`/works/${work.id}/post`} class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="button primary">Post work</button>
              </form>
            ) : null}
          </nav>
        ) : null}
        {work.posted === 0 ? <p class="callout">This work is a draft: only you can see it.</p> : null}
        <WorkMeta details={details} timeZone={timeZone} />
        {personalMarks ? raw(personalMarks.actions[0]) : null}
        {extras.workActions.length ? <div class="work-actions">{extras.workActions}</div> : null}
        {personalMarks ? raw(personalMarks.actions[1]) : null}
        {personalMarks ? raw(personalMarks.meta[0]) : null}
        {extras.afterMeta}
        {personalMarks ? raw(personalMarks.meta[1]) : null}
        <header class="work-header">
          <h1 class="work-title" lang={work.language} dir="auto">{work.title}</h1>
          <p class="byline">
            by <AuthorLinks names={authors} />
            {work.posted === 1 ? <> · <FeedLink href={`/works/${work.id}/feed.atom`} title={`Chapters of ${work.title}`} /></> : null}
          </p>
        </header>
        <SeriesLinks nav={seriesNav} />
        {(!single || single.position === headings[0]?.position) && work.summary ? (
          <section class="notes summary-block" aria-label="Summary">
            <h2>Summary</h2>
            <p class="preserve" lang={work.language} dir="auto">{work.summary}</p>
          </section>
        ) : null}
        {!single || single.position === headings[0]?.position ? <Notes label="Notes" heading="Notes" text={work.notes} id="work-notes" level={2} /> : null}
        {multi ? (
          <nav class="chapter-nav" aria-label="Chapters">
            {previous ? <a href={`/works/${work.id}/chapters/${previous.position}`} rel="prev">← Previous chapter</a> : null}
            <ChapterMenu workId={work.id} headings={headings} current={single?.position} />
            {fullWork ? (
              <a href={`/works/${work.id}/chapters/${headings[0]!.position}`}>Chapter by chapter</a>
            ) : (
              <a href={`/works/${work.id}?view_full_work=true`}>Entire work</a>
            )}
            {next ? <a href={`/works/${work.id}/chapters/${next.position}`} rel="next">Next chapter →</a> : null}
          </nav>
        ) : null}
        {chapters.map((chapter) => (
          <>
            <ChapterBody chapter={chapter} showHeading={multi} lang={work.language} />
            {fullWork ? extras.afterChapter.get(chapter.id) : null}
          </>
        ))}
        {isLastChapter ? <Notes label="End notes" heading="End notes" text={work.end_notes} id="work-endnotes" level={2} /> : null}
        {previous || next || (isLastChapter && nextPart) ? (
          <nav class="chapter-nav chapter-nav-bottom" aria-label="Chapter navigation">
            {previous ? <a href={`/works/${work.id}/chapters/${previous.position}`} rel="prev">← Previous chapter</a> : null}
            {next ? <a class="button primary" href={`/works/${work.id}/chapters/${next.position}`} rel="next">Next chapter →</a> : null}
            {isLastChapter && nextPart ? (
              <a class="button primary" href={`/works/${nextPart.work_id}`} rel="next">
                Next part: {nextPart.title} →
              </a>
            ) : null}
          </nav>
        ) : null}
        {work.posted === 1 && !canEdit ? (
          <p class="report-actions">
            <ReportLink type="work" id={work.id} label="Report this work" />
            {single && multi ? <> · <ReportLink type="chapter" id={single.id} label="Report this chapter" /></> : null}
          </p>
        ) : null}
        {extras.afterWork}
        {single ? extras.afterChapter.get(single.id) : null}
      </article>
    </Layout>
  );
}
