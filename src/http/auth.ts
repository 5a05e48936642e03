import type { Context } from 'hono';
import type { User } from '../db/schema.js';
import type { AppEnv } from './env.js';
import { Unauthorized, type FieldErrors, AppError } from './errors.js';

/** The signed-in user, or a 401 (pages render it as a log-in prompt). */
export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw Unauthorized();
  return user;
}

/** Runs a form action; when it fails validation, renders the form again with the errors (status 422). */
export async function onInvalid(action: () => Promise<Response>, rerender: (errors: FieldErrors) => Response | Promise<Response>): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return rerender(error.fields ?? {});
    throw error;
  }
}
