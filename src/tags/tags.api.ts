import { Hono } from 'hono';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { presentTag } from './tags.presenters.js';
import { loadTagView, setWrangler, wrangleTag } from './tags.js';
import { suggestTags } from './tag-suggestions.js';

/** /api/v1/tags, and appointing wranglers on /api/v1/users. */
export const tagsApi = new Hono<AppEnv>();

tagsApi.get('/tags', async (c) => {
  const suggestions = await suggestTags(c.get('services').db, c.req.query('q'), c.req.query('kind'));
  // Suggestions change only when tags are wrangled: a minute of caching spares the index on fast typists.
  c.header('Cache-Control', 'private, max-age=60');
  return c.json({ items: suggestions });
});

tagsApi.get('/tags/:name', async (c) => {
  const { db } = c.get('services');
  const user = c.get('user');
  return c.json(presentTag(await loadTagView(db, c.req.param('name'), await viewerMutes(db, user), await viewerExcludedTags(db, user))));
});

tagsApi.patch('/tags/:name', async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const tag = await wrangleTag(db, user, c.req.param('name'), await readJson(c));
  return c.json(presentTag(await loadTagView(db, tag.name, await viewerMutes(db, user), await viewerExcludedTags(db, user))));
});

tagsApi.patch('/users/:username', async (c) => {
  const user = requireUser(c);
  const target = await setWrangler(c.get('services').db, user, c.req.param('username'), await readJson(c));
  return c.json({ username: target.username, wrangler: target.is_wrangler === 1 });
});
