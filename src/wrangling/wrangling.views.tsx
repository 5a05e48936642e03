import type { FieldErrors } from '../http/errors.js';
import type { FormInput } from '../http/forms.js';
import type { PageContext } from '../http/page-context.js';
import { tagPath } from '../tags/tags.presenters.js';
import { Csrf, ErrorSummary, SelectField, TextField, type FormState } from '../ui/forms.js';
import { formatDateTime, formatNumber } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { tagKey } from '../works/tag-names.js';
import type { QueueTag, WranglingLogEntry } from './wrangling.queries.js';
import { describeWrangling, logDetails, type WranglingQueue } from './wrangling.js';

export const WRANGLING_PATH = '/wrangling';
export const WRANGLING_LOG_PATH = '/wrangling/log';

/** The queue URL for a fandom (or the fandom queue), a kind and a cursor. */
export function queuePath(params: { fandom?: string | undefined; kind?: string | undefined; cursor?: string | undefined }): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${WRANGLING_PATH}?${text}` : WRANGLING_PATH;
}

function WranglingNav({ current }: { readonly current: 'queue' | 'log' }) {
  return (
    <nav aria-label="Wrangling" class="subnav">
      <a href={WRANGLING_PATH} aria-current={current === 'queue' ? 'page' : undefined}>Queue</a>{' '}
      <a href={WRANGLING_LOG_PATH} aria-current={current === 'log' ? 'page' : undefined}>Wrangling log</a>
    </nav>
  );
}

/** A failed queue action, shown again in its row with the wrangler's text and the message. */
export interface FailedQueueAction {
  readonly name: string;
  readonly values: FormInput;
  readonly errors: FieldErrors;
}

function RowError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  return message ? <p class="error" id={id}>{message}</p> : null;
}

/** One queued tag with its three actions: make canonical, make a synonym of, add to a fandom. */
function QueueRow({ ctx, tag, index, returnTo, fandom, failed }: { ctx: PageContext; tag: QueueTag; index: number; returnTo: string; fandom: string; failed: FailedQueueAction | undefined }) {
  const action = `${WRANGLING_PATH}/tags/${encodeURIComponent(tag.name)}`;
  const mine = failed && tagKey(failed.name) === tagKey(tag.name) ? failed : undefined;
  const errors = mine?.errors ?? {};
  const synonymId = `queue-synonym-${index}`;
  const parentId = `queue-parent-${index}`;
  const hidden = (value: string) => (
    <>
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="action" value={value} />
      <input type="hidden" name="return_to" value={returnTo} />
    </>
  );
  const synonymError = errors.synonym_of;
  const parentError = errors.add_parents ?? errors.canonical;
  return (
    <li class="queue-tag" id={`queue-tag-${index}`}>
      <p class="queue-tag-name">
        <a class={`tag tag-${tag.kind}`} href={tagPath(tag.name)}>{tag.name}</a>{' '}
        <span class="muted">
          {tag.kind} · {tag.uses === 1 ? '1 use' : `${formatNumber(tag.uses)} uses`}
        </span>
      </p>
      <div class="queue-actions">
        <form method="post" action={action} class="inline-form">
          {hidden('canonical')}
          <button type="submit" class="button">Make canonical<span class="visually-hidden">: {tag.name}</span></button>
        </form>
        <form method="post" action={action} class={synonymError ? 'inline-form queue-field field-error' : 'inline-form queue-field'}>
          {hidden('synonym')}
          <label for={synonymId}>Synonym of<span class="visually-hidden"> (for {tag.name})</span></label>
          <input id={synonymId} name="synonym_of" type="text" maxlength={150} value={mine?.values.synonym_of ?? ''} data-tag-kind={tag.kind} aria-invalid={synonymError ? 'true' : undefined} aria-describedby={synonymError ? `${synonymId}-error` : undefined} />
          <button type="submit" class="button">Make synonym<span class="visually-hidden">: {tag.name}</span></button>
          <RowError id={`${synonymId}-error`} message={synonymError} />
        </form>
        <form method="post" action={action} class={parentError ? 'inline-form queue-field field-error' : 'inline-form queue-field'}>
          {hidden('parent')}
          <label for={parentId}>Fandom<span class="visually-hidden"> (for {tag.name})</span></label>
          <input id={parentId} name="parent" type="text" maxlength={150} value={mine?.values.parent ?? fandom} data-tag-kind="fandom" aria-invalid={parentError ? 'true' : undefined} aria-describedby={parentError ? `${parentId}-error` : undefined} />
          <button type="submit" class="button">Add to fandom<span class="visually-hidden">: {tag.name}</span></button>
          <RowError id={`${parentId}-error`} message={parentError} />
        </form>
      </div>
    </li>
  );
}

export interface WranglingPageProps {
  readonly ctx: PageContext;
  readonly queue: WranglingQueue | undefined;
  /** The request as asked, for the kind filter form and messages about it. */
  readonly request: { readonly fandom: string; readonly kind: string; readonly cursor: string };
  readonly errors: FieldErrors;
  readonly failed?: FailedQueueAction | undefined;
}

/** /wrangling: the fandom picker with counts, and the queue of one fandom's unwrangled tags (or of unwrangled fandoms). */
export function WranglingPage({ ctx, queue, request, errors, failed }: WranglingPageProps) {
  const fandom = queue?.fandom;
  const here = queuePath({ fandom: fandom?.name, kind: queue?.kind, cursor: request.cursor });
  const kindState: FormState = { values: { kind: request.kind }, errors };
  return (
    <Layout ctx={ctx} title={fandom ? `Wrangling: ${fandom.name}` : 'Wrangling'}>
      <section class="wrangling">
        <h1>Wrangling</h1>
        <WranglingNav current="queue" />
        <ErrorSummary errors={errors} />
        <div class="wrangling-layout">
          <nav class="wrangling-fandoms" aria-labelledby="wrangling-fandoms-heading">
            <h2 id="wrangling-fandoms-heading">Fandoms</h2>
            <p>
              <a href={WRANGLING_PATH} aria-current={fandom ? undefined : 'page'}>Unwrangled fandoms</a>
            </p>
            {queue && queue.fandoms.length > 0 ? (
              <ul>
                {queue.fandoms.map((f) => (
                  <li>
                    <a href={queuePath({ fandom: f.name })} aria-current={fandom?.name === f.name ? 'page' : undefined}>{f.name}</a>{' '}
                    <span class="facet-count">({formatNumber(f.unwrangled)}<span class="visually-hidden"> unwrangled tags</span>)</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="hint">No canonical fandom has unwrangled tags.</p>
            )}
          </nav>
          <section class="wrangling-queue-section" aria-labelledby="wrangling-queue-heading">
            <h2 id="wrangling-queue-heading">{fandom ? <>Unwrangled tags in <a href={tagPath(fandom.name)}>{fandom.name}</a></> : 'Unwrangled fandoms'}</h2>
            {fandom ? (
              <form method="get" action={WRANGLING_PATH} class="queue-kind-form">
                <input type="hidden" name="fandom" value={fandom.name} />
                <SelectField name="kind" label="Kind" state={kindState} options={[['', 'All kinds'], ['character', 'Characters'], ['relationship', 'Relationships'], ['freeform', 'Additional tags']]} />
                <button type="submit" class="button">Show</button>
              </form>
            ) : (
              <p class="hint">Fandom tags that are neither canonical nor a synonym. Pick a fandom to wrangle its characters, relationships and additional tags.</p>
            )}
            {queue === undefined ? null : queue.tags.length === 0 ? (
              <p>Nothing to wrangle here.</p>
            ) : (
              <ol class="wrangling-queue">
                {queue.tags.map((tag, i) => (
                  <QueueRow ctx={ctx} tag={tag} index={i} returnTo={here} fandom={fandom?.name ?? ''} failed={failed} />
                ))}
              </ol>
            )}
            {request.cursor || queue?.next ? (
              <nav aria-label="Queue pages" class="pagination">
                {request.cursor ? <a href={queuePath({ fandom: fandom?.name, kind: queue?.kind })}>First page</a> : null}{' '}
                {queue?.next ? <a href={queuePath({ fandom: fandom?.name, kind: queue.kind, cursor: queue.next })} rel="next">Next page</a> : null}
              </nav>
            ) : null}
          </section>
        </div>
      </section>
    </Layout>
  );
}

function LogRow({ entry, timeZone }: { readonly entry: WranglingLogEntry; readonly timeZone: string }) {
  return (
    <tr>
      <td>
        <time datetime={entry.created_at}>{formatDateTime(entry.created_at, timeZone)}</time>
      </td>
      <td>{entry.actor ? <a href={`/users/${encodeURIComponent(entry.actor)}`}>{entry.actor}</a> : <span class="muted">A deleted account</span>}</td>
      <td>
        <a class={`tag tag-${entry.tag_kind}`} href={tagPath(entry.tag_name)}>{entry.tag_name}</a>
      </td>
      <td>{describeWrangling(entry.action, logDetails(entry.details))}</td>
    </tr>
  );
}

export interface WranglingLogPageProps {
  readonly ctx: PageContext;
  readonly entries: readonly WranglingLogEntry[];
  readonly next: string | null;
  readonly form: FormState;
  readonly cursor: string;
}

/** /wrangling/log: every wrangling action, newest first, filterable by tag or wrangler. */
export function WranglingLogPage({ ctx, entries, next, form, cursor }: WranglingLogPageProps) {
  const timeZone = ctx.user?.time_zone ?? 'UTC';
  const filters = new URLSearchParams();
  for (const key of ['tag', 'wrangler']) if (form.values[key]) filters.set(key, form.values[key] ?? '');
  const pagePath = (c?: string) => {
    const query = new URLSearchParams(filters);
    if (c) query.set('cursor', c);
    const text = query.toString();
    return text ? `${WRANGLING_LOG_PATH}?${text}` : WRANGLING_LOG_PATH;
  };
  return (
    <Layout ctx={ctx} title="Wrangling log">
      <section class="wrangling">
        <h1>Wrangling log</h1>
        <WranglingNav current="log" />
        <ErrorSummary errors={form.errors} />
        <form method="get" action={WRANGLING_LOG_PATH} class="wrangling-log-filter">
          <TextField name="tag" label="Tag" state={form} maxlength={150} />
          <TextField name="wrangler" label="Wrangler" state={form} maxlength={100} />
          <p>
            <button type="submit" class="button">Filter</button> <a href={WRANGLING_LOG_PATH}>Show all</a>
          </p>
        </form>
        {entries.length === 0 ? (
          <p>No wrangling recorded{filters.toString() ? ' for this filter' : ''}.</p>
        ) : (
          <table class="wrangling-log">
            <caption class="visually-hidden">Wrangling actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Wrangler</th>
                <th scope="col">Tag</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <LogRow entry={entry} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        )}
        {cursor || next ? (
          <nav aria-label="Log pages" class="pagination">
            {cursor ? <a href={pagePath()}>Newest</a> : null} {next ? <a href={pagePath(next)} rel="next">Older entries</a> : null}
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}
