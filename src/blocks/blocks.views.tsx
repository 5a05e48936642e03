import type { User } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextField, type FormState } from '../ui/forms.js';
import { formatDate, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import type { RelationEntry, RelationKind } from './blocks.queries.js';
import { RELATION_LIMIT } from './blocks.js';

/** What blocking and muting do, in the words every page uses. */
export const EXPLAIN: Record<RelationKind, string> = {
  block: 'A blocked account cannot comment on or reply to your works and comments, nor leave kudos on your works. They are not told.',
  mute: 'A muted account’s works and comments disappear from the listings and pages you see. They are not told.',
};

const userPath = (username: string) => `/users/${encodeURIComponent(username)}`;

/** One POST button that blocks, unblocks, mutes or unmutes `username`, optionally coming back to a settings page. */
function RelationButton(props: { readonly ctx: PageContext; readonly username: string; readonly action: 'block' | 'unblock' | 'mute' | 'unmute'; readonly label: string; readonly confirm?: string; readonly returnTo?: string; readonly danger?: boolean }) {
  return (
    <form method="post" action={`${userPath(props.username)}/${props.action}`} class="inline-form">
      <Csrf token={props.ctx.csrfToken} />
      {props.returnTo ? <input type="hidden" name="return_to" value={props.returnTo} /> : null}
      <button type="submit" class={props.danger ? 'button danger' : 'button'} data-confirm={props.confirm}>
        {props.label}
      </button>
    </form>
  );
}

/** The block and mute buttons on an author's page, each with what it does. */
export function RelationButtons({ ctx, other, blocked, muted }: { readonly ctx: PageContext; readonly other: User; readonly blocked: boolean; readonly muted: boolean }) {
  const name = other.username;
  return (
    <section class="relation-actions" aria-labelledby="relation-heading">
      <h2 id="relation-heading" class="visually-hidden">Block or mute {name}</h2>
      <div class="relation-action">
        {blocked ? (
          <RelationButton ctx={ctx} username={name} action="unblock" label={`Unblock ${name}`} />
        ) : (
          <RelationButton ctx={ctx} username={name} action="block" label={`Block ${name}`} danger confirm={`Block ${name}? ${EXPLAIN.block}`} />
        )}
        <p class="hint">{blocked ? `You blocked ${name}. ` : ''}{EXPLAIN.block}</p>
      </div>
      <div class="relation-action">
        {muted ? (
          <RelationButton ctx={ctx} username={name} action="unmute" label={`Unmute ${name}`} />
        ) : (
          <RelationButton ctx={ctx} username={name} action="mute" label={`Mute ${name}`} confirm={`Mute ${name}? ${EXPLAIN.mute}`} />
        )}
        <p class="hint">{muted ? `You muted ${name}. ` : ''}{EXPLAIN.mute}</p>
      </div>
    </section>
  );
}

/** Shown instead of a muted author's works on their pages. */
export function MutedAuthorNotice({ ctx, other }: { readonly ctx: PageContext; readonly other: User }) {
  return (
    <div class="callout muted-notice" role="note">
      <p>You muted this author, so their works are hidden here and everywhere else you read.</p>
      <RelationButton ctx={ctx} username={other.username} action="unmute" label={`Unmute ${other.username}`} />
    </div>
  );
}

/** Shown on the reading page of a work by an author the reader muted: the work stays readable when opened directly. */
export function MutedWorkNotice({ names }: { readonly names: readonly string[] }) {
  return (
    <div class="callout muted-notice" role="note">
      <p>
        You muted {names.map((n, i) => [i > 0 ? ', ' : '', <a href={userPath(n)}>{n}</a>])}; this work is hidden from your listings.
      </p>
    </div>
  );
}

const TITLES: Record<RelationKind, { title: string; add: string; empty: string; remove: string; path: string }> = {
  block: { title: 'Blocked accounts', add: 'Block an account', empty: 'You have not blocked anyone.', remove: 'Unblock', path: '/settings/blocked' },
  mute: { title: 'Muted accounts', add: 'Mute an account', empty: 'You have not muted anyone.', remove: 'Unmute', path: '/settings/muted' },
};

export interface RelationsPageProps {
  readonly ctx: PageContext;
  readonly kind: RelationKind;
  readonly entries: readonly RelationEntry[];
  readonly form: FormState;
  readonly timeZone: string;
}

/** /settings/blocked and /settings/muted: the list with a remove button each, and a form to add someone by username. */
export function RelationsPage({ ctx, kind, entries, form, timeZone }: RelationsPageProps) {
  const t = TITLES[kind];
  return (
    <Layout ctx={ctx} title={t.title}>
      <section class="narrow">
        <h1>{t.title}</h1>
        <p>
          {EXPLAIN[kind]} You can {kind} up to {formatNumber(RELATION_LIMIT)} accounts.
        </p>

        <section aria-labelledby="relation-add">
          <h2 id="relation-add">{t.add}</h2>
          <ErrorSummary errors={form.errors} />
          <form method="post" action={t.path} novalidate>
            <Csrf token={ctx.csrfToken} />
            <TextField name="username" label="Username" state={form} required maxlength={100} autocomplete="off" />
            <button type="submit" class="button primary">{t.add}</button>
          </form>
        </section>

        <section aria-labelledby="relation-list">
          <h2 id="relation-list">
            {t.title} ({formatNumber(entries.length)})
          </h2>
          {entries.length === 0 ? (
            <p class="muted">{t.empty}</p>
          ) : (
            <ul class="relation-list">
              {entries.map((e) => (
                <li>
                  <a href={userPath(e.username)}>{e.display_name || e.username}</a>
                  {e.display_name ? <span class="muted"> ({e.username})</span> : null}
                  <span class="muted"> since {formatDate(e.created_at, timeZone)}</span>{' '}
                  <RelationButton ctx={ctx} username={e.username} action={kind === 'block' ? 'unblock' : 'unmute'} label={`${t.remove} ${e.username}`} returnTo={t.path} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href="/settings">Back to settings</a>
        </p>
      </section>
    </Layout>
  );
}
