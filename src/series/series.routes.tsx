import { Hono, type Context } from 'hono';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import { hiddenWorkIds } from '../exclusions/exclusions.queries.js';
import { onInvalid, requireUser } from '../http/auth.js';
import { viewerMutes, withoutMutedWorks } from '../blocks/muting.js';
import type { AppEnv } from '../http/env.js';
import { Gone, NotFound, type FieldErrors } from '../http/errors.js';
import { readForm } from '../http/forms.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import type { FormValues } from '../ui/forms.js';
import { loadWorkDetails } from '../works/work-details.js';
import { ConfirmDeletePage } from '../works/work-manage.views.js';
import { findWork } from '../works/works.queries.js';
import { SeriesFormPage, SeriesPage } from './series.views.js';
import { isSubscribed } from '../subscriptions/subscriptions.js';
import { findSeries, listSeriesParts, seriesAuthorNames, type SeriesPart } from './series.queries.js';
import { authorizeSeriesEdit, createSeries, deleteSeries, updateSeries } from './series.js';
import { hiddenFrom } from '../moderation/moderation.policy.js';

/** Series pages: show, create, edit (with reading order), delete. */
export const seriesRoutes = new Hono<AppEnv>();

function seriesFields(form: Record<string, string | undefined>) {
  return { title: form.title ?? '', summary: form.summary ?? '', notes: form.notes ?? '', complete: form.complete === '1' };
}

seriesRoutes.get('/series/new', (c) => {
  requireUser(c);
  return c.html(<SeriesFormPage ctx={pageContext(c)} form={{ values: {}, errors: {} }} />);
});

seriesRoutes.post('/series', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const series = await createSeries(c.get('services').db, user, seriesFields(form));
      return redirectWithFlash(c, `/series/${series.id}`, 'The series was created. Add works to it from their edit pages, or post its first part.');
    },
    (errors) => c.html(<SeriesFormPage ctx={pageContext(c)} form={{ values: form, errors }} />, 422),
  );
});

seriesRoutes.get('/series/:id{[0-9]+}', async (c) => {
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'series');
  const series = await findSeries(db, id);
  if (!series) throw NotFound('series');
  if (series.deleted_at) throw Gone('series');
  const user = c.get('user');
  // A series hidden by a moderator is not found but by its creator and the staff (src/moderation).
  if (hiddenFrom(user, series.hidden_at, [series.user_id])) throw NotFound('series');
  const canEdit = user !== undefined && (user.id === series.user_id || user.is_admin === 1);
  // Parts by authors the reader muted are left out; the series' owner still sees every part, to manage it.
  const parts = await withoutMutedWorks(db, await listSeriesParts(db, id, canEdit), (p) => p.work_id, canEdit ? [] : await viewerMutes(db, user));
  const works = await Promise.all(parts.map((p) => findWork(db, p.work_id)));
  const details = await loadWorkDetails(db, works.filter((w) => w !== undefined));
  const authors = await seriesAuthorNames(db, id, series.user_id);
  // Parts under the reader's excluded tags keep their place, marked hidden, so the numbering still reads right.
  const hidden = canEdit ? new Set<number>() : await hiddenWorkIds(db, parts.map((p) => p.work_id), { excludeAuthorIds: [], excludeTagIds: await viewerExcludedTags(db, user) });
  return c.html(
    <SeriesPage ctx={pageContext(c)} series={series} authors={authors} parts={parts.map((part, i) => ({ part, details: details[i]! }))} hiddenWorkIds={hidden} canEdit={canEdit} subscribed={await isSubscribed(db, user, 'series', id)} downloads={c.get('settings').downloads_enabled} />,
  );
});

async function editableSeries(c: Context<AppEnv>) {
  const user = requireUser(c);
  const { db } = c.get('services');
  const series = await findSeries(db, idParam(c.req.param('id'), 'series'));
  authorizeSeriesEdit(user, series);
  return { user, series, parts: await listSeriesParts(db, series.id, true) };
}

function renderEdit(c: Context<AppEnv>, series: NonNullable<Awaited<ReturnType<typeof findSeries>>>, parts: SeriesPart[], values: FormValues, errors: FieldErrors, status: 200 | 422) {
  return c.html(<SeriesFormPage ctx={pageContext(c)} form={{ values, errors }} edit={{ series, parts }} />, status);
}

seriesRoutes.get('/series/:id{[0-9]+}/edit', async (c) => {
  const { series, parts } = await editableSeries(c);
  return renderEdit(c, series, parts, { title: series.title, summary: series.summary, notes: series.notes, complete: series.complete ? '1' : '' }, {}, 200);
});

seriesRoutes.post('/series/:id{[0-9]+}/edit', async (c) => {
  const { user, series, parts } = await editableSeries(c);
  const form = await readForm(c);
  // Only reorder when every part is listed (drafts included); ties put the moved part first.
  const all = await listSeriesParts(c.get('services').db, series.id, true);
  const works = all
    .map((p) => ({ id: p.work_id, wanted: Number(form[`part_${p.work_id}`] ?? p.position), current: p.position }))
    .sort((a, b) => a.wanted - b.wanted || Number(a.wanted === a.current) - Number(b.wanted === b.current) || a.current - b.current)
    .map((x) => x.id);
  return onInvalid(
    async () => {
      await updateSeries(c.get('services').db, user, series.id, { ...seriesFields(form), ...(works.length ? { works } : {}) });
      return redirectWithFlash(c, `/series/${series.id}`, 'The series was saved.');
    },
    (errors) => renderEdit(c, series, parts, form, errors, 422),
  );
});

seriesRoutes.get('/series/:id{[0-9]+}/delete', async (c) => {
  const { series } = await editableSeries(c);
  return c.html(
    <ConfirmDeletePage
      ctx={pageContext(c)}
      heading={`Delete the series “${series.title}”?`}
      explanation="The series will be removed. Its works stay on the archive, no longer grouped."
      action={`/series/${series.id}/delete`}
      cancel={`/series/${series.id}`}
    />,
  );
});

seriesRoutes.post('/series/:id{[0-9]+}/delete', async (c) => {
  const { user, series } = await editableSeries(c);
  await deleteSeries(c.get('services').db, user, series.id);
  return redirectWithFlash(c, `/users/${encodeURIComponent(user.username)}/series`, `The series “${series.title}” was deleted.`);
});
