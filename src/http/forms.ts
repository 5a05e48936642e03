import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { BadRequest, MalformedJson, UnsupportedMediaType } from './errors.js';

/** A submitted form: one string per field, and every value of a repeated field (checkboxes) via `all`. */
export interface FormInput {
  readonly [name: string]: string | undefined;
}

type Parsed = Record<string, string | File | (string | File)[]>;

async function parsed(c: Context<AppEnv>): Promise<Parsed> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    // No body type at all reads as an empty form; JSON or text sent to a form is refused, not read as empty.
    if (type.trim() === '') return {};
    throw UnsupportedMediaType('Send the form as application/x-www-form-urlencoded or multipart/form-data.');
  }
  try {
    // Hono caches the parsed body on the request, so the CSRF check and the handler share one parse.
    return withoutNul((await c.req.parseBody({ all: true })) as Parsed);
  } catch {
    // A truncated or malformed multipart body is the client's mistake: 400, never a 500.
    throw BadRequest('The form data could not be read.');
  }
}

/** The fields with NUL characters dropped: never text, and PostgreSQL refuses them in a text column (a 500 otherwise). */
function withoutNul(fields: Parsed): Parsed {
  const clean = (v: string | File) => (typeof v === 'string' ? v.replace(/\u0000/g, '') : v);
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value.map(clean) : clean(value)]));
}

/** The form's fields as single strings (the last value of a repeated field). */
export async function readForm(c: Context<AppEnv>): Promise<FormInput> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(await parsed(c))) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[name] = last;
  }
  return out;
}

/** Every string value of a repeated field, such as a group of checkboxes. */
export async function readFormAll(c: Context<AppEnv>, name: string): Promise<string[]> {
  const value = (await parsed(c))[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/** The JSON body of an API request: `{}` when there is none, 415 for another content type, 400 when malformed. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) throw UnsupportedMediaType();
  try {
    // NUL characters dropped, as in forms (withoutNul).
    return JSON.parse(text, (_, value: unknown) => (typeof value === 'string' ? value.replace(/\u0000/g, '') : value)) as unknown;
  } catch {
    throw MalformedJson();
  }
}
