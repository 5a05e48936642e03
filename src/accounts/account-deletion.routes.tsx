import { Hono } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm, readJson } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { endSession } from '../http/session.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { countUserWorks } from '../works/works.queries.js';
import { deleteAccount } from './account-deletion.js';
import { DELETE_ACCOUNT_PATH, DeleteAccountPage } from './account-deletion.views.js';

/** Leaving: /settings/delete-account and its API twin, DELETE /api/v1/me. */
export const accountDeletionRoutes = new Hono<AppEnv>();

async function renderPage(c: Parameters<typeof pageContext>[0], form: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const workCount = await countUserWorks(c.get('services').db, user.id, true);
  return c.html(<DeleteAccountPage ctx={pageContext(c)} form={form} workCount={workCount} />, status);
}

accountDeletionRoutes.get(DELETE_ACCOUNT_PATH, (c) => renderPage(c, emptyForm, 200));

accountDeletionRoutes.post(DELETE_ACCOUNT_PATH, async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const outcome = await deleteAccount(db, config, user, { password: form.password ?? '', works: form.works });
      await endSession(c);
      const works = outcome.orphanedWorks ? ` Your ${outcome.orphanedWorks === 1 ? 'work stays' : 'works stay'} readable, credited to orphan_account.` : '';
      return redirectWithFlash(c, '/', `Your account has been deleted.${works} Goodbye, and thank you for your stories.`);
    },
    // The password is never sent back into the form.
    (errors) => renderPage(c, { values: { works: form.works }, errors }, 422),
  );
});

accountDeletionRoutes.delete('/api/v1/me', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  const outcome = await deleteAccount(db, config, user, await readJson(c));
  return c.json({ deleted: true, deleted_works: outcome.deletedWorks, orphaned_works: outcome.orphanedWorks });
});
