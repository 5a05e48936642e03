import type { z } from 'zod';
import type { SiteSettings } from '../admin/site-settings.js';
import { AppError, ValidationFailed, type FieldErrors } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { WARNINGS } from './ratings.js';

// What the site settings decide about new and edited works: the archive-warning list authors choose from, and who
// may comment when the author does not say. Callers without a request (CLI, demo, imports) use the built-in rules.

export interface WorkRules {
  readonly warnings: readonly string[];
  readonly defaultCommentPermission: 'everyone' | 'registered' | 'none';
}

export const DEFAULT_WORK_RULES: WorkRules = { warnings: WARNINGS, defaultCommentPermission: 'registered' };

/** The work rules of the current site settings. */
export function workRules(settings: Pick<SiteSettings, 'archive_warnings' | 'default_comment_permission'>): WorkRules {
  return { warnings: settings.archive_warnings, defaultCommentPermission: settings.default_comment_permission };
}

export const UNKNOWN_WARNING = 'Choose archive warnings from the list.';

/**
 * The error for the first warning outside `allowed` (a work also keeps the ones it already has), keyed by its place
 * (`warnings.1`) as the schema's other item errors are; empty when all are fine.
 */
export function unknownWarningErrors(input: unknown, allowed: readonly string[]): FieldErrors {
  const warnings = typeof input === 'object' && input !== null && 'warnings' in input ? (input as { warnings: unknown }).warnings : undefined;
  if (!Array.isArray(warnings)) return {};
  const known = new Set(allowed);
  const index = warnings.findIndex((w) => typeof w === 'string' && !known.has(w.trim()));
  return index === -1 ? {} : { [`warnings.${index}`]: UNKNOWN_WARNING };
}

/** The input with the site's default comment permission filled in when the author gave none. */
export function withDefaultCommentPermission(input: unknown, rules: WorkRules): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || 'comment_permissions' in input) return input;
  return { ...input, comment_permissions: rules.defaultCommentPermission };
}

/** Validates work input against `schema`, reporting warnings outside `allowed` beside every other field's message. */
export function validateWork<S extends z.ZodType>(schema: S, input: unknown, allowed: readonly string[]): z.infer<S> {
  const warnings = unknownWarningErrors(input, allowed);
  const found = Object.keys(warnings).length > 0;
  let data: z.infer<S>;
  try {
    data = validate(schema, input);
  } catch (error) {
    if (found && error instanceof AppError && error.status === 422) throw ValidationFailed({ ...warnings, ...error.fields });
    throw error;
  }
  if (found) throw ValidationFailed(warnings);
  return data;
}
