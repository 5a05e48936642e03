import { Hono, type Context } from 'hono';
import { requireUser } from '../http/auth.js';
import { viewerMutes, withoutMutedWorks } from '../blocks/muting.js';
import type { AppEnv } from '../http/env.js';
import { Gone, NotFound } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { idParam } from '../http/params.js';
import { presentSeries } from './series.presenters.js';
import { findSeries, listSeriesParts, seriesAuthorNames } from './series.queries.js';
import { createSeries, deleteSeries, updateSeries } from './series.js';
import { hiddenFrom } from '../moderation/moderation.policy.js';

/** /api/v1/series. */
export const seriesApi = new Hono<AppEnv>();

async function seriesJson(c: Context<AppEnv>, id: number) {
  const { db, config } = c.get('services');
  const series = await findSeries(db, id);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  const user = c.get('user');
  if (hiddenFrom(user, series.hidden_at, [series.user_id])) throw NotFound('series');
  const owner = user !== undefined && (user.id === series.user_id || user.is_admin === 1);
  const [authors, parts] = await Promise.all([seriesAuthorNames(db, id, series.user_id), listSeriesParts(db, id, owner)]);
  const visible = await withoutMutedWorks(db, parts, (p) => p.work_id, owner ? [] : await viewerMutes(db, user));
  return presentSeries(series, authors, visible, config.baseUrl);
}

seriesApi.post('/series', async (c) => {
  const user = requireUser(c);
  const series = await createSeries(c.get('services').db, user, await readJson(c));
  return c.json(await seriesJson(c, series.id), 201);
});

seriesApi.get('/series/:id', async (c) => c.json(await seriesJson(c, idParam(c.req.param('id'), 'series'))));

seriesApi.patch('/series/:id', async (c) => {
  const user = requireUser(c);
  const id = idParam(c.req.param('id'), 'series');
  await updateSeries(c.get('services').db, user, id, await readJson(c));
  return c.json(await seriesJson(c, id));
});

seriesApi.delete('/series/:id', async (c) => {
  const user = requireUser(c);
  await deleteSeries(c.get('services').db, user, idParam(c.req.param('id'), 'series'));
  return c.body(null, 204);
});
