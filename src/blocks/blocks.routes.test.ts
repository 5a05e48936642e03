import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, type TestContext } from '../../test/helpers.js';

// The Block/Mute buttons on author pages and the /settings/blocked and /settings/muted pages; and what a block
// stops: comments, replies and kudos on the blocker's works and comments.

describe('blocking and muting pages', () => {
  forEachDatabase((t: () => TestContext) => {
    it('blocks and unblocks from the author page, with a confirmation and a flash, idempotently', async () => {
      const reader = t().browser();
      const me = await t().signUp(reader);
      const { user: author } = await t().apiUser();
      const profile = await (await reader.get(`/users/${author.username}`)).text();
      expect(profile).toContain(`action="/users/${author.username}/block"`);
      expect(profile).toContain(`action="/users/${author.username}/mute"`);
      expect(profile).toContain('data-confirm="Block');
      expect(pageText(profile)).toContain('cannot comment on or reply to your works and comments');

      for (let i = 0; i < 2; i++) {
        const response = await reader.post(`/users/${author.username}/block`);
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe(`/users/${author.username}`);
      }
      const after = await (await reader.get(`/users/${author.username}`)).text();
      expect(pageText(after)).toContain(`You blocked ${author.username}: they can no longer comment`);
      expect(after).toContain(`action="/users/${author.username}/unblock"`);
      const rows = await t().db.selectFrom('blocks').selectAll().where('user_id', '=', me.id).execute();
      expect(rows.map((r) => r.blocked_id)).toEqual([author.id]);

      expect((await reader.post(`/users/${author.username}/unblock`)).status).toBe(303);
      expect((await reader.post(`/users/${author.username}/unblock`)).status).toBe(303);
      expect(await t().db.selectFrom('blocks').selectAll().where('user_id', '=', me.id).execute()).toEqual([]);
      expect(await (await reader.get(`/users/${author.username}`)).text()).toContain(`action="/users/${author.username}/block"`);
    });

    it('mutes and unmutes from the author page', async () => {
      const reader = t().browser();
      const me = await t().signUp(reader);
      const { user: author } = await t().apiUser();
      await reader.get(`/users/${author.username}`);
      expect((await reader.post(`/users/${author.username}/mute`)).status).toBe(303);
      expect(pageText(await (await reader.get(`/users/${author.username}`)).text())).toContain(`You muted ${author.username}: their works and comments are hidden`);
      expect(await t().db.selectFrom('mutes').select('muted_id').where('user_id', '=', me.id).execute()).toEqual([{ muted_id: author.id }]);
      expect((await reader.post(`/users/${author.username}/unmute`)).status).toBe(303);
      expect(await t().db.selectFrom('mutes').select('muted_id').where('user_id', '=', me.id).execute()).toEqual([]);
    });

    it('shows no buttons to guests or on your own page; refuses yourself (422), guests (401) and a missing CSRF token (403)', async () => {
      const reader = t().browser();
      const me = await t().signUp(reader);
      const { user: author } = await t().apiUser();
      expect(await (await reader.get(`/users/${me.username}`)).text()).not.toContain('/block"');
      const guest = t().browser();
      expect(await (await guest.get(`/users/${author.username}`)).text()).not.toContain('/block"');
      expect((await guest.post(`/users/${author.username}/block`)).status).toBe(401);

      const self = await reader.post(`/users/${me.username}/block`);
      expect(self.status).toBe(422);
      expect(pageText(await self.text())).toContain('You cannot block yourself.');
      expect((await reader.post(`/users/${me.username}/mute`)).status).toBe(422);
      expect((await reader.post(`/users/${author.username}/block`, { _csrf: null })).status).toBe(403);
      expect((await reader.post(`/users/nobody-at-all/block`)).status).toBe(422);
      expect((await reader.post(`/users/nobody-at-all/unblock`)).status).toBe(404);
      expect(await t().db.selectFrom('blocks').selectAll().where('user_id', '=', me.id).execute()).toEqual([]);
    });

    for (const [kind, path, table] of [
      ['block', '/settings/blocked', 'blocks'],
      ['mute', '/settings/muted', 'mutes'],
    ] as const) {
      it(`${path} lists the accounts, adds by username (422 with the text kept) and removes them`, async () => {
        const reader = t().browser();
        const me = await t().signUp(reader);
        const { user: other } = await t().apiUser();
        expect(await (await reader.get('/settings')).text()).toContain(`href="${path}"`);
        const empty = await reader.get(path);
        expect(empty.status).toBe(200);
        expect(pageText(await empty.text())).toContain(`You have not ${kind === 'block' ? 'blocked' : 'muted'} anyone.`);

        const bad = await reader.post(path, { username: 'no-such-reader' });
        expect(bad.status).toBe(422);
        const badHtml = await bad.text();
        expect(fieldError(badHtml, 'username')).toBe('No account has that username.');
        expect(badHtml).toContain('value="no-such-reader"');
        const self = await reader.post(path, { username: me.username });
        expect(fieldError(await self.text(), 'username')).toBe(`You cannot ${kind} yourself.`);

        const added = await reader.post(path, { username: other.username });
        expect(added.status).toBe(303);
        expect(added.headers.get('location')).toBe(path);
        const listed = await (await reader.get(path)).text();
        expect(listed).toContain(`href="/users/${other.username}"`);
        const remove = `/users/${other.username}/${kind === 'block' ? 'unblock' : 'unmute'}`;
        expect(listed).toContain(`action="${remove}"`);
        expect(listed).toContain(`name="return_to" value="${path}"`);

        const removed = await reader.post(remove, { return_to: path });
        expect(removed.headers.get('location')).toBe(path);
        expect(await t().db.selectFrom(table).selectAll().where('user_id', '=', me.id).execute()).toEqual([]);
        // return_to goes only to the settings lists, never elsewhere.
        expect((await reader.post(remove, { return_to: 'https://evil.example/' })).headers.get('location')).toBe(`/users/${other.username}`);
        expect((await t().browser().get(path)).status).toBe(401);
      });
    }

    it('a blocked account gets 403 commenting on the blocker’s work and replying to the blocker’s comment', async () => {
      const { user: author, token: authorToken } = await t().apiUser();
      const { user: pest, token: pestToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      const path = `/api/v1/works/${work.id}/chapters/1/comments`;
      const authorComment = await t().api('POST', path, { token: authorToken, json: { body: 'Thanks for reading.' } });
      expect(authorComment.status).toBe(201);
      const { id: commentId } = (await authorComment.json()) as { id: number };
      // Before the block both are allowed.
      expect((await t().api('POST', path, { token: pestToken, json: { body: 'First!' } })).status).toBe(201);

      expect((await t().api('POST', '/api/v1/blocks', { token: authorToken, json: { username: pest.username } })).status).toBe(201);
      expect((await t().api('POST', path, { token: pestToken, json: { body: 'Again!' } })).status).toBe(403);
      expect((await t().api('POST', `/api/v1/comments/${commentId}/replies`, { token: pestToken, json: { body: 'Reply!' } })).status).toBe(403);

      expect((await t().api('DELETE', `/api/v1/blocks/${pest.username}`, { token: authorToken })).status).toBe(204);
      expect((await t().api('POST', path, { token: pestToken, json: { body: 'Back again.' } })).status).toBe(201);
      void author;
    });

    it('a blocked account gets 403 leaving kudos on the blocker’s work; another reader does not', async () => {
      const { token: authorToken } = await t().apiUser();
      const { user: pest, token: pestToken } = await t().apiUser();
      const { token: friendToken } = await t().apiUser();
      const work = await postWork(t(), authorToken);
      expect((await t().api('POST', '/api/v1/blocks', { token: authorToken, json: { username: pest.username } })).status).toBe(201);
      const refused = await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: pestToken });
      expect(refused.status).toBe(403);
      expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: friendToken })).status).toBe(201);
      expect((await t().api('DELETE', `/api/v1/blocks/${pest.username}`, { token: authorToken })).status).toBe(204);
      expect((await t().api('POST', `/api/v1/works/${work.id}/kudos`, { token: pestToken })).status).toBe(201);
    });
  });
});
