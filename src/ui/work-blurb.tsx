import type { WorkDetails } from '../works/work-details.js';
import { RATING_SYMBOLS } from '../works/ratings.js';
import { chapterProgress, formatDate, formatNumber, languageName } from './format.js';

/** A link to a tag's works. */
export function TagLink({ name, kind }: { readonly name: string; readonly kind: string }) {
  return (
    <a class={`tag tag-${kind}`} href={`/tags/${encodeURIComponent(name)}/works`}>
      {name}
    </a>
  );
}

/** Author links, "a, b and c". */
export function AuthorLinks({ names }: { readonly names: readonly string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <>
          {i > 0 ? (i === names.length - 1 ? ' and ' : ', ') : ''}
          <a rel="author" href={`/users/${encodeURIComponent(name)}`}>{name}</a>
        </>
      ))}
    </>
  );
}

/** The rating badge and warnings line every card and work page carries. */
export function RatingBadge({ rating }: { readonly rating: string }) {
  const symbol = RATING_SYMBOLS[rating] ?? '?';
  return (
    <span class={`rating rating-${symbol.toLowerCase()}`} title={rating}>
      <span aria-hidden="true">{symbol}</span>
      <span class="visually-hidden">Rating: {rating}</span>
    </span>
  );
}

/** One work in a listing: dense, scannable, with rating and warnings always visible. */
export function WorkBlurb({ details, timeZone, headingLevel = 2 }: { readonly details: WorkDetails; readonly timeZone: string; readonly headingLevel?: 2 | 3 }) {
  const { work, authors, warnings, tags, series } = details;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="blurb" aria-labelledby={`work-${work.id}-title`}>
      <header class="blurb-header">
        <RatingBadge rating={work.rating} />
        <div class="blurb-heading">
          <Heading class="blurb-title" id={`work-${work.id}-title`}>
            <a href={`/works/${work.id}`}>{work.title}</a>
            {work.posted === 0 ? <span class="badge draft-badge">Draft</span> : null}
            {work.hidden_at !== null ? <span class="badge">Hidden by a moderator</span> : null}
          </Heading>
          <p class="byline">
            by <AuthorLinks names={authors} />
          </p>
          <p class="fandoms">
            {tags.fandoms.map((name, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <TagLink name={name} kind="fandom" />
              </>
            ))}
          </p>
        </div>
        <p class="blurb-date">{formatDate(work.revised_at, timeZone)}</p>
      </header>
      <ul class="tags" aria-label="Tags">
        {warnings.map((w) => (
          <li class="warning">{w}</li>
        ))}
        {tags.relationships.map((name) => (
          <li><TagLink name={name} kind="relationship" /></li>
        ))}
        {tags.characters.map((name) => (
          <li><TagLink name={name} kind="character" /></li>
        ))}
        {tags.freeforms.map((name) => (
          <li><TagLink name={name} kind="freeform" /></li>
        ))}
      </ul>
      {work.summary ? <p class="summary">{work.summary}</p> : null}
      {series.length ? (
        <p class="series-line">
          {series.map((s, i) => (
            <>
              {i > 0 ? '; ' : ''}Part {s.position} of <a href={`/series/${s.id}`}>{s.title}</a>
            </>
          ))}
        </p>
      ) : null}
      <dl class="stats">
        <dt>Language</dt><dd>{languageName(work.language)}</dd>
        <dt>Words</dt><dd>{formatNumber(work.word_count)}</dd>
        <dt>Chapters</dt><dd>{chapterProgress(work.chapter_count, work.expected_chapters)}</dd>
        <dt>Kudos</dt><dd>{formatNumber(work.kudos_count)}</dd>
        <dt>Comments</dt><dd>{formatNumber(work.comment_count)}</dd>
        <dt>Bookmarks</dt><dd>{formatNumber(work.bookmark_count)}</dd>
        <dt>Hits</dt><dd>{formatNumber(work.hit_count)}</dd>
      </dl>
    </article>
  );
}
