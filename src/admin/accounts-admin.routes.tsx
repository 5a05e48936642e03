import { Hono, type Context } from 'hono';
import type { User } from '../db/schema.js';
import { onInvalid } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import type { FieldErrors } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm, readFormAll, type FormInput } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { accountDetail, banAccount, findAccounts, liftAccount, setAccountRoles, suspendAccount, type AccountAction } from './accounts-admin.js';
import { AccountPage, AccountsPage } from './accounts-admin.views.js';
import { requireRole } from './roles.js';

/** /admin/users and /admin/users/:id with its action forms, for administrators and moderators. */
export const accountsAdminRoutes = new Hono<AppEnv>();

accountsAdminRoutes.get('/admin/users', async (c) => {
  const viewer = requireRole(c, 'moderator');
  const q = c.req.query('q') ?? '';
  const accounts = await findAccounts(c.get('services').db, q);
  return c.html(<AccountsPage ctx={pageContext(c)} q={q} accounts={accounts} timeZone={viewer.time_zone} />);
});

async function renderAccount(c: Context<AppEnv>, viewer: User, id: number, failed?: { action: AccountAction; values: FormInput; errors: FieldErrors }) {
  const detail = await accountDetail(c.get('services').db, viewer, id);
  return c.html(
    <AccountPage ctx={pageContext(c)} viewer={viewer} {...detail} failed={failed ? { action: failed.action, form: { values: failed.values, errors: failed.errors } } : undefined} />,
    failed ? 422 : 200,
  );
}

accountsAdminRoutes.get('/admin/users/:id', async (c) => {
  const viewer = requireRole(c, 'moderator');
  return renderAccount(c, viewer, idParam(c.req.param('id'), 'account'));
});

/** Each form names its reason field after itself (one page holds several forms); the domain functions take `reason`. */
const ACTIONS: Record<AccountAction, { reasonField: string; run: typeof suspendAccount; done: (name: string) => string }> = {
  roles: { reasonField: 'roles_reason', run: setAccountRoles, done: (name) => `Saved the roles of ${name}.` },
  suspend: { reasonField: 'suspend_reason', run: suspendAccount, done: (name) => `Suspended ${name}.` },
  ban: { reasonField: 'ban_reason', run: banAccount, done: (name) => `Banned ${name}: their sessions and tokens have ended.` },
  lift: { reasonField: 'lift_reason', run: liftAccount, done: (name) => `Reinstated ${name}.` },
};

for (const [action, { reasonField, run, done }] of Object.entries(ACTIONS) as [AccountAction, (typeof ACTIONS)[AccountAction]][]) {
  accountsAdminRoutes.post(`/admin/users/:id/${action}`, async (c) => {
    const viewer = requireRole(c, 'moderator');
    const id = idParam(c.req.param('id'), 'account');
    const form = await readForm(c);
    const input: Record<string, unknown> = { ...form, reason: form[reasonField] ?? '' };
    if (action === 'roles') input.roles = await readFormAll(c, 'roles');
    return onInvalid(
      async () => {
        const account = await run(c.get('services').db, viewer, id, input);
        return redirectWithFlash(c, `/admin/users/${id}`, done(account.username));
      },
      (errors) => {
        const placed: FieldErrors = {};
        for (const [field, message] of Object.entries(errors)) placed[field === 'reason' ? reasonField : field] = message;
        return renderAccount(c, viewer, id, { action, values: form, errors: placed });
      },
    );
  });
}
