import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { readForm } from '../http/forms.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext, safeReturnPath } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { applyUnsubscribe, describeUnsubscribe } from './unsubscribe.js';
import { deleteSubscriptionById, listSubscriptions } from './subscriptions.queries.js';
import { subscribe, unsubscribe } from './subscriptions.js';
import { SubscriptionsPage, UnsubscribePage } from './subscriptions.views.js';

/** Subscribe and unsubscribe buttons, the subscriptions page, and the one-click unsubscribe link. */
export const subscriptionRoutes = new Hono<AppEnv>();

function targetFields(form: Record<string, string | undefined>) {
  return {
    ...(form.work_id ? { work_id: form.work_id } : {}),
    ...(form.series_id ? { series_id: form.series_id } : {}),
    ...(form.username ? { username: form.username } : {}),
    ...(form.tag ? { tag: form.tag } : {}),
    ...(form.saved_search_id ? { saved_search_id: form.saved_search_id } : {}),
  };
}

subscriptionRoutes.get('/subscriptions', async (c) => {
  const user = requireUser(c);
  return c.html(<SubscriptionsPage ctx={pageContext(c)} rows={await listSubscriptions(c.get('services').db, user.id)} />);
});

subscriptionRoutes.post('/subscriptions', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  await subscribe(c.get('services').db, user, targetFields(form));
  return redirectWithFlash(c, safeReturnPath(form.return_to), 'Subscribed. You will hear of new posts in your inbox.');
});

subscriptionRoutes.post('/subscriptions/remove', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  await unsubscribe(c.get('services').db, user, targetFields(form));
  return redirectWithFlash(c, safeReturnPath(form.return_to), 'Unsubscribed.');
});

subscriptionRoutes.post('/subscriptions/:id{[0-9]+}/delete', async (c) => {
  const user = requireUser(c);
  // Another account's subscription is not found, as with tokens and sessions (issue 6 authorization matrix).
  if (!(await deleteSubscriptionById(c.get('services').db, idParam(c.req.param('id'), 'subscription'), user.id))) throw NotFound('subscription');
  return redirectWithFlash(c, '/subscriptions', 'Unsubscribed.');
});

subscriptionRoutes.get('/unsubscribe/:token', async (c) => {
  const { db, secret } = c.get('services');
  const token = c.req.param('token');
  const state = await describeUnsubscribe(db, secret, token);
  return c.html(<UnsubscribePage ctx={pageContext(c)} message={state.message} {...(state.ok ? { token, action: state.action } : {})} />);
});

subscriptionRoutes.post('/unsubscribe/:token', async (c) => {
  const { db, secret } = c.get('services');
  const message = await applyUnsubscribe(db, secret, c.req.param('token'));
  return c.html(<UnsubscribePage ctx={pageContext(c)} message={message} />);
});
