import { Hono } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { ValidationFailed } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { pageContext } from '../http/page-context.js';
import { importWork } from './imports.js';
import { workRules } from '../works/work-rules.js';
import { ImportPage } from './imports.views.js';
import { readUploadedFile } from './upload.js';

/** The import page: upload a file, get a draft work to review. */
export const importRoutes = new Hono<AppEnv>();

importRoutes.get('/works/import', (c) => {
  requireUser(c);
  return c.html(<ImportPage ctx={pageContext(c)} errors={{}} maxBytes={c.get('services').config.maxBodyBytes} />);
});

importRoutes.post('/works/import', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  return onInvalid(
    async () => {
      const file = await readUploadedFile(c, 'file');
      if (!file) throw ValidationFailed({ file: 'Choose a file to import.' });
      const { work, filledIn } = await importWork(db, user, file, workRules(c.get('settings')));
      const missing = filledIn.length > 1 ? `${filledIn.slice(0, -1).join(', ')} or ${filledIn[filledIn.length - 1]}` : filledIn[0];
      const note = missing ? ` The file named no ${missing}: set ${filledIn.length > 1 ? 'them' : 'it'} with Edit work.` : '';
      return redirectWithFlash(c, `/works/${work.id}?view_full_work=true`, `Imported as a draft with ${work.chapter_count === 1 ? 'one chapter' : `${work.chapter_count} chapters`}. Review it, then post it.${note}`);
    },
    (errors) => c.html(<ImportPage ctx={pageContext(c)} errors={errors} maxBytes={config.maxBodyBytes} />, 422),
  );
});
