import { Hono } from 'hono';
import { isStaff, requireRole } from '../admin/roles.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { decodeCursor, encodeCursor, idParam } from '../http/params.js';
import type { User } from '../db/schema.js';
import { countAppeals, listAppeals, type AppealMessageRow, type AppealRow } from './appeals.queries.js';
import { decideAppeal, loadAppeal, openAppeal, postAppealMessage, type AppealView } from './appeals.js';

/** /api/v1/appeals: the JSON twins of the appeal pages. */
export const appealsApi = new Hono<AppEnv>();

const PAGE_SIZE = 50;

/** An appeal in JSON (its thread when `view` is given). Staff writers show as moderators, never by name, to the author. */
function presentAppeal(appeal: AppealRow, baseUrl: string, viewer: User, view?: AppealView) {
  const staff = isStaff(viewer);
  const writer = (m: AppealMessageRow) => {
    const moderator = m.author_id !== appeal.user_id;
    return { username: m.author_id === null ? null : moderator && !staff ? null : m.username, moderator };
  };
  return {
    id: appeal.id,
    target_type: appeal.target_type,
    target_id: appeal.target_id,
    status: appeal.status,
    outcome: appeal.outcome,
    appellant: staff || appeal.user_id === viewer.id ? { username: appeal.username } : null,
    created_at: appeal.created_at,
    updated_at: appeal.updated_at,
    decided_at: appeal.decided_at,
    url: `${baseUrl}/appeals/${appeal.id}`,
    ...(view
      ? {
          target: { label: view.target.label, url: `${baseUrl}${view.target.path}`, hidden: view.target.hiddenAt !== null, hidden_reason: view.target.hiddenReason, deleted: view.target.deleted },
          messages: view.messages.map((m) => ({ id: m.id, author: writer(m), body: m.body, created_at: m.created_at })),
        }
      : {}),
  };
}

appealsApi.get('/appeals', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const offset = Number(decodeCursor(c.req.query('cursor'))?.[0] ?? 0);
  const start = Number.isInteger(offset) && offset >= 0 ? offset : 0;
  // The staff see every appeal; an author sees their own.
  const userId = isStaff(user) ? undefined : user.id;
  const [appeals, total] = await Promise.all([listAppeals(db, { ...(userId !== undefined ? { userId } : {}), limit: PAGE_SIZE, offset: start }), countAppeals(db, userId)]);
  const next = start + appeals.length < total ? encodeCursor([start + appeals.length]) : null;
  return c.json({ items: appeals.map((a) => presentAppeal(a, config.baseUrl, user)), total, next });
});

appealsApi.post('/appeals', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const appeal = await openAppeal(db, user, await readJson(c));
  return c.json(presentAppeal(appeal, config.baseUrl, user, await loadAppeal(db, user, appeal.id)), 201);
});

appealsApi.get('/appeals/:id', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const view = await loadAppeal(db, user, idParam(c.req.param('id'), 'appeal'));
  return c.json(presentAppeal(view.appeal, config.baseUrl, user, view));
});

appealsApi.post('/appeals/:id/messages', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'appeal');
  await postAppealMessage(db, user, id, await readJson(c));
  const view = await loadAppeal(db, user, id);
  return c.json(presentAppeal(view.appeal, config.baseUrl, user, view), 201);
});

appealsApi.post('/appeals/:id/decide', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const id = idParam(c.req.param('id'), 'appeal');
  await decideAppeal(db, moderator, id, await readJson(c));
  const view = await loadAppeal(db, moderator, id);
  return c.json(presentAppeal(view.appeal, config.baseUrl, moderator, view));
});
