import { Hono, type Context } from 'hono';
import { isStaff, requireRole } from '../admin/roles.js';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { countAppeals, findAppealFor, listAppeals } from './appeals.queries.js';
import { appealableTarget, decideAppeal, loadAppeal, openAppeal, postAppealMessage } from './appeals.js';
import { AppealPage, AppealsListPage, NewAppealPage } from './appeals.views.js';

/** Appeals: an author appeals a moderator's decision once, in a thread; moderators decide; the staff list. */
export const appealRoutes = new Hono<AppEnv>();

const PER_PAGE = 25;

async function renderNew(c: Context<AppEnv>, type: string | undefined, rawId: string | undefined, form: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const target = await appealableTarget(c.get('services').db, user, type, idParam(rawId, 'content'));
  return c.html(<NewAppealPage ctx={pageContext(c)} target={target} form={form} />, status);
}

appealRoutes.get('/appeals/new', async (c) => {
  const user = requireUser(c);
  const type = c.req.query('target_type');
  const rawId = c.req.query('target_id');
  const earlier = type && rawId && /^\d{1,10}$/.test(rawId) ? await findAppealFor(c.get('services').db, type, Number(rawId), user.id) : undefined;
  if (earlier) return redirectWithFlash(c, `/appeals/${earlier.id}`, 'You have already appealed this decision: here is its thread.');
  return renderNew(c, type, rawId, emptyForm, 200);
});

appealRoutes.post('/appeals/new', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const type = form.target_type ?? c.req.query('target_type');
  const rawId = form.target_id ?? c.req.query('target_id');
  return onInvalid(
    async () => {
      const appeal = await openAppeal(c.get('services').db, user, { target_type: type, target_id: rawId, message: form.message });
      return redirectWithFlash(c, `/appeals/${appeal.id}`, 'Your appeal was sent. The moderators will answer here.');
    },
    (errors) => renderNew(c, type, rawId, { values: form, errors }, 422),
  );
});

async function renderAppeal(c: Context<AppEnv>, message: FormState, decision: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const view = await loadAppeal(c.get('services').db, user, idParam(c.req.param('id'), 'appeal'));
  return c.html(<AppealPage ctx={pageContext(c)} view={view} staff={isStaff(user)} message={message} decision={decision} timeZone={user.time_zone} />, status);
}

appealRoutes.get('/appeals/:id{[0-9]+}', (c) => renderAppeal(c, emptyForm, emptyForm, 200));

appealRoutes.post('/appeals/:id{[0-9]+}/messages', async (c) => {
  const user = requireUser(c);
  const id = idParam(c.req.param('id'), 'appeal');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      await postAppealMessage(c.get('services').db, user, id, { message: form.message });
      return redirectWithFlash(c, `/appeals/${id}`, 'Your message was added to the appeal.');
    },
    (errors) => renderAppeal(c, { values: form, errors }, emptyForm, 422),
  );
});

appealRoutes.post('/appeals/:id{[0-9]+}/decide', async (c) => {
  const moderator = requireRole(c, 'moderator');
  const id = idParam(c.req.param('id'), 'appeal');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const appeal = await decideAppeal(c.get('services').db, moderator, id, { outcome: form.outcome, outcome_text: form.outcome_text });
      return redirectWithFlash(c, `/appeals/${id}`, appeal.status === 'restored' ? 'The appeal was granted: the content is public again.' : 'The decision was upheld: the content stays hidden.');
    },
    (errors) => renderAppeal(c, emptyForm, { values: form, errors }, 422),
  );
});

appealRoutes.get('/admin/appeals', async (c) => {
  const user = requireRole(c, 'moderator');
  const { db } = c.get('services');
  const page = pageParam(c.req.query('page'));
  const [appeals, total] = await Promise.all([listAppeals(db, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE }), countAppeals(db)]);
  return c.html(<AppealsListPage ctx={pageContext(c)} appeals={appeals} total={total} page={page} perPage={PER_PAGE} timeZone={user.time_zone} />);
});
