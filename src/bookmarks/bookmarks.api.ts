import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { findUserByUsername } from '../accounts/users.queries.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { idParam, pageParam } from '../http/params.js';
import { validate } from '../http/validation.js';
import { authorizeWorkRead } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { bookmarkListing, bookmarkOf, deleteBookmark, loadBookmarkEntries, saveBookmark, updateBookmark, visibleBookmark } from './bookmarks.js';
import { presentBookmark } from './bookmarks.presenters.js';

/** /api/v1/bookmarks and a work's public bookmarks. */
export const bookmarkApi = new Hono<AppEnv>();

const PER_PAGE = 20;
const targetSchema = z
  .object({ work_id: z.number().int().positive().optional(), series_id: z.number().int().positive().optional() })
  .refine((t) => (t.work_id === undefined) !== (t.series_id === undefined), { message: 'Give either work_id or series_id.', path: ['work_id'] });

async function entryJson(c: Context<AppEnv>, bookmarkId: number) {
  const { db, config } = c.get('services');
  const [entry] = await loadBookmarkEntries(db, [await visibleBookmark(db, c.get('user'), bookmarkId)]);
  return presentBookmark(entry!, config.baseUrl);
}

function listPage(c: Context<AppEnv>) {
  const page = pageParam(c.req.query('page'));
  return { page, limit: PER_PAGE, offset: (page - 1) * PER_PAGE };
}

function listJson(c: Context<AppEnv>, result: Awaited<ReturnType<typeof bookmarkListing>>, page: number) {
  const { config } = c.get('services');
  const url = new URL(c.req.url);
  url.searchParams.set('page', String(page + 1));
  return c.json({ items: result.entries.map((e) => presentBookmark(e, config.baseUrl)), total: result.total, next: page * PER_PAGE < result.total ? url.pathname + url.search : null });
}

bookmarkApi.get('/bookmarks', async (c) => {
  const { db } = c.get('services');
  const viewer = c.get('user');
  const username = c.req.query('username');
  const { page, ...slice } = listPage(c);
  if (username === undefined) {
    const user = requireUser(c);
    return listJson(c, await bookmarkListing(db, user, { userId: user.id, includePrivate: true }, slice), page);
  }
  const owner = await findUserByUsername(db, username);
  if (!owner) throw NotFound('user');
  return listJson(c, await bookmarkListing(db, viewer, { userId: owner.id, includePrivate: viewer?.id === owner.id }, slice), page);
});

bookmarkApi.post('/bookmarks', async (c) => {
  const user = requireUser(c);
  const { bookmark, created } = await saveBookmark(c.get('services').db, user, await readJson(c));
  return c.json(await entryJson(c, bookmark.id), created ? 201 : 200);
});

bookmarkApi.delete('/bookmarks', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const body = await readJson(c);
  const query = c.req.query();
  const raw = body && typeof body === 'object' && Object.keys(body).length ? body : { ...(query.work_id ? { work_id: Number(query.work_id) } : {}), ...(query.series_id ? { series_id: Number(query.series_id) } : {}) };
  const target = validate(targetSchema, raw);
  const bookmark = await bookmarkOf(db, user, target.work_id !== undefined ? { workId: target.work_id } : { seriesId: target.series_id! });
  if (!bookmark) throw NotFound('bookmark');
  await deleteBookmark(db, user, bookmark.id);
  return c.body(null, 204);
});

bookmarkApi.get('/bookmarks/:id', async (c) => c.json(await entryJson(c, idParam(c.req.param('id'), 'bookmark'))));

bookmarkApi.patch('/bookmarks/:id', async (c) => {
  const user = requireUser(c);
  const bookmark = await updateBookmark(c.get('services').db, user, idParam(c.req.param('id'), 'bookmark'), await readJson(c));
  return c.json(await entryJson(c, bookmark.id));
});

bookmarkApi.delete('/bookmarks/:id', async (c) => {
  const user = requireUser(c);
  await deleteBookmark(c.get('services').db, user, idParam(c.req.param('id'), 'bookmark'));
  return c.body(null, 204);
});

bookmarkApi.get('/works/:id/bookmarks', async (c) => {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  authorizeWorkRead(c.get('user'), work, await workAuthorIds(db, id));
  const { page, ...slice } = listPage(c);
  return listJson(c, await bookmarkListing(db, c.get('user'), { workId: id, includePrivate: false }, slice), page);
});
