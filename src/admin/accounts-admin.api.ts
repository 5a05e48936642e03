import { Hono } from 'hono';
import type { User } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { idParam } from '../http/params.js';
import { accountDetail, banAccount, findAccounts, liftAccount, setAccountRoles, suspendAccount } from './accounts-admin.js';
import { accountStatus } from './accounts-admin.views.js';
import { presentAuditEntry } from './audit-log.js';
import { requireRole, rolesOf } from './roles.js';

/** /api/v1/admin/users: the JSON twins of the account pages and their actions (staff only). */
export const accountsAdminApi = new Hono<AppEnv>();

/** An account as staff see it. */
export function presentAccount(user: User, baseUrl: string) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    email: user.email,
    roles: rolesOf(user),
    status: accountStatus(user),
    suspended_until: user.suspended_until,
    suspension_reason: user.suspension_reason,
    banned_at: user.banned_at,
    ban_reason: user.ban_reason,
    signup_ip: user.signup_ip,
    created_at: user.created_at,
    url: `${baseUrl}/admin/users/${user.id}`,
  };
}

accountsAdminApi.get('/admin/users', async (c) => {
  requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const items = (await findAccounts(db, c.req.query('q'))).map((u) => presentAccount(u, config.baseUrl));
  return c.json({ items, total: items.length, next: null });
});

accountsAdminApi.get('/admin/users/:id', async (c) => {
  const viewer = requireRole(c, 'moderator');
  const { db, config } = c.get('services');
  const detail = await accountDetail(db, viewer, idParam(c.req.param('id'), 'account'));
  return c.json({
    ...presentAccount(detail.account, config.baseUrl),
    works_count: detail.works,
    comments_count: detail.comments,
    audit: detail.audit ? detail.audit.map(presentAuditEntry) : null,
  });
});

for (const [action, run] of [
  ['roles', setAccountRoles],
  ['suspend', suspendAccount],
  ['ban', banAccount],
  ['lift', liftAccount],
] as const) {
  accountsAdminApi.post(`/admin/users/:id/${action}`, async (c) => {
    const viewer = requireRole(c, 'moderator');
    const { db, config } = c.get('services');
    const account = await run(db, viewer, idParam(c.req.param('id'), 'account'), await readJson(c));
    return c.json(presentAccount(account, config.baseUrl));
  });
}
