import type { z } from 'zod';
import { ValidationFailed, type FieldErrors } from './errors.js';

/** Validates `input` against `schema`; throws ValidationFailed with one message per field on failure. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    // Nested paths keep their shape ("chapters.0.body") so clients and forms can place the message.
    const name = issue.path.length ? issue.path.map(String).join('.') : 'body';
    fields[name] ??= issue.message;
  }
  throw ValidationFailed(fields);
}
