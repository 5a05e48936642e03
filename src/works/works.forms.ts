import { z } from 'zod';
import { RATINGS } from './ratings.js';

// Validation for works and chapters, shared by the posting pages and the API. Limits follow AO3's.

export const MAX_BODY_CHARS = 510_000;
export const MAX_TAGS = 75;

const str = (name: string) => z.string({ error: `${name} must be text.` });

/**
 * Characters as the author typed them: code points (as JSON Schema's maxLength counts), so an emoji or a rare
 * CJK character is one, not two UTF-16 units; and a line break is one, though a browser submits it as CRLF.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const char of text) if (char !== '\r') count++;
  return count + (text.match(/\r(?!\n)/g)?.length ?? 0);
}

const tagList = (label: string) =>
  z
    .array(
      str('Each tag')
        .trim()
        .min(1, `${label}: a tag cannot be empty.`)
        .max(150, `${label}: tags are at most 150 characters.`)
        .refine((t) => !t.includes(','), `${label}: tag names cannot contain commas.`),
      { error: `${label} must be a list of tag names.` },
    );

export const bodyFormat = z.enum(['markdown', 'html'], { error: 'Format is "markdown" or "html".' });

// Field rules without defaults: PATCH schemas must leave absent fields absent, not reset them.
const chapterFields = {
  title: str('The chapter title').trim().max(255, 'Chapter titles are at most 255 characters.'),
  summary: str('The chapter summary').trim().max(1250, 'Summaries are at most 1,250 characters.'),
  notes: str('Notes').trim().max(5000, 'Notes are at most 5,000 characters.'),
  end_notes: str('End notes').trim().max(5000, 'End notes are at most 5,000 characters.'),
  body: str('The chapter text')
    .refine((b) => b.trim().length > 0, 'Write the chapter text.')
    .refine((b) => b.length <= MAX_BODY_CHARS || characterCount(b) <= MAX_BODY_CHARS, `A chapter is at most ${MAX_BODY_CHARS.toLocaleString('en')} characters.`),
  format: bodyFormat,
  draft: z.boolean({ error: 'draft is true or false.' }),
};

export const chapterInputSchema = z.object({
  ...chapterFields,
  title: chapterFields.title.default(''),
  summary: chapterFields.summary.default(''),
  notes: chapterFields.notes.default(''),
  end_notes: chapterFields.end_notes.default(''),
  format: chapterFields.format.default('html'),
  draft: chapterFields.draft.default(false),
});
export type ChapterInput = z.infer<typeof chapterInputSchema>;

export const chapterPatchSchema = z.object(chapterFields).partial().strict();
export type ChapterPatch = z.infer<typeof chapterPatchSchema>;

export const seriesRefSchema = z.union(
  [
    z.object({ id: z.number({ error: 'series.id is a number.' }).int().positive(), position: z.number().int().positive().optional() }).strict(),
    z.object({ title: str('The series title').trim().min(1, 'Give the new series a title.').max(255, 'Series titles are at most 255 characters.') }).strict(),
  ],
  { error: 'series is {id, position} or {title}.' },
);
export type SeriesRef = z.infer<typeof seriesRefSchema>;

const workFields = {
  title: str('The title').trim().min(1, 'Give your work a title.').max(255, 'Titles are at most 255 characters.'),
  summary: str('The summary').trim().max(1250, 'Summaries are at most 1,250 characters.'),
  notes: str('Notes').trim().max(5000, 'Notes are at most 5,000 characters.'),
  end_notes: str('End notes').trim().max(5000, 'End notes are at most 5,000 characters.'),
  language: str('The language')
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en, fr or zh-Hant.'),
  rating: z.enum(RATINGS, { error: `Choose a rating: ${RATINGS.join(', ')}.` }),
  // Which warnings are allowed is a site setting (src/works/work-rules.ts checks them against it).
  warnings: z
    .array(str('Each archive warning').trim().min(1, 'Choose archive warnings from the list.').max(100, 'Choose archive warnings from the list.'), { error: 'Choose at least one archive warning.' })
    .min(1, 'Choose at least one archive warning.')
    .max(30, 'Choose archive warnings from the list.'),
  fandoms: tagList('Fandoms').min(1, 'Add at least one fandom.'),
  relationships: tagList('Relationships'),
  characters: tagList('Characters'),
  freeforms: tagList('Additional tags'),
  expected_chapters: z
    .number({ error: 'Expected chapters is a whole number, or empty when unknown.' })
    .int('Expected chapters is a whole number.')
    .min(1, 'Expected chapters is at least 1.')
    .max(10_000, 'Expected chapters is at most 10,000.')
    .nullable(),
  draft: z.boolean({ error: 'draft is true or false.' }),
  comment_permissions: z.enum(['everyone', 'registered', 'none'], { error: 'comment_permissions is "everyone", "registered" or "none".' }),
  moderate_comments: z.boolean({ error: 'moderate_comments is true or false.' }),
};

export const workInputSchema = z
  .object({
    ...workFields,
    summary: workFields.summary.default(''),
    notes: workFields.notes.default(''),
    end_notes: workFields.end_notes.default(''),
    language: workFields.language.default('en'),
    relationships: workFields.relationships.default([]),
    characters: workFields.characters.default([]),
    freeforms: workFields.freeforms.default([]),
    expected_chapters: workFields.expected_chapters.default(null),
    draft: workFields.draft.default(false),
    comment_permissions: workFields.comment_permissions.default('registered'),
    moderate_comments: workFields.moderate_comments.default(false),
    series: seriesRefSchema.optional(),
    chapters: z.array(chapterInputSchema, { error: 'Add at least one chapter.' }).min(1, 'Add at least one chapter.').max(500, 'Post at most 500 chapters at once.'),
  })
  .refine((w) => w.fandoms.length + w.relationships.length + w.characters.length + w.freeforms.length <= MAX_TAGS, {
    message: `A work has at most ${MAX_TAGS} tags.`,
    path: ['freeforms'],
  });
export type WorkInput = z.infer<typeof workInputSchema>;

export const workPatchSchema = z
  .object({
    ...workFields,
    series: seriesRefSchema,
    leave_series: z.array(z.number().int().positive(), { error: 'leave_series is a list of series ids.' }),
  })
  .partial()
  .strict();
export type WorkPatch = z.infer<typeof workPatchSchema>;
