import { workRules } from './work-rules.js';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { viewerMutes } from '../blocks/muting.js';
import { visibleListingTotal } from '../exclusions/exclusions-totals.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { BadRequest, NotFound, ValidationFailed } from '../http/errors.js';
import { hasFilterParams } from '../listings/filters.js';
import { filteredListingJson, listingLimit } from '../listings/listings.api.js';
import { readJson } from '../http/forms.js';
import { decodeCursor, encodeCursor, idParam } from '../http/params.js';
import { validate } from '../http/validation.js';
import { addChapter, editChapter, removeChapter, reorderChapters } from './chapters.js';
import { findChapterByPosition, listChapters } from './chapters.queries.js';
import { loadWorkDetails } from './work-details.js';
import { authorizeWorkRead, isAuthor } from './works.policy.js';
import { presentChapter, presentWork } from './works.presenters.js';
import { findWork, listPostedWorks, workAuthorIds } from './works.queries.js';
import { createWork, deleteWork, updateWork } from './works.js';

/** /api/v1/works and its chapters. */
export const workApi = new Hono<AppEnv>();

const orderSchema = z.object({ order: z.array(z.number().int().positive(), { error: 'order is a list of chapter ids.' }) });

async function workJson(c: Context<AppEnv>, workId: number) {
  const { db, config } = c.get('services');
  const [details] = await loadWorkDetails(db, [(await findWork(db, workId))!]);
  return presentWork(details!, config.baseUrl);
}

/** Loads a work the current user may read, with its author ids. */
async function readableWork(c: Context<AppEnv>) {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  const authorIds = await workAuthorIds(db, id);
  authorizeWorkRead(c.get('user'), work, authorIds);
  const user = c.get('user');
  return { work, canSeeDrafts: isAuthor(user, authorIds) || user?.is_admin === 1 };
}

workApi.get('/works', async (c) => {
  const { db, config } = c.get('services');
  const read = (name: string) => c.req.queries(name) ?? [];
  // Filtered (or paged by number): sorted any way, the cursor is an offset and the total and facets come with the page.
  if (hasFilterParams(read) || c.req.query('page') !== undefined || decodeCursor(c.req.query('cursor'))?.[0] === 'offset') return filteredListingJson(c);
  const limit = listingLimit(c);
  const cursor = decodeCursor(c.req.query('cursor'));
  if (c.req.query('cursor') && (!cursor || typeof cursor[0] !== 'string' || typeof cursor[1] !== 'number')) throw BadRequest('That cursor is not valid.');
  const muted = await viewerMutes(db, c.get('user'));
  const excludedTags = await viewerExcludedTags(db, c.get('user'));
  const works = await listPostedWorks(db, { limit: limit + 1, excludeAuthorIds: muted, excludeTagIds: excludedTags, ...(cursor ? { after: { revisedAt: cursor[0] as string, id: cursor[1] as number } } : {}) });
  const page = works.slice(0, limit);
  const last = page[page.length - 1];
  const items = (await loadWorkDetails(db, page)).map((d) => presentWork(d, config.baseUrl));
  return c.json({ items, total: await visibleListingTotal(db, muted, excludedTags), facets: null, next: works.length > limit && last ? encodeCursor([last.revised_at!, last.id]) : null });
});

workApi.post('/works', async (c) => {
  const user = requireUser(c);
  const work = await createWork(c.get('services').db, user, await readJson(c), workRules(c.get('settings')));
  return c.json(await workJson(c, work.id), 201);
});

workApi.get('/works/:id', async (c) => {
  const { work } = await readableWork(c);
  return c.json(await workJson(c, work.id));
});

workApi.patch('/works/:id', async (c) => {
  const user = requireUser(c);
  const id = idParam(c.req.param('id'), 'work');
  await updateWork(c.get('services').db, user, id, await readJson(c), workRules(c.get('settings')));
  return c.json(await workJson(c, id));
});

workApi.delete('/works/:id', async (c) => {
  const user = requireUser(c);
  await deleteWork(c.get('services').db, user, idParam(c.req.param('id'), 'work'));
  return c.body(null, 204);
});

workApi.get('/works/:id/chapters', async (c) => {
  const { db, config } = c.get('services');
  const { work, canSeeDrafts } = await readableWork(c);
  const chapters = await listChapters(db, work.id, canSeeDrafts);
  return c.json({ items: chapters.map((ch) => presentChapter(ch, config.baseUrl)), total: chapters.length, next: null });
});

workApi.post('/works/:id/chapters', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const body = await readJson(c);
  const { position, ...input } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (position !== undefined && (!Number.isInteger(position) || (position as number) < 1)) throw BadRequest('position is a whole number from 1.');
  const chapter = await addChapter(db, user, idParam(c.req.param('id'), 'work'), input, position as number | undefined);
  return c.json(presentChapter(chapter, config.baseUrl), 201);
});

workApi.post('/works/:id/chapters/order', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const { order } = validate(orderSchema, await readJson(c));
  await reorderChapters(db, user, id, order);
  const chapters = await listChapters(db, id, true);
  return c.json({ items: chapters.map((ch) => presentChapter(ch, config.baseUrl)), total: chapters.length, next: null });
});

workApi.get('/works/:id/chapters/:position', async (c) => {
  const { db, config } = c.get('services');
  const { work, canSeeDrafts } = await readableWork(c);
  const chapter = await findChapterByPosition(db, work.id, idParam(c.req.param('position'), 'chapter'));
  if (!chapter || ((chapter.posted === 0 || chapter.hidden_at !== null) && !canSeeDrafts)) throw NotFound('chapter');
  return c.json(presentChapter(chapter, config.baseUrl));
});

workApi.patch('/works/:id/chapters/:position', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const chapter = await editChapter(db, user, idParam(c.req.param('id'), 'work'), idParam(c.req.param('position'), 'chapter'), await readJson(c));
  return c.json(presentChapter(chapter, config.baseUrl));
});

workApi.delete('/works/:id/chapters/:position', async (c) => {
  const user = requireUser(c);
  await removeChapter(c.get('services').db, user, idParam(c.req.param('id'), 'work'), idParam(c.req.param('position'), 'chapter'));
  return c.body(null, 204);
});
