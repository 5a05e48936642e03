import { describe, expect, it } from 'vitest';
import { forEachDatabase, unique, type ApiErrorJson, type TestContext } from '../../test/helpers.js';
import { RELATION_LIMIT } from './blocks.js';

// GET/POST/DELETE /api/v1/blocks and /api/v1/mutes: idempotent, never yourself, at most RELATION_LIMIT each.

interface Entry {
  username: string;
  display_name: string;
  created_at: string;
  url: string;
}
interface EntryList {
  items: Entry[];
  total: number;
  next: string | null;
}

describe('/api/v1/blocks and /api/v1/mutes', () => {
  forEachDatabase((t: () => TestContext) => {
    for (const path of ['/api/v1/blocks', '/api/v1/mutes']) {
      describe(path, () => {
        async function list(token: string): Promise<EntryList> {
          const response = await t().api('GET', path, { token });
          expect(response.status).toBe(200);
          return (await response.json()) as EntryList;
        }

        it('adds an account once (201, then 200), lists it, and removes it idempotently', async () => {
          const { token } = await t().apiUser();
          const { user: other } = await t().apiUser();
          expect(await list(token)).toEqual({ items: [], total: 0, next: null });

          const first = await t().api('POST', path, { token, json: { username: other.username.toUpperCase() } });
          expect(first.status).toBe(201);
          const entry = (await first.json()) as Entry;
          expect(entry).toMatchObject({ username: other.username, url: `http://archive.test/users/${other.username}` });
          const again = await t().api('POST', path, { token, json: { username: other.username } });
          expect(again.status).toBe(200);
          expect(((await again.json()) as Entry).created_at).toBe(entry.created_at);

          const listed = await list(token);
          expect(listed.total).toBe(1);
          expect(listed.items.map((e) => e.username)).toEqual([other.username]);

          expect((await t().api('DELETE', `${path}/${other.username}`, { token })).status).toBe(204);
          expect((await t().api('DELETE', `${path}/${other.username}`, { token })).status).toBe(204);
          expect((await list(token)).total).toBe(0);
        });

        it('refuses yourself, unknown accounts and an empty username with 422; unknown on DELETE is 404', async () => {
          const { user, token } = await t().apiUser();
          const self = await t().api('POST', path, { token, json: { username: user.username } });
          expect(self.status).toBe(422);
          const body = (await self.json()) as ApiErrorJson;
          expect(body.error.code).toBe('validation_failed');
          expect(body.error.fields?.username).toMatch(/cannot (block|mute) yourself/);
          for (const json of [{ username: 'nobody_' + unique() }, { username: '' }, {}, { username: 42 }]) {
            const response = await t().api('POST', path, { token, json });
            expect(response.status, JSON.stringify(json)).toBe(422);
            expect(((await response.json()) as ApiErrorJson).error.fields?.username).toEqual(expect.any(String));
          }
          expect((await t().api('DELETE', `${path}/nobody_${unique()}`, { token })).status).toBe(404);
          expect((await list(token)).total).toBe(0);
        });

        it('needs an account', async () => {
          const { user: other } = await t().apiUser();
          expect((await t().api('GET', path)).status).toBe(401);
          expect((await t().api('POST', path, { json: { username: other.username } })).status).toBe(401);
          expect((await t().api('DELETE', `${path}/${other.username}`)).status).toBe(401);
        });

        it(`stops at ${RELATION_LIMIT} accounts with 422, and adding one already listed still succeeds`, async () => {
          const { user, token } = await t().apiUser();
          const at = new Date().toISOString();
          const prefix = unique('lim');
          const rows = Array.from({ length: RELATION_LIMIT + 1 }, (_, i) => ({
            username: `${prefix}_${i}`,
            username_key: `${prefix}_${i}`.toLowerCase(),
            email: `${prefix}_${i}@example.org`,
            password_hash: 'x',
            created_at: at,
            updated_at: at,
          }));
          for (let i = 0; i < rows.length; i += 500) await t().db.insertInto('users').values(rows.slice(i, i + 500)).execute();
          const ids = await t().db.selectFrom('users').select('id').where('username', 'like', `${prefix}_%`).orderBy('id').execute();
          const table = path.endsWith('blocks') ? 'blocks' : 'mutes';
          const column = table === 'blocks' ? 'blocked_id' : 'muted_id';
          const relations = ids.slice(0, RELATION_LIMIT - 1).map((r) => ({ user_id: user.id, [column]: r.id, created_at: at }));
          for (let i = 0; i < relations.length; i += 500) await t().db.insertInto(table).values(relations.slice(i, i + 500) as never).execute();

          // One short of the limit: the last one fits.
          expect((await t().api('POST', path, { token, json: { username: rows[RELATION_LIMIT - 1]!.username } })).status).toBe(201);
          const over = await t().api('POST', path, { token, json: { username: rows[RELATION_LIMIT]!.username } });
          expect(over.status).toBe(422);
          expect(((await over.json()) as ApiErrorJson).error.fields?.username).toMatch(/up to 2,000 accounts/);
          expect((await t().api('POST', path, { token, json: { username: rows[0]!.username } })).status).toBe(200);
          expect((await list(token)).total).toBe(RELATION_LIMIT);
        });
      });
    }
  });
});
