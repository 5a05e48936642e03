import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { BadRequest } from './errors.js';

// A NUL character is never part of a real address, and PostgreSQL refuses it in text (a 500 where SQLite says 404).
// Form and JSON bodies drop it (src/http/forms.ts); a path carrying one is answered 400 before any route runs.

/** Refuses a request whose path holds an encoded NUL (query values are for each route to clean, as search does). */
export const refuseNulInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (/%00/i.test(path) || path.includes('\0')) throw BadRequest('The address contains a NUL character.');
  await next();
};
