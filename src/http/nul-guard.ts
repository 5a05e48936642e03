import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { BadRequest } from './errors.js';

// A NUL character is never part of a real address, and PostgreSQL refuses it in text (a 500 where SQLite says 404).
// Form and JSON bodies drop it (src/http/forms.ts); an address carrying one is answered 400 before any route runs.

/** Refuses a request whose path or query holds an encoded NUL. */
export const refuseNulInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (/%00/i.test(c.req.url) || c.req.url.includes('\0')) throw BadRequest('The address contains a NUL character.');
  await next();
};
