import type { PageContext } from '../http/page-context.js';
import { Csrf } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { tagPath } from '../tags/tags.presenters.js';
import type { SubscriptionRow, TargetType } from './subscriptions.queries.js';

const FIELD: Record<TargetType, string> = { work: 'work_id', series: 'series_id', user: 'username', tag: 'tag', saved_search: 'saved_search_id' };

/** One-click subscribe / unsubscribe button for a work, a series or an author (nothing for guests). */
export function SubscribeButton(props: { readonly ctx: PageContext; readonly type: TargetType; readonly value: string; readonly subscribed: boolean; readonly label: string }) {
  const { ctx, type, value, subscribed, label } = props;
  if (!ctx.user) return null;
  return (
    <form method="post" action={subscribed ? '/subscriptions/remove' : '/subscriptions'} class="inline-form subscribe-form">
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name={FIELD[type]} value={value} />
      <input type="hidden" name="return_to" value={ctx.path} />
      <button type="submit" class="button">{subscribed ? `Unsubscribe from ${label}` : `Subscribe to ${label}`}</button>
    </form>
  );
}

function targetPath(row: SubscriptionRow): string {
  if (row.target_type === 'work') return `/works/${row.target_id}`;
  if (row.target_type === 'series') return `/series/${row.target_id}`;
  if (row.target_type === 'tag') return tagPath(row.label ?? '');
  if (row.target_type === 'saved_search') return '/saved-searches';
  return `/users/${encodeURIComponent(row.label ?? '')}`;
}

const KIND: Record<TargetType, string> = { work: 'Work', series: 'Series', user: 'Author', tag: 'Tag', saved_search: 'Saved search' };

/** The reader's subscriptions, each with a remove button. */
export function SubscriptionsPage({ ctx, rows }: { readonly ctx: PageContext; readonly rows: readonly SubscriptionRow[] }) {
  return (
    <Layout ctx={ctx} title="Subscriptions">
      <h1>Subscriptions</h1>
      {rows.length === 0 ? <p>You follow nothing yet. Subscribe from a work, a series or an author's page.</p> : null}
      <ul class="subscription-list">
        {rows.map((row) => (
          <li>
            {KIND[row.target_type]}: <a href={targetPath(row)}>{row.label ?? '(no longer available)'}</a>{' '}
            <form method="post" action={`/subscriptions/${row.id}/delete`} class="inline-form">
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="link-button">Remove<span class="visually-hidden"> {row.label ?? ''}</span></button>
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The unsubscribe link's page: a confirmation button (GET), or the outcome (POST, or a link that does nothing). */
export function UnsubscribePage(props: { readonly ctx: PageContext; readonly message: string; readonly token?: string; readonly action?: string }) {
  return (
    <Layout ctx={props.ctx} title="Unsubscribe">
      <h1>Unsubscribe</h1>
      <p>{props.message}</p>
      {props.token ? (
        <form method="post" action={`/unsubscribe/${props.token}`}>
          <button type="submit" class="button">{props.action ?? 'Unsubscribe'}</button>
        </form>
      ) : null}
    </Layout>
  );
}
