import type { PageContext } from '../http/page-context.js';
import { Layout } from '../ui/layout.js';
import { Csrf } from '../ui/forms.js';
import { Pagination } from '../ui/pagination.js';
import type { Notification } from '../db/schema.js';
import { NOTIFICATION_KINDS } from './notifications.js';

const KIND_LABELS: Record<string, string> = { chapter: 'New chapters', work: 'New works', series_part: 'New series parts', comment: 'Comments', reply: 'Replies', export: 'Data exports', tag_work: 'New works in tags', saved_search_work: 'New works in saved searches', moderation: 'Moderation' };

export interface InboxItem {
  readonly notification: Notification;
  readonly text: string;
  readonly path: string;
}

/** The inbox: filters, the notifications newest first, mark read per item and all at once. */
export function InboxPage(props: { readonly ctx: PageContext; readonly items: readonly InboxItem[]; readonly total: number; readonly page: number; readonly perPage: number; readonly kind: string | undefined; readonly unread: boolean | undefined }) {
  const { ctx, items, kind, unread } = props;
  const query = new URLSearchParams();
  if (kind) query.set('kind', kind);
  if (unread !== undefined) query.set('unread', String(unread));
  const base = `/inbox${query.size ? `?${query}` : ''}`;
  return (
    <Layout ctx={ctx} title="Inbox">
      <h1>Inbox</h1>
      <p>{ctx.user?.unread_notifications ?? 0} unread</p>
      <form method="get" action="/inbox" class="inbox-filter">
        <label for="filter-kind">Show</label>
        <select id="filter-kind" name="kind">
          <option value="" selected={!kind}>Everything</option>
          {NOTIFICATION_KINDS.map((k) => <option value={k} selected={k === kind}>{KIND_LABELS[k]}</option>)}
        </select>
        <label for="filter-unread">Status</label>
        <select id="filter-unread" name="unread">
          <option value="" selected={unread === undefined}>Read and unread</option>
          <option value="true" selected={unread === true}>Unread only</option>
          <option value="false" selected={unread === false}>Read only</option>
        </select>
        <button type="submit" class="button">Filter</button>
      </form>
      <form method="post" action="/inbox/read" class="inline-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="all" value="1" />
        <button type="submit" class="button">Mark all read</button>
      </form>
      {items.length === 0 ? <p>No notifications here.</p> : null}
      <ol class="inbox-list">
        {items.map(({ notification: n, text, path }) => (
          <li class={n.read_at ? 'inbox-item' : 'inbox-item inbox-unread'} id={`notification-${n.id}`}>
            <a href={path}>{text}</a>
            {n.read_at ? null : <span class="inbox-badge"> (unread)</span>}
            <time datetime={n.created_at}> {n.created_at.slice(0, 16).replace('T', ' ')}</time>
            {n.read_at ? null : (
              <form method="post" action="/inbox/read" class="inline-form">
                <Csrf token={ctx.csrfToken} />
                <input type="hidden" name="ids" value={String(n.id)} />
                <button type="submit" class="link-button">Mark read<span class="visually-hidden">: {text}</span></button>
              </form>
            )}
          </li>
        ))}
      </ol>
      <Pagination page={props.page} total={props.total} perPage={props.perPage} basePath={base} />
    </Layout>
  );
}
