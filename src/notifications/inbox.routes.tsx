import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { readForm } from '../http/forms.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { InboxPage } from './inbox.views.js';
import { INBOX_PAGE_SIZE, loadInbox, markRead, NOTIFICATION_KINDS } from './notifications.js';

/** The inbox page and its mark-read forms. */
export const inboxRoutes = new Hono<AppEnv>();

inboxRoutes.get('/inbox', async (c) => {
  const user = requireUser(c);
  const rawKind = c.req.query('kind');
  const kind = rawKind && (NOTIFICATION_KINDS as readonly string[]).includes(rawKind) ? rawKind : undefined;
  const unread = c.req.query('unread') === 'true' ? true : c.req.query('unread') === 'false' ? false : undefined;
  const page = pageParam(c.req.query('page'));
  const { items, total, unread: unreadCount } = await loadInbox(c.get('services').db, user, { kind, unread }, page);
  const ctx = pageContext(c);
  return c.html(<InboxPage ctx={{ ...ctx, user: { ...user, unread_notifications: unreadCount } }} items={items} total={total} page={page} perPage={INBOX_PAGE_SIZE} kind={kind} unread={unread} />);
});

inboxRoutes.post('/inbox/read', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const input = form.all === '1' ? { all: true } : { ids: [form.ids ?? ''] };
  const unread = await markRead(c.get('services').db, user, input);
  return redirectWithFlash(c, '/inbox', form.all === '1' ? 'All notifications are marked read.' : `Marked read. ${unread} unread left.`);
});
