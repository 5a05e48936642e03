import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { idParam, pageParam } from '../http/params.js';
import { HISTORY_PER_PAGE, clearHistory, markForLater, readingList } from './history.js';

/** /api/v1/history and the to-read list. */
export const historyApi = new Hono<AppEnv>();

historyApi.get('/history', async (c) => {
  const user = requireUser(c);
  const { config, db } = c.get('services');
  const later = c.req.query('later') === 'true';
  const page = pageParam(c.req.query('page'));
  const { rows, total } = await readingList(db, user, later, page);
  const next = page * HISTORY_PER_PAGE < total ? `/api/v1/history?${later ? 'later=true&' : ''}page=${page + 1}` : null;
  return c.json({
    items: rows.map((r) => ({
      work_id: r.work_id,
      url: `${config.baseUrl}/works/${r.work_id}`,
      last_chapter_position: r.chapter_position,
      views: r.views,
      marked_for_later: r.marked_for_later === 1,
      visited_at: r.visited_at,
    })),
    total,
    next,
  });
});

historyApi.delete('/history', async (c) => {
  await clearHistory(c.get('services').db, requireUser(c));
  return c.body(null, 204);
});

historyApi.post('/works/:id/later', async (c) => {
  await markForLater(c.get('services').db, requireUser(c), idParam(c.req.param('id'), 'work'), true);
  return c.json({ marked_for_later: true });
});

historyApi.delete('/works/:id/later', async (c) => {
  await markForLater(c.get('services').db, requireUser(c), idParam(c.req.param('id'), 'work'), false);
  return c.json({ marked_for_later: false });
});
