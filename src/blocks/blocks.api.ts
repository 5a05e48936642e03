import { Hono, type Context } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { addRelation, removeRelation } from './blocks.js';
import { listRelations, type RelationEntry, type RelationKind } from './blocks.queries.js';

/** /api/v1/blocks and /api/v1/mutes: the JSON twins of the block and mute buttons and settings pages. */
export const blocksApi = new Hono<AppEnv>();

function presentRelation(entry: RelationEntry, baseUrl: string) {
  return {
    username: entry.username,
    display_name: entry.display_name,
    created_at: entry.created_at,
    url: `${baseUrl}/users/${encodeURIComponent(entry.username)}`,
  };
}

for (const [kind, path] of [
  ['block', '/blocks'],
  ['mute', '/mutes'],
] as const satisfies readonly (readonly [RelationKind, string])[]) {
  const list = async (c: Context<AppEnv>) => {
    const user = requireUser(c);
    const { db, config } = c.get('services');
    // At most RELATION_LIMIT entries, so the whole list fits one response.
    const items = (await listRelations(db, kind, user.id)).map((e) => presentRelation(e, config.baseUrl));
    return { items, total: items.length, next: null };
  };

  blocksApi.get(path, async (c) => c.json(await list(c)));

  blocksApi.post(path, async (c) => {
    const user = requireUser(c);
    const { db, config } = c.get('services');
    const { other, createdAt, created } = await addRelation(db, user, kind, await readJson(c));
    const entry = { username: other.username, display_name: other.display_name, created_at: createdAt };
    return c.json(presentRelation(entry, config.baseUrl), created ? 201 : 200);
  });

  blocksApi.delete(`${path}/:username`, async (c) => {
    const user = requireUser(c);
    await removeRelation(c.get('services').db, user, kind, c.req.param('username'));
    return c.body(null, 204);
  });
}
