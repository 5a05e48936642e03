import { Hono } from 'hono';
import { requireRole } from '../admin/roles.js';
import { onInvalid } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { answerBot, honeypotFilled } from '../http/honeypot.js';
import { pageContext } from '../http/page-context.js';
import { idParam, pageParam } from '../http/params.js';
import { emptyForm } from '../ui/forms.js';
import { findVisibleTarget, type ReportTarget } from './report-targets.js';
import { groupPath, ReportGroupPage, ReportQueuePage } from './report-queue.views.js';
import { reportedFrom, reporterOf } from './reporter.js';
import { addReportNote, changeReportStatus, fileReport, reportGroup, reportQueue } from './reports.js';
import { isTargetType, statusFilter, STATUS_LABELS, type ReportTargetType } from './reports.forms.js';
import { ReportFormPage, ReportReceivedPage } from './reports.views.js';

/** /reports/new for everyone, and the moderators' queue at /admin/reports. */
export const reportRoutes = new Hono<AppEnv>();

const QUEUE_PER_PAGE = 25;

const receivedPath = (type: string, id: number) => `/reports/received?target_type=${type}&target_id=${id}`;

/** The target named by `target_type` and `target_id` (query or form), or a 404. */
function targetParams(type: string | undefined, id: string | undefined): { type: ReportTargetType; id: number } {
  if (!isTargetType(type)) throw NotFound('page');
  return { type, id: idParam(id, type) };
}

reportRoutes.get('/reports/new', async (c) => {
  const { type, id } = targetParams(c.req.query('target_type'), c.req.query('target_id'));
  const target = await findVisibleTarget(c.get('services').db, c.get('user'), type, id);
  return c.html(<ReportFormPage ctx={pageContext(c)} target={target} form={emptyForm} />);
});

reportRoutes.post('/reports/new', async (c) => {
  const form = await readForm(c);
  const { db, config } = c.get('services');
  if (honeypotFilled(form)) {
    const ok = isTargetType(form.target_type) && /^\d{1,10}$/.test(form.target_id ?? '');
    return answerBot(c, ok ? receivedPath(form.target_type!, Number(form.target_id)) : '/reports/received', 'Thank you: your report was received.');
  }
  const { type, id } = targetParams(form.target_type, form.target_id);
  const target = await findVisibleTarget(db, c.get('user'), type, id);
  return onInvalid(
    async () => {
      await fileReport(db, config, c.get('log'), reporterOf(c), form, reportedFrom(c));
      return c.redirect(receivedPath(type, id), 303);
    },
    (errors) => c.html(<ReportFormPage ctx={pageContext(c)} target={target} form={{ values: form, errors }} />, 422),
  );
});

reportRoutes.get('/reports/received', async (c) => {
  const type = c.req.query('target_type');
  const id = Number(c.req.query('target_id'));
  let target: ReportTarget | undefined;
  if (isTargetType(type) && Number.isInteger(id) && id >= 1 && id <= 2_147_483_647) {
    target = await findVisibleTarget(c.get('services').db, c.get('user'), type, id).catch(() => undefined);
  }
  return c.html(<ReportReceivedPage ctx={pageContext(c)} target={target} />);
});

reportRoutes.get('/admin/reports', async (c) => {
  const user = requireRole(c, 'moderator');
  const statuses = statusFilter(c.req.queries('status') ?? []);
  const page = pageParam(c.req.query('page'));
  const { groups, total } = await reportQueue(c.get('services').db, statuses, QUEUE_PER_PAGE, (page - 1) * QUEUE_PER_PAGE);
  return c.html(<ReportQueuePage ctx={pageContext(c)} groups={groups} total={total} page={page} perPage={QUEUE_PER_PAGE} statuses={statuses} timeZone={user.time_zone} />);
});

reportRoutes.get('/admin/reports/:type/:id', async (c) => {
  const user = requireRole(c, 'moderator');
  const { type, id } = targetParams(c.req.param('type'), c.req.param('id'));
  const detail = await reportGroup(c.get('services').db, type, id);
  return c.html(<ReportGroupPage ctx={pageContext(c)} detail={detail} noteForm={emptyForm} timeZone={user.time_zone} />);
});

reportRoutes.post('/admin/reports/:type/:id/notes', async (c) => {
  const user = requireRole(c, 'moderator');
  const { type, id } = targetParams(c.req.param('type'), c.req.param('id'));
  const { db } = c.get('services');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const note = await addReportNote(db, user, type, id, form);
      return redirectWithFlash(c, `${groupPath(type, id)}#note-${note.id}`, 'Note added.');
    },
    async (errors) => {
      const detail = await reportGroup(db, type, id);
      return c.html(<ReportGroupPage ctx={pageContext(c)} detail={detail} noteForm={{ values: form, errors }} timeZone={user.time_zone} />, 422);
    },
  );
});

reportRoutes.post('/admin/reports/:type/:id/status', async (c) => {
  const user = requireRole(c, 'moderator');
  const { type, id } = targetParams(c.req.param('type'), c.req.param('id'));
  const form = await readForm(c);
  const { status, changed } = await changeReportStatus(c.get('services').db, user, type, id, form);
  const label = STATUS_LABELS[status].toLowerCase();
  const message = changed === 0 ? `Nothing changed: already ${label}.` : `${changed} ${changed === 1 ? 'report' : 'reports'} marked ${label}.`;
  return redirectWithFlash(c, groupPath(type, id), message);
});
