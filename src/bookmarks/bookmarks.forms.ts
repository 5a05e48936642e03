import { z } from 'zod';
import { splitTagField } from '../works/tag-names.js';

export const MAX_NOTES_CHARS = 5000;
export const MAX_BOOKMARK_TAGS = 75;

// Tags arrive as a comma-separated string (the form) or a list (the API); both become a list of names.
const tagsField = z
  .union([z.string(), z.array(z.string({ error: 'Tags are text.' }))], { error: 'Tags are a comma-separated string or a list of names.' })
  .transform((value) => (typeof value === 'string' ? splitTagField(value) : value.flatMap((v) => splitTagField(v.replace(/,/g, ' ')))))
  .pipe(
    z
      .array(z.string().max(150, 'Tags are at most 150 characters.'))
      .max(MAX_BOOKMARK_TAGS, `A bookmark has at most ${MAX_BOOKMARK_TAGS} tags.`),
  );

const fields = {
  notes: z.string({ error: 'Notes are text.' }).max(MAX_NOTES_CHARS, `Notes are at most ${MAX_NOTES_CHARS.toLocaleString('en')} characters.`),
  tags: tagsField,
  private: z.boolean({ error: 'private is true or false.' }),
  rec: z.boolean({ error: 'rec is true or false.' }),
};

/** A new bookmark (or the whole of an existing one): of a work or of a series, with optional notes, tags and flags. */
export const bookmarkInputSchema = z
  .object({
    work_id: z.number({ error: 'work_id is a work id.' }).int().positive().optional(),
    series_id: z.number({ error: 'series_id is a series id.' }).int().positive().optional(),
    notes: fields.notes.default(''),
    tags: tagsField.default([]),
    private: fields.private.default(false),
    rec: fields.rec.default(false),
  })
  .strict()
  .refine((b) => (b.work_id === undefined) !== (b.series_id === undefined), { message: 'Give either work_id or series_id.', path: ['work_id'] });

/** Changes to a bookmark: any subset of notes, tags and flags. */
export const bookmarkPatchSchema = z.object(fields).partial().strict();

export type BookmarkInput = z.infer<typeof bookmarkInputSchema>;
export type BookmarkPatch = z.infer<typeof bookmarkPatchSchema>;
