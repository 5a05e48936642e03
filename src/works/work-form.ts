import type { FieldErrors } from '../http/errors.js';
import type { FormInput } from '../http/forms.js';
import { splitTagField } from './tag-names.js';

// Turns the posting forms' fields into the API's JSON shape, so the pages call the same domain functions
// with the same validation, and turns the resulting error paths back into form field names.

function expectedChapters(value: string | undefined): number | string | null {
  const text = (value ?? '').trim();
  if (text === '' || text === '?') return null;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The work fields of the new-work and edit-work forms. */
export function workFieldsFromForm(form: FormInput, warnings: string[]) {
  return {
    title: form.title ?? '',
    summary: form.summary ?? '',
    notes: form.notes ?? '',
    end_notes: form.end_notes ?? '',
    language: form.language ?? 'en',
    rating: form.rating ?? '',
    warnings,
    fandoms: splitTagField(form.fandoms),
    relationships: splitTagField(form.relationships),
    characters: splitTagField(form.characters),
    freeforms: splitTagField(form.freeforms),
    expected_chapters: expectedChapters(form.expected_chapters),
    comment_permissions: form.comment_permissions ?? 'registered',
    moderate_comments: form.moderate_comments === '1',
  };
}

/** The series choice of a form: an existing series (and optional position), a new series by title, or none. */
export function seriesFromForm(form: FormInput): { id: number; position?: number } | { title: string } | undefined {
  const title = (form.new_series_title ?? '').trim();
  if (title) return { title };
  const id = Number(form.series_id);
  if (!Number.isInteger(id) || id < 1) return undefined;
  const position = Number(form.series_position);
  return Number.isInteger(position) && position >= 1 ? { id, position } : { id };
}

/** The full new-work form: work fields, series, and its first chapter. */
export function workInputFromForm(form: FormInput, warnings: string[]) {
  const draft = form.action === 'draft';
  const series = seriesFromForm(form);
  return {
    ...workFieldsFromForm(form, warnings),
    draft,
    ...(series ? { series } : {}),
    chapters: [
      {
        title: form.chapter_title ?? '',
        summary: form.chapter_summary ?? '',
        notes: form.chapter_notes ?? '',
        end_notes: form.chapter_end_notes ?? '',
        body: form.body ?? '',
        format: form.body_format ?? 'html',
        draft: false,
      },
    ],
  };
}

/** The chapter form's fields as API input. */
export function chapterInputFromForm(form: FormInput) {
  return {
    title: form.title ?? '',
    summary: form.summary ?? '',
    notes: form.notes ?? '',
    end_notes: form.end_notes ?? '',
    body: form.body ?? '',
    format: form.body_format ?? 'html',
    draft: form.action === 'draft',
  };
}

const CHAPTER_FIELD: Record<string, string> = { body: 'body', format: 'body_format', title: 'chapter_title', summary: 'chapter_summary', notes: 'chapter_notes', end_notes: 'chapter_end_notes' };

/** Maps validation error paths ("chapters.0.body", "fandoms.2") to the form's field names. */
export function formErrors(errors: FieldErrors, chapterPrefix = true): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const parts = path.split('.');
    let name = parts[0]!;
    if (name === 'chapters') name = parts[2] ? (chapterPrefix ? (CHAPTER_FIELD[parts[2]] ?? 'body') : parts[2] === 'format' ? 'body_format' : parts[2]) : 'body';
    else if (name === 'series') name = parts[1] === 'title' ? 'new_series_title' : 'series_id';
    else if (name === 'format') name = 'body_format';
    out[name] ??= message;
  }
  return out;
}
