import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { PageContext } from '../http/page-context.js';
import { pageContext } from '../http/page-context.js';
import { formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { countHeldComments, countOpenAppeals, countOpenReports } from './accounts-admin.queries.js';
import { hasRole, requireRole } from './roles.js';

/** /admin: the staff dashboard, linking to each tool with the queue sizes that are cheap to count. */
export const adminRoutes = new Hono<AppEnv>();

interface Tool {
  readonly href: string;
  readonly title: string;
  readonly text: string;
  /** How many items wait there, when counted. */
  readonly waiting?: number;
  readonly adminOnly?: boolean;
}

function DashboardPage({ ctx, tools, admin }: { readonly ctx: PageContext; readonly tools: readonly Tool[]; readonly admin: boolean }) {
  return (
    <Layout ctx={ctx} title="Admin">
      <h1>Admin</h1>
      <p>{admin ? 'You are an administrator.' : 'You are a moderator: the tools below are yours; settings, invitations and the audit log are for administrators.'}</p>
      <ul class="admin-tools">
        {tools.map((t) => (
          <li class="admin-tool">
            <h2>
              <a href={t.href}>{t.title}</a>
              {t.waiting !== undefined ? (
                <>
                  {' '}
                  <span class={t.waiting > 0 ? 'admin-count admin-count-waiting' : 'admin-count'}>{formatNumber(t.waiting)}<span class="visually-hidden"> waiting</span></span>
                </>
              ) : null}
            </h2>
            <p>{t.text}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

adminRoutes.get('/admin', async (c) => {
  const user = requireRole(c, 'moderator');
  const { db } = c.get('services');
  const admin = hasRole(user, 'admin');
  const [reports, appeals, held] = await Promise.all([countOpenReports(db), countOpenAppeals(db), countHeldComments(db)]);
  const tools: Tool[] = [
    { href: '/admin/users', title: 'Accounts', text: 'Find accounts by username, email or sign-up address; suspend, ban, reinstate; grant roles.' },
    { href: '/admin/reports', title: 'Reports', text: 'Open and in-progress reports from readers, grouped by what they are about.', waiting: reports },
    { href: '/admin/appeals', title: 'Appeals', text: 'Authors asking for hidden content to be restored.', waiting: appeals },
    { href: '/admin/comments/held', title: 'Held comments', text: 'Comments waiting for a moderator before they appear.', waiting: held },
    { href: '/admin/settings', title: 'Settings', text: 'Site name, registration, guest comments, downloads, warnings and more.', adminOnly: true },
    { href: '/admin/invitations', title: 'Invitations', text: 'The invitation queue, and invitations to release.', adminOnly: true },
    { href: '/admin/audit', title: 'Audit log', text: 'Every staff action: who, what, when, why, before and after.', adminOnly: true },
    { href: '/admin/outbox', title: 'Outbox', text: 'Every email the archive wrote.', adminOnly: true },
  ];
  return c.html(<DashboardPage ctx={pageContext(c)} tools={tools.filter((t) => admin || !t.adminOnly)} admin={admin} />);
});
