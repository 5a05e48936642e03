import { Hono } from 'hono';
import { addRelation, removeRelation } from '../blocks/blocks.js';
import { listRelations } from '../blocks/blocks.queries.js';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { ValidationFailed } from '../http/errors.js';
import { readJson } from '../http/forms.js';
import { tagPath } from '../tags/tags.presenters.js';
import { excludeTag, includeTag } from './exclusions.js';
import { listTagExclusions } from './exclusions.queries.js';

/** /api/v1/me/exclusions: the JSON twin of /settings/exclusions and the tag pages' "Never show me this" button. */
export const exclusionsApi = new Hono<AppEnv>();

const presentTagExclusion = (e: { name: string; kind: string; created_at: string }, baseUrl: string) => ({
  tag: e.name,
  kind: e.kind,
  created_at: e.created_at,
  url: `${baseUrl}${tagPath(e.name)}`,
});
const presentAuthor = (e: { username: string; display_name: string; created_at: string }, baseUrl: string) => ({
  username: e.username,
  display_name: e.display_name,
  created_at: e.created_at,
  url: `${baseUrl}/users/${encodeURIComponent(e.username)}`,
});

exclusionsApi.get('/me/exclusions', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  // Both lists are capped (TAG_EXCLUSION_LIMIT, RELATION_LIMIT), so they fit one response.
  const [tags, authors] = await Promise.all([listTagExclusions(db, user.id), listRelations(db, 'mute', user.id)]);
  return c.json({ tags: tags.map((e) => presentTagExclusion(e, config.baseUrl)), authors: authors.map((e) => presentAuthor(e, config.baseUrl)) });
});

exclusionsApi.post('/me/exclusions', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const input = await readJson(c);
  const body = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if ('tag' in body === 'username' in body) {
    throw ValidationFailed({ tag: 'Give either a tag or a username.' }, 'Give either a tag or a username.');
  }
  if ('tag' in body) {
    const { tag, createdAt, created } = await excludeTag(db, user, { tag: body.tag });
    return c.json({ tag: presentTagExclusion({ name: tag.name, kind: tag.kind, created_at: createdAt }, config.baseUrl) }, created ? 201 : 200);
  }
  // An excluded author is a muted author: the same list as /api/v1/mutes.
  const { other, createdAt, created } = await addRelation(db, user, 'mute', { username: body.username });
  return c.json({ author: presentAuthor({ username: other.username, display_name: other.display_name, created_at: createdAt }, config.baseUrl) }, created ? 201 : 200);
});

exclusionsApi.delete('/me/exclusions/tags/:name', async (c) => {
  await includeTag(c.get('services').db, requireUser(c), c.req.param('name'));
  return c.body(null, 204);
});

exclusionsApi.delete('/me/exclusions/authors/:username', async (c) => {
  await removeRelation(c.get('services').db, requireUser(c), 'mute', c.req.param('username'));
  return c.body(null, 204);
});
