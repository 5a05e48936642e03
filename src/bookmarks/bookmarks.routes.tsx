import { Hono, type Context } from 'hono';
import { findUserByUsername } from '../accounts/users.queries.js';
import type { Bookmark } from '../db/schema.js';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { Gone, NotFound } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm, type FormInput } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { findSeries } from '../series/series.queries.js';
import { ProfileNav } from '../users/users.views.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { bookmarkListing, bookmarkOf, deleteBookmark, saveBookmark, visibleBookmark } from './bookmarks.js';
import { tagsForBookmarks } from './bookmarks.queries.js';
import { BookmarkFormPage, BookmarkListPage } from './bookmarks.views.js';

/** Bookmark forms and listings: a reader's bookmarks, a work's public bookmarks. */
export const bookmarkRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;

interface Target {
  readonly kind: 'work' | 'series';
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

async function formTarget(c: Context<AppEnv>, kind: 'work' | 'series'): Promise<Target> {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), kind);
  if (kind === 'work') {
    const work = await findWork(db, id);
    authorizeWorkRead(c.get('user'), work, await workAuthorIds(db, id));
    return { kind, id, title: work.title, url: `/works/${id}` };
  }
  const series = await findSeries(db, id);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  return { kind, id, title: series.title, url: `/series/${id}` };
}

async function formValues(c: Context<AppEnv>, bookmark: Bookmark | undefined): Promise<FormInput> {
  if (!bookmark) return {};
  const tags = (await tagsForBookmarks(c.get('services').db, [bookmark.id])).get(bookmark.id) ?? [];
  return { notes: bookmark.notes_source, tags: tags.join(', '), ...(bookmark.private ? { private: '1' } : {}), ...(bookmark.rec ? { rec: '1' } : {}) };
}

function showForm(kind: 'work' | 'series') {
  return async (c: Context<AppEnv>) => {
    const user = requireUser(c);
    const target = await formTarget(c, kind);
    const existing = await bookmarkOf(c.get('services').db, user, kind === 'work' ? { workId: target.id } : { seriesId: target.id });
    return c.html(
      <BookmarkFormPage ctx={pageContext(c)} title={target.title} action={`${target.url}/bookmark`} backUrl={target.url} existingId={existing?.id} form={{ values: await formValues(c, existing), errors: {} }} />,
    );
  };
}

function submitForm(kind: 'work' | 'series') {
  return async (c: Context<AppEnv>) => {
    const user = requireUser(c);
    const { db } = c.get('services');
    const target = await formTarget(c, kind);
    const form = await readForm(c);
    const existing = await bookmarkOf(db, user, kind === 'work' ? { workId: target.id } : { seriesId: target.id });
    return onInvalid(
      async () => {
        const input = { [kind === 'work' ? 'work_id' : 'series_id']: target.id, notes: form.notes ?? '', tags: form.tags ?? '', private: form.private !== undefined, rec: form.rec !== undefined };
        const { created } = await saveBookmark(db, user, input);
        return redirectWithFlash(c, target.url, created ? 'Bookmarked.' : 'Your bookmark has been saved.');
      },
      (errors) =>
        c.html(<BookmarkFormPage ctx={pageContext(c)} title={target.title} action={`${target.url}/bookmark`} backUrl={target.url} existingId={existing?.id} form={{ values: form, errors }} />, 422),
    );
  };
}

bookmarkRoutes.get('/works/:id{[0-9]+}/bookmark', showForm('work'));
bookmarkRoutes.post('/works/:id{[0-9]+}/bookmark', submitForm('work'));
bookmarkRoutes.get('/series/:id{[0-9]+}/bookmark', showForm('series'));
bookmarkRoutes.post('/series/:id{[0-9]+}/bookmark', submitForm('series'));

bookmarkRoutes.post('/bookmarks/:id{[0-9]+}/delete', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const bookmark = await visibleBookmark(db, user, idParam(c.req.param('id'), 'bookmark'));
  await deleteBookmark(db, user, bookmark.id);
  return redirectWithFlash(c, `/users/${encodeURIComponent(user.username)}/bookmarks`, 'Your bookmark has been deleted.');
});

bookmarkRoutes.get('/users/:username/bookmarks', async (c) => {
  const { db } = c.get('services');
  const owner = await findUserByUsername(db, c.req.param('username'));
  if (!owner) throw NotFound('user');
  const viewer = c.get('user');
  const page = pageParam(c.req.query('page'));
  const { entries, total } = await bookmarkListing(db, viewer, { userId: owner.id, includePrivate: viewer?.id === owner.id }, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  if (page > 1 && entries.length === 0) throw NotFound('page');
  return c.html(
    <BookmarkListPage
      ctx={pageContext(c)}
      heading={`Bookmarks by ${owner.username}`}
      nav={<ProfileNav user={owner} current="bookmarks" />}
      entries={entries}
      total={total}
      page={page}
      perPage={PER_PAGE}
      basePath={`/users/${encodeURIComponent(owner.username)}/bookmarks`}
      showOwner={false}
    />,
  );
});

bookmarkRoutes.get('/works/:id{[0-9]+}/bookmarks', async (c) => {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  authorizeWorkRead(c.get('user'), work, await workAuthorIds(db, id));
  const page = pageParam(c.req.query('page'));
  const { entries, total } = await bookmarkListing(db, c.get('user'), { workId: id, includePrivate: false }, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  if (page > 1 && entries.length === 0) throw NotFound('page');
  return c.html(
    <BookmarkListPage ctx={pageContext(c)} heading={`Bookmarks of ${work.title}`} entries={entries} total={total} page={page} perPage={PER_PAGE} basePath={`/works/${id}/bookmarks`} showOwner />,
  );
});
