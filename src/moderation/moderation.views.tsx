import type { PageContext } from '../http/page-context.js';
import { Csrf, ErrorSummary, TextArea, type FormState } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { MAX_REASON_CHARS, type ModerationTarget } from './moderation.js';
import { TARGET_NOUN, TYPE_OF, type TargetType } from './moderation.policy.js';

// The moderation page of one piece of content (/admin/moderation/:type/:id) and the marks hidden content carries
// where its author and the staff still see it. Plain forms, no script: each action asks for its reason.

const TITLES: Record<'hide' | 'restore' | 'delete', string> = { hide: 'Hide from the public', restore: 'Restore', delete: 'Delete' };

/** The moderation page's path for a target. */
export function moderationPath(type: TargetType, id: number): string {
  return `/admin/moderation/${TYPE_OF[type]}/${id}`;
}

/** The appeal form's path for a target. */
export function appealPath(type: TargetType, id: number): string {
  return `/appeals/new?target_type=${type}&target_id=${id}`;
}

/** One action of the moderation page: a reason field and its button (each form keeps its own errors). */
function ActionForm({ ctx, target, action, form }: { readonly ctx: PageContext; readonly target: ModerationTarget; readonly action: 'hide' | 'restore' | 'delete'; readonly form: FormState }) {
  const field = `reason_${action}`;
  const state: FormState = { values: { [field]: form.values.reason }, errors: form.errors.reason ? { [field]: form.errors.reason } : {} };
  const hint =
    action === 'hide'
      ? 'The author reads this reason with the hidden content, and may appeal once. Who reported it is never shown.'
      : action === 'restore'
        ? 'The author is told the content is public again, with this note.'
        : 'Deleting cannot be undone. The author is told, with this reason.';
  return (
    <form method="post" action={`${moderationPath(target.type, target.id)}/${action}`} class="moderation-action">
      <h2>{TITLES[action]}</h2>
      <Csrf token={ctx.csrfToken} />
      <TextArea name={field} label="Reason" state={state} hint={hint} required rows={3} maxlength={MAX_REASON_CHARS} />
      <button type="submit" class={action === 'delete' ? 'button danger' : 'button primary'}>
        {TITLES[action]}
      </button>
    </form>
  );
}

/** The staff page for one piece of content: its state, and Hide, or Restore and Delete, each with a reason. */
export function ModerationPage(props: { readonly ctx: PageContext; readonly target: ModerationTarget; readonly form: FormState; readonly failed?: 'hide' | 'restore' | 'delete' }) {
  const { ctx, target, form, failed } = props;
  const noun = TARGET_NOUN[target.type];
  const formFor = (action: 'hide' | 'restore' | 'delete'): FormState => (failed === action ? form : { values: {}, errors: {} });
  // The summary links to the form field with the error, which carries the action's name.
  const summary = failed ? Object.fromEntries(Object.entries(form.errors).map(([name, message]) => [name === 'reason' ? `reason_${failed}` : name, message])) : {};
  return (
    <Layout ctx={ctx} title={`Moderate ${noun}`}>
      <h1>Moderate {noun}</h1>
      <ErrorSummary errors={summary} />
      <dl class="moderation-target">
        <dt>Content</dt>
        <dd>{target.deleted ? target.label : <a href={target.path}>{target.label}</a>}</dd>
        <dt>State</dt>
        <dd>{target.deleted ? 'Deleted' : target.hiddenAt !== null ? 'Hidden by a moderator' : 'Public'}</dd>
        {target.hiddenAt !== null ? (
          <>
            <dt>Reason given</dt>
            <dd dir="auto">{target.hiddenReason}</dd>
          </>
        ) : null}
      </dl>
      {target.deleted ? (
        <p>This {noun} has been deleted; there is nothing more to do here.</p>
      ) : (
        <>
          {target.hiddenAt === null ? <ActionForm ctx={ctx} target={target} action="hide" form={formFor('hide')} /> : <ActionForm ctx={ctx} target={target} action="restore" form={formFor('restore')} />}
          <ActionForm ctx={ctx} target={target} action="delete" form={formFor('delete')} />
        </>
      )}
      <p>
        <a href="/admin/appeals">Appeals</a>
      </p>
    </Layout>
  );
}

/**
 * The mark on hidden content where its author or the staff still see it: the moderator's reason, an appeal link for
 * the author, Restore and Delete for the staff. For staff on visible content, a "Hide" link instead.
 */
export function HiddenNotice(props: { readonly type: TargetType; readonly id: number; readonly hiddenReason: string | null; readonly hidden: boolean; readonly own: boolean; readonly staff: boolean; readonly label?: string }) {
  const { type, id, hiddenReason, hidden, own, staff } = props;
  const noun = props.label ?? `this ${TARGET_NOUN[type]}`;
  if (!hidden) {
    if (!staff) return null;
    return (
      <p class="moderation-controls">
        <a href={moderationPath(type, id)}>Hide {noun}</a>
      </p>
    );
  }
  return (
    <div class="callout hidden-notice" role="note">
      <p>
        <strong>Hidden by a moderator:</strong> <span dir="auto">{hiddenReason}</span>
      </p>
      <p class="hint">Readers cannot see {noun}. {own ? 'You still can.' : ''}</p>
      {own ? (
        <p>
          <a href={appealPath(type, id)}>Appeal this decision</a>
        </p>
      ) : null}
      {staff ? (
        <p>
          <a href={moderationPath(type, id)}>Restore or delete {noun}</a>
        </p>
      ) : null}
    </div>
  );
}
