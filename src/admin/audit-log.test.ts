import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, pageText, type TestContext } from '../../test/helpers.js';
import { signedIn, staffUser } from './admin-test-helpers.js';
import { recordAudit } from './audit.js';

// The audit log: administrators read it (newest first, filtered, paged); moderators may not; nobody can change it.

describe('audit log', () => {
  forEachDatabase((t: () => TestContext) => {
    it('refuses UPDATE on audit_log at the database, on this engine', async () => {
      const id = await recordAudit(t().db, { actorId: null, action: 'test.entry', targetType: 'user', targetId: 1, reason: 'original' });
      await expect(t().db.updateTable('audit_log').set({ reason: 'rewritten' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
      await expect(sql`update audit_log set action = 'x'`.execute(t().db)).rejects.toThrow(/append-only/);
      const row = await t().db.selectFrom('audit_log').select('reason').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.reason).toBe('original');
    });

    it('is for administrators only: guests 401, moderators 403, on the page and the API', async () => {
      expect((await t().browser().get('/admin/audit')).status).toBe(401);
      const { user: modUser, token: modToken } = await staffUser(t(), ['moderator']);
      expect((await (await signedIn(t(), modUser)).get('/admin/audit')).status).toBe(403);
      expect((await t().api('GET', '/api/v1/admin/audit', { token: modToken })).status).toBe(403);
      const { token } = await staffUser(t(), ['admin']);
      expect((await t().api('GET', '/api/v1/admin/audit', { token })).status).toBe(200);
    });

    it('shows who, what, when, why and before/after, newest first, filtered and paged', async () => {
      const { user: adminUser, token } = await staffUser(t(), ['admin']);
      const { user: target } = await staffUser(t());
      const { user: other } = await staffUser(t());
      await t().api('POST', `/api/v1/admin/users/${target.id}/suspend`, { token, json: { days: 1, reason: 'First warning' } });
      await t().api('POST', `/api/v1/admin/users/${target.id}/lift`, { token, json: { reason: 'Apologised' } });
      await t().api('POST', `/api/v1/admin/users/${other.id}/roles`, { token, json: { roles: ['wrangler'], reason: 'Tag volunteer' } });

      const admin = await signedIn(t(), adminUser);
      const page = await admin.get(`/admin/audit?actor=${adminUser.username}`);
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      const [lift, suspend, grant] = ['Apologised', 'First warning', 'Tag volunteer'].map((r) => text.indexOf(r));
      expect(grant).toBeGreaterThan(-1);
      expect(grant).toBeLessThan(lift!);
      expect(lift).toBeLessThan(suspend!);
      expect(text).toContain(`user.suspend on user #${target.id} by ${adminUser.username}`);
      expect(text).toMatch(/suspension_reason — First warning/);

      const filtered = pageText(await (await admin.get(`/admin/audit?action=role.&actor=${adminUser.username}`)).text());
      expect(filtered).toContain('Tag volunteer');
      expect(filtered).not.toContain('First warning');
      const byTarget = pageText(await (await admin.get(`/admin/audit?target_type=user&target_id=${target.id}`)).text());
      expect(byTarget).toContain('First warning');
      expect(byTarget).not.toContain('Tag volunteer');
      expect(pageText(await (await admin.get('/admin/audit?actor=nobody-like-this')).text())).toContain('No entries.');

      // The API pages with a cursor: one entry a page, all three in order, then the end.
      const seen: string[] = [];
      let cursor: string | null = '';
      for (let i = 0; i < 4 && cursor !== null; i++) {
        const response = await t().api('GET', `/api/v1/admin/audit?actor=${adminUser.username}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token });
        const body = (await response.json()) as { items: { reason: string; actor: { username: string }; before: Record<string, unknown>; after: Record<string, unknown> }[]; next: string | null };
        seen.push(...body.items.map((e) => e.reason));
        if (body.items[0]?.reason === 'First warning') expect(body.items[0].after.suspension_reason).toBe('First warning');
        cursor = body.next;
      }
      expect(seen).toEqual(['Tag volunteer', 'Apologised', 'First warning']);
      expect(cursor).toBeNull();
    });

    it('has no route that edits or deletes an entry', async () => {
      const { token } = await staffUser(t(), ['admin']);
      const id = await recordAudit(t().db, { actorId: null, action: 'test.entry', targetType: 'user', targetId: 1 });
      for (const method of ['PATCH', 'PUT', 'DELETE']) {
        expect((await t().api(method, `/api/v1/admin/audit/${id}`, { token, json: {} })).status, method).toBe(404);
      }
      expect((await t().api('POST', '/api/v1/admin/audit', { token, json: {} })).status).toBe(404);
    });
  });
});
