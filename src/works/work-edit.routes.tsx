import { Hono, type Context } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { AppError, NotFound, type FieldErrors } from '../http/errors.js';
import { readForm, readFormAll } from '../http/forms.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { listUserSeries, seriesForWorks } from '../series/series.queries.js';
import type { FormValues } from '../ui/forms.js';
import { addChapter, editChapter, removeChapter, reorderChapters } from './chapters.js';
import { findChapterByPosition, listChapterHeadings } from './chapters.queries.js';
import { loadWorkDetails } from './work-details.js';
import { chapterInputFromForm, formErrors, seriesFromForm, workFieldsFromForm, workInputFromForm } from './work-form.js';
import { ChapterFormPage, WorkFormPage } from './work-form.views.js';
import { ConfirmDeletePage, ManageChaptersPage } from './work-manage.views.js';
import { authorizeWorkEdit } from './works.policy.js';
import { findWork, warningsForWorks, workAuthorIds } from './works.queries.js';
import { workRules } from './work-rules.js';
import { createWork, deleteWork, updateWork } from './works.js';

/** Posting and editing pages: new work, edit work, post a draft, delete, chapters (add, edit, reorder, delete). */
export const workEditRoutes = new Hono<AppEnv>();

/** The work named in the URL, which the current user must be allowed to edit. */
async function editableWork(c: Context<AppEnv>) {
  const user = requireUser(c);
  const { db } = c.get('services');
  const id = idParam(c.req.param('id'), 'work');
  const work = await findWork(db, id);
  authorizeWorkEdit(user, work, await workAuthorIds(db, id));
  return { user, work };
}

async function renderWorkForm(c: Context<AppEnv>, values: FormValues, warnings: string[], errors: FieldErrors, status: 200 | 422, workId?: number) {
  const user = requireUser(c);
  const { db } = c.get('services');
  const userSeries = await listUserSeries(db, user.id, true);
  let edit;
  if (workId !== undefined) {
    const work = (await findWork(db, workId))!;
    edit = { workId, title: work.title, memberships: (await seriesForWorks(db, [workId])).get(workId) ?? [], draft: work.posted === 0 };
  }
  // The site's warning list; an edited work also keeps the ones it carries that the list no longer has.
  const carried = workId !== undefined ? ((await warningsForWorks(db, [workId])).get(workId) ?? []) : [];
  const warningOptions = [...new Set([...c.get('settings').archive_warnings, ...carried])];
  return c.html(<WorkFormPage ctx={pageContext(c)} form={{ values, errors }} warnings={warnings} warningOptions={warningOptions} userSeries={userSeries} {...(edit ? { edit } : {})} />, status);
}

workEditRoutes.get('/works/new', async (c) => {
  requireUser(c);
  const seriesId = c.req.query('series_id');
  return renderWorkForm(c, { language: 'en', comment_permissions: c.get('settings').default_comment_permission, ...(seriesId ? { series_id: seriesId } : {}) }, [], {}, 200);
});

workEditRoutes.post('/works', async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const warnings = await readFormAll(c, 'warnings');
  return onInvalid(
    async () => {
      const work = await createWork(c.get('services').db, user, workInputFromForm(form, warnings), workRules(c.get('settings')));
      return redirectWithFlash(c, `/works/${work.id}`, work.posted ? 'Your work was posted.' : 'Your draft was saved. Only you can see it until you post it.');
    },
    (errors) => renderWorkForm(c, form, warnings, formErrors(errors), 422),
  );
});

workEditRoutes.get('/works/:id{[0-9]+}/edit', async (c) => {
  const { work } = await editableWork(c);
  const { db } = c.get('services');
  const [details] = await loadWorkDetails(db, [work]);
  const { tags, warnings } = details!;
  const values: FormValues = {
    title: work.title,
    summary: work.summary,
    notes: work.notes,
    end_notes: work.end_notes,
    language: work.language,
    rating: work.rating,
    fandoms: tags.fandoms.join(', '),
    relationships: tags.relationships.join(', '),
    characters: tags.characters.join(', '),
    freeforms: tags.freeforms.join(', '),
    expected_chapters: work.expected_chapters === null ? '' : String(work.expected_chapters),
    comment_permissions: work.comment_permissions,
    moderate_comments: work.moderate_comments === 1 ? '1' : '',
  };
  return renderWorkForm(c, values, [...warnings], {}, 200, work.id);
});

workEditRoutes.post('/works/:id{[0-9]+}/edit', async (c) => {
  const { user, work } = await editableWork(c);
  const form = await readForm(c);
  const warnings = await readFormAll(c, 'warnings');
  const memberships = (await seriesForWorks(c.get('services').db, [work.id])).get(work.id) ?? [];
  const series = seriesFromForm(form);
  const input = {
    ...workFieldsFromForm(form, warnings),
    ...(form.action === 'post' ? { draft: false } : {}),
    ...(series ? { series } : {}),
    leave_series: memberships.filter((m) => form[`leave_series_${m.id}`] === '1').map((m) => m.id),
  };
  return onInvalid(
    async () => {
      await updateWork(c.get('services').db, user, work.id, input, workRules(c.get('settings')));
      return redirectWithFlash(c, `/works/${work.id}`, form.action === 'post' ? 'Your work was posted.' : 'Your changes were saved.');
    },
    (errors) => renderWorkForm(c, form, warnings, formErrors(errors), 422, work.id),
  );
});

workEditRoutes.post('/works/:id{[0-9]+}/post', async (c) => {
  const { user, work } = await editableWork(c);
  try {
    await updateWork(c.get('services').db, user, work.id, { draft: false });
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return redirectWithFlash(c, `/works/${work.id}`, Object.values(error.fields ?? {})[0] ?? error.message);
    throw error;
  }
  return redirectWithFlash(c, `/works/${work.id}`, 'Your work was posted.');
});

workEditRoutes.get('/works/:id{[0-9]+}/delete', async (c) => {
  const { work } = await editableWork(c);
  return c.html(
    <ConfirmDeletePage
      ctx={pageContext(c)}
      heading={`Delete “${work.title}”?`}
      explanation="The work and all its chapters will be removed from the archive. Links to it will say it was deleted. This cannot be undone."
      action={`/works/${work.id}/delete`}
      cancel={`/works/${work.id}`}
    />,
  );
});

workEditRoutes.post('/works/:id{[0-9]+}/delete', async (c) => {
  const { user, work } = await editableWork(c);
  await deleteWork(c.get('services').db, user, work.id);
  return redirectWithFlash(c, `/users/${encodeURIComponent(user.username)}`, `“${work.title}” was deleted.`);
});

workEditRoutes.get('/works/:id{[0-9]+}/chapters/new', async (c) => {
  const { work } = await editableWork(c);
  return c.html(<ChapterFormPage ctx={pageContext(c)} form={{ values: { body_format: 'html' }, errors: {} }} workId={work.id} workTitle={work.title} />);
});

workEditRoutes.post('/works/:id{[0-9]+}/chapters', async (c) => {
  const { user, work } = await editableWork(c);
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const chapter = await addChapter(c.get('services').db, user, work.id, chapterInputFromForm(form));
      return redirectWithFlash(c, `/works/${work.id}/chapters/${chapter.position}`, chapter.posted ? 'The chapter was posted.' : 'The chapter was saved as a draft.');
    },
    (errors) => c.html(<ChapterFormPage ctx={pageContext(c)} form={{ values: form, errors: formErrors(errors, false) }} workId={work.id} workTitle={work.title} />, 422),
  );
});

workEditRoutes.get('/works/:id{[0-9]+}/chapters/manage', async (c) => {
  const { work } = await editableWork(c);
  const headings = await listChapterHeadings(c.get('services').db, work.id, true);
  return c.html(<ManageChaptersPage ctx={pageContext(c)} workId={work.id} workTitle={work.title} headings={headings} errors={{}} />);
});

workEditRoutes.post('/works/:id{[0-9]+}/chapters/order', async (c) => {
  const { user, work } = await editableWork(c);
  const { db } = c.get('services');
  const form = await readForm(c);
  const headings = await listChapterHeadings(db, work.id, true);
  // Sort by the number typed; on a tie the chapter that was moved goes first, so "make 5 number 2" does what it says.
  const order = headings
    .map((h) => ({ id: h.id, wanted: Number(form[`order_${h.id}`] ?? h.position), current: h.position }))
    .sort((a, b) => a.wanted - b.wanted || Number(a.wanted === a.current) - Number(b.wanted === b.current) || a.current - b.current)
    .map((x) => x.id);
  return onInvalid(
    async () => {
      await reorderChapters(db, user, work.id, order);
      return redirectWithFlash(c, `/works/${work.id}/chapters/manage`, 'The chapter order was saved.');
    },
    (errors) => c.html(<ManageChaptersPage ctx={pageContext(c)} workId={work.id} workTitle={work.title} headings={headings} errors={errors} />, 422),
  );
});

async function editableChapter(c: Context<AppEnv>) {
  const { user, work } = await editableWork(c);
  const position = idParam(c.req.param('position'), 'chapter');
  const chapter = await findChapterByPosition(c.get('services').db, work.id, position);
  if (!chapter) throw NotFound('chapter');
  return { user, work, chapter };
}

workEditRoutes.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/edit', async (c) => {
  const { work, chapter } = await editableChapter(c);
  const values: FormValues = { title: chapter.title, summary: chapter.summary, notes: chapter.notes, end_notes: chapter.end_notes, body: chapter.body_source, body_format: chapter.body_format };
  return c.html(<ChapterFormPage ctx={pageContext(c)} form={{ values, errors: {} }} workId={work.id} workTitle={work.title} position={chapter.position} isDraft={chapter.posted === 0} />);
});

workEditRoutes.post('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/edit', async (c) => {
  const { user, work, chapter } = await editableChapter(c);
  const form = await readForm(c);
  const { draft, ...fields } = chapterInputFromForm(form);
  return onInvalid(
    async () => {
      await editChapter(c.get('services').db, user, work.id, chapter.position, { ...fields, ...(chapter.posted === 0 ? { draft } : {}) });
      return redirectWithFlash(c, `/works/${work.id}/chapters/${chapter.position}`, 'The chapter was saved.');
    },
    (errors) =>
      c.html(
        <ChapterFormPage ctx={pageContext(c)} form={{ values: form, errors: formErrors(errors, false) }} workId={work.id} workTitle={work.title} position={chapter.position} isDraft={chapter.posted === 0} />,
        422,
      ),
  );
});

workEditRoutes.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/delete', async (c) => {
  const { work, chapter } = await editableChapter(c);
  return c.html(
    <ConfirmDeletePage
      ctx={pageContext(c)}
      heading={`Delete chapter ${chapter.position}${chapter.title ? `: ${chapter.title}` : ''}?`}
      explanation={`The chapter will be removed from “${work.title}” and the chapters after it move up. This cannot be undone.`}
      action={`/works/${work.id}/chapters/${chapter.position}/delete`}
      cancel={`/works/${work.id}/chapters/manage`}
    />,
  );
});

workEditRoutes.post('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/delete', async (c) => {
  const { user, work, chapter } = await editableChapter(c);
  return onInvalid(
    async () => {
      await removeChapter(c.get('services').db, user, work.id, chapter.position);
      return redirectWithFlash(c, `/works/${work.id}/chapters/manage`, 'The chapter was deleted.');
    },
    (errors) =>
      c.html(
        <ConfirmDeletePage
          ctx={pageContext(c)}
          heading={`Delete chapter ${chapter.position}?`}
          explanation="The chapter could not be deleted."
          action={`/works/${work.id}/chapters/${chapter.position}/delete`}
          cancel={`/works/${work.id}/chapters/manage`}
          errors={errors}
        />,
        422,
      ),
  );
});
