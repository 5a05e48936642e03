import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { viewerMutes } from '../blocks/muting.js';
import { visibleListingTotal } from '../exclusions/exclusions-totals.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { ADULT_COOKIE, setAppCookie } from '../http/cookies.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { seriesNeighbours } from '../series/series.queries.js';
import { hasFilterParams } from '../listings/filters.js';
import { listingExtras } from '../listings/listing-extras.js';
import { ListingPage } from '../listings/listing-page.js';
import { filterQueryString, loadFilteredListing } from '../listings/listings.js';
import { AdultGatePage } from './adult-gate.views.js';
import { findChapterByPosition, listChapterHeadings, listChapters } from './chapters.queries.js';
import { loadWorkDetails } from './work-details.js';
import { ReadingPage, type SeriesNav } from './work-reading.views.js';
import { authorizeWorkRead, isAdultWork, isAuthor } from './works.policy.js';
import { findWork, listPostedWorks, workAuthorIds } from './works.queries.js';
import { workEditRoutes } from './work-edit.routes.js';
import { loadReadingExtras } from './reading-extras.js';
import { personalCaptureFor } from '../http/personal-splice.js';

/** The works listing and the reading pages (work, chapter, full work). */
export const workRoutes = new Hono<AppEnv>();

export const WORKS_PER_PAGE = 20;

workRoutes.get('/works', async (c) => {
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const muted = await viewerMutes(db, c.get('user'));
  const excludedTags = await viewerExcludedTags(db, c.get('user'));
  const read = (name: string) => c.req.queries(name) ?? [];
  const filtered = hasFilterParams(read);
  // Without filters the total is the stored counter (less muted authors' works): no count or facets over the archive.
  const { works, total, errors, facets, filter } = filtered
    ? await loadFilteredListing(db, read, { limit: WORKS_PER_PAGE, offset: (page - 1) * WORKS_PER_PAGE, excludeAuthorIds: muted, excludeTagIds: excludedTags, facets: true, warnings: c.get('settings').archive_warnings })
    : {
        works: await listPostedWorks(db, { limit: WORKS_PER_PAGE, offset: (page - 1) * WORKS_PER_PAGE, excludeAuthorIds: muted, excludeTagIds: excludedTags }),
        total: await visibleListingTotal(db, muted, excludedTags),
        errors: {},
        facets: null,
        filter: undefined,
      };
  const invalid = Object.keys(errors).length > 0;
  // Past the last page there is nothing to show, and the "81–23 of 23" count would be nonsense.
  if (page > 1 && works.length === 0 && !invalid) throw NotFound('page');
  const query = filterQueryString(read);
  return c.html(
    <ListingPage
      ctx={pageContext(c)}
      title="Works"
      heading="Works"
      path="/works"
      details={await loadWorkDetails(db, works)}
      page={page}
      perPage={WORKS_PER_PAGE}
      total={total}
      filters={{ read, errors, query, filtered, facets, sort: filter }}
      {...listingExtras(c, query)}
    />,
    invalid ? 422 : 200,
  );
});

workRoutes.route('/', workEditRoutes);

type Which = { kind: 'first' } | { kind: 'position'; position: number } | { kind: 'full' };

/** Renders a work's reading page, behind the adult-content gate when its rating calls for one. */
async function showReading(c: Context<AppEnv>, which: Which): Promise<Response> {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  const authorIds = await workAuthorIds(db, id);
  const user = c.get('user');
  authorizeWorkRead(user, work, authorIds);
  const canEdit = isAuthor(user, authorIds) || user?.is_admin === 1;
  const [details] = await loadWorkDetails(db, [work]);
  const ctx = pageContext(c);

  if (isAdultWork(work) && !isAuthor(user, authorIds) && user?.view_adult !== 1 && getCookie(c, ADULT_COOKIE) !== 'true') {
    if (c.req.query('view_adult') === 'true') {
      setAppCookie(c, ADULT_COOKIE, 'true', 365 * 86_400);
    } else {
      const url = new URL(c.req.url);
      url.searchParams.set('view_adult', 'true');
      return c.html(<AdultGatePage ctx={ctx} details={details!} proceedUrl={url.pathname + url.search} />);
    }
  }

  const headings = await listChapterHeadings(db, id, canEdit);
  let chapters;
  if (which.kind === 'full') {
    chapters = await listChapters(db, id, canEdit);
  } else {
    const position = which.kind === 'position' ? which.position : headings[0]?.position;
    const chapter = position === undefined ? undefined : await findChapterByPosition(db, id, position);
    if (!chapter || ((chapter.posted === 0 || chapter.hidden_at !== null) && !canEdit)) throw NotFound('chapter');
    chapters = [chapter];
  }
  const seriesNav: SeriesNav[] = [];
  for (const s of details!.series) seriesNav.push({ ...s, ...(await seriesNeighbours(db, s.id, s.position)) });
  // A plain signed-in reader's chapter page is also kept in parts for their next requests (src/http/personal-splice.ts);
  // prepared before the extras, which record this visit.
  const capture = which.kind === 'position' && user && !canEdit ? await personalCaptureFor(c, work, chapters[0]!, ctx.flash) : undefined;
  const page = (
    <ReadingPage
      ctx={ctx}
      details={details!}
      headings={headings}
      chapters={chapters}
      fullWork={which.kind === 'full'}
      seriesNav={seriesNav}
      canEdit={canEdit}
      timeZone={user?.time_zone ?? 'UTC'}
      extras={await loadReadingExtras(c, work, chapters)}
      personalMarks={capture?.marks}
    />
  );
  if (!capture) return c.html(page);
  const { html, etag } = await capture.finish(await page.toString());
  // The validator of the parts (the same the spliced answers carry), so addValidators leaves this page as it is.
  c.header('ETag', etag);
  c.header('Cache-Control', 'private, no-cache');
  return c.html(html);
}

workRoutes.get('/works/:id{[0-9]+}', (c) => showReading(c, c.req.query('view_full_work') === 'true' ? { kind: 'full' } : { kind: 'first' }));

workRoutes.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}', (c) =>
  showReading(c, { kind: 'position', position: idParam(c.req.param('position'), 'chapter') }),
);
