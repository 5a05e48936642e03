import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { tagPath } from '../tags/tags.presenters.js';
import { describeWrangling, loadQueue, loadWranglingLog, logDetails, requireWrangler } from './wrangling.js';

/** /api/v1/wrangling: the JSON twins of the wrangling queue and log (wranglers and administrators). */
export const wranglingApi = new Hono<AppEnv>();

wranglingApi.get('/wrangling/queue', async (c) => {
  requireWrangler(requireUser(c));
  const { db, config } = c.get('services');
  const queue = await loadQueue(db, { fandom: c.req.query('fandom'), kind: c.req.query('kind'), cursor: c.req.query('cursor') });
  return c.json({
    fandom: queue.fandom?.name ?? null,
    fandoms: queue.fandoms.map((f) => ({ name: f.name, unwrangled_count: f.unwrangled })),
    items: queue.tags.map((t) => ({ name: t.name, kind: t.kind, uses: t.uses, url: `${config.baseUrl}${tagPath(t.name)}` })),
    next: queue.next,
  });
});

wranglingApi.get('/wrangling/log', async (c) => {
  requireWrangler(requireUser(c));
  const page = await loadWranglingLog(c.get('services').db, { tag: c.req.query('tag'), wrangler: c.req.query('wrangler'), cursor: c.req.query('cursor') });
  return c.json({
    items: page.entries.map((e) => {
      const details = logDetails(e.details);
      return { id: e.id, created_at: e.created_at, wrangler: e.actor, tag: { name: e.tag_name, kind: e.tag_kind }, action: e.action, details, description: describeWrangling(e.action, details) };
    }),
    next: page.next,
  });
});
