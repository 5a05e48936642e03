import { Hono, type Context } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext, safeReturnPath } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { loadWorkDetails } from '../works/work-details.js';
import { findWork } from '../works/works.queries.js';
import { HISTORY_PER_PAGE, clearHistory, markForLater, readingList } from './history.js';
import { HistoryPage, type HistoryEntry } from './history.views.js';

/** The reader's history and to-read list. */
export const historyRoutes = new Hono<AppEnv>();

async function showList(c: Context<AppEnv>, later: boolean): Promise<Response> {
  const user = requireUser(c);
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const { rows, total } = await readingList(db, user, later, page);
  if (page > 1 && rows.length === 0) throw NotFound('page');
  const works = (await Promise.all(rows.map((r) => findWork(db, r.work_id)))).filter((w) => w !== undefined);
  const details = new Map((await loadWorkDetails(db, works)).map((d) => [d.work.id, d]));
  const entries: HistoryEntry[] = rows.flatMap((reading) => {
    const d = details.get(reading.work_id);
    return d ? [{ reading, details: d }] : [];
  });
  return c.html(<HistoryPage ctx={pageContext(c)} later={later} entries={entries} total={total} page={page} perPage={HISTORY_PER_PAGE} historyEnabled={user.history_enabled === 1} />);
}

historyRoutes.get('/history', (c) => showList(c, false));
historyRoutes.get('/history/later', (c) => showList(c, true));

historyRoutes.post('/history/clear', async (c) => {
  await clearHistory(c.get('services').db, requireUser(c));
  return redirectWithFlash(c, '/history', 'Your reading history has been cleared.');
});

historyRoutes.post('/works/:id{[0-9]+}/later', async (c) => {
  const user = requireUser(c);
  const id = idParam(c.req.param('id'), 'work');
  const form = await readForm(c);
  const marked = form.marked !== '0';
  await markForLater(c.get('services').db, user, id, marked);
  const back = form.return_to ? safeReturnPath(form.return_to) : `/works/${id}`;
  return redirectWithFlash(c, back, marked ? 'Marked for later. It is on your list at Marked for later.' : 'Removed from your Marked for later list.');
});
