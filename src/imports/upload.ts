import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { readForm } from '../http/forms.js';
import type { UploadedFile } from './imports.js';

/** The file sent in the multipart field `name`, or undefined when none (or an empty one) was chosen. */
export async function readUploadedFile(c: Context<AppEnv>, name: string): Promise<UploadedFile | undefined> {
  // readForm checks the content type and turns a malformed body into a 400; Hono caches the parse it made.
  await readForm(c);
  const value = (await c.req.parseBody({ all: true }))[name];
  const file = Array.isArray(value) ? value[value.length - 1] : value;
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return undefined;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
