import { Hono } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { UnsupportedMediaType, ValidationFailed } from '../http/errors.js';
import { loadWorkDetails } from '../works/work-details.js';
import { presentWork } from '../works/works.presenters.js';
import { importWork } from './imports.js';
import { workRules } from '../works/work-rules.js';
import { readUploadedFile } from './upload.js';

/** POST /api/v1/imports: a file in, a draft work out. */
export const importsApi = new Hono<AppEnv>();

importsApi.post('/imports', async (c) => {
  const user = requireUser(c);
  const { db, config } = c.get('services');
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    throw UnsupportedMediaType('Send the file as multipart/form-data, in a field named "file".');
  }
  const file = await readUploadedFile(c, 'file');
  if (!file) throw ValidationFailed({ file: 'Attach the file to import in the field "file".' });
  const { work } = await importWork(db, user, file, workRules(c.get('settings')));
  const [details] = await loadWorkDetails(db, [work]);
  return c.json(presentWork(details!, config.baseUrl), 201);
});
