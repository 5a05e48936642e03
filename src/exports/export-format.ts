import { z } from 'zod';

// The shape of chapterhouse-export.json, the document at the heart of a personal export. docs/export-format.md
// describes every field; this schema is what the importer validates and what the tests check a built export against.
// Bump EXPORT_FORMAT when a field changes meaning or goes away (adding an optional field does not need a bump).

export const EXPORT_FORMAT = 1;
export const EXPORT_JSON_NAME = 'chapterhouse-export.json';

const time = z.iso.datetime({ offset: true });
const optionalTime = time.nullable();
const id = z.number().int().positive();
const flag = z.boolean();

export const exportedChapterSchema = z.object({
  position: z.number().int().min(1),
  title: z.string(),
  summary: z.string(),
  notes: z.string(),
  end_notes: z.string(),
  body_format: z.enum(['markdown', 'html']),
  body_source: z.string(),
  body_html: z.string(),
  word_count: z.number().int().min(0),
  posted: flag,
  published_at: optionalTime,
  created_at: time,
  updated_at: time,
});

export const exportedWorkSchema = z.object({
  id,
  url: z.string(),
  title: z.string(),
  summary: z.string(),
  notes: z.string(),
  end_notes: z.string(),
  language: z.string(),
  rating: z.string(),
  warnings: z.array(z.string()),
  fandoms: z.array(z.string()),
  relationships: z.array(z.string()),
  characters: z.array(z.string()),
  freeforms: z.array(z.string()),
  expected_chapters: z.number().int().min(1).nullable(),
  complete: flag,
  posted: flag,
  comment_permissions: z.string(),
  moderate_comments: flag,
  co_authors: z.array(z.string()),
  stats: z.object({ words: z.number().int().min(0), chapters: z.number().int().min(0), kudos: z.number().int().min(0), comments: z.number().int().min(0), bookmarks: z.number().int().min(0), hits: z.number().int().min(0) }),
  published_at: optionalTime,
  revised_at: optionalTime,
  created_at: time,
  updated_at: time,
  epub: z.string().nullable(),
  chapters: z.array(exportedChapterSchema),
});

export const exportedSeriesSchema = z.object({
  id,
  url: z.string(),
  title: z.string(),
  summary: z.string(),
  notes: z.string(),
  complete: flag,
  created_at: time,
  updated_at: time,
  parts: z.array(z.object({ position: z.number().int().min(1), work_id: id, title: z.string() })),
});

export const exportDocumentSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  generator: z.string(),
  exported_at: time,
  site: z.object({ base_url: z.string() }),
  account: z.object({
    username: z.string(),
    display_name: z.string(),
    bio: z.string(),
    email: z.string(),
    email_confirmed_at: optionalTime,
    time_zone: z.string(),
    view_adult: flag,
    history_enabled: flag,
    email_frequency: z.string(),
    is_admin: flag,
    is_wrangler: flag,
    created_at: time,
    updated_at: time,
  }),
  works: z.array(exportedWorkSchema),
  series: z.array(exportedSeriesSchema),
  comments: z.array(
    z.object({
      id,
      work_id: id,
      work_title: z.string(),
      chapter_position: z.number().int().min(1),
      parent_id: id.nullable(),
      thread_id: id.nullable(),
      body_source: z.string(),
      body_html: z.string(),
      status: z.string(),
      created_at: time,
      edited_at: optionalTime,
      deleted_at: optionalTime,
      url: z.string(),
    }),
  ),
  bookmarks: z.array(
    z.object({
      work_id: id.nullable(),
      series_id: id.nullable(),
      title: z.string(),
      notes_source: z.string(),
      notes_html: z.string(),
      tags: z.array(z.string()),
      private: flag,
      rec: flag,
      created_at: time,
      updated_at: time,
    }),
  ),
  subscriptions: z.array(z.object({ target_type: z.enum(['work', 'series', 'user']), target_id: id, name: z.string(), created_at: time })),
  reading_history: z.array(z.object({ work_id: id, work_title: z.string(), chapter_position: z.number().int().min(1).nullable(), views: z.number().int().min(0), marked_for_later: flag, visited_at: time })),
  kudos: z.array(z.object({ work_id: id, work_title: z.string(), created_at: time })),
  tag_exclusions: z.array(z.object({ tag: z.string(), kind: z.string(), created_at: time })),
  saved_searches: z.array(z.object({ name: z.string(), query: z.string(), created_at: time })),
  blocks: z.array(z.object({ username: z.string(), created_at: time })),
  mutes: z.array(z.object({ username: z.string(), created_at: time })),
});

export type ExportDocument = z.infer<typeof exportDocumentSchema>;
export type ExportedWork = z.infer<typeof exportedWorkSchema>;
export type ExportedChapter = z.infer<typeof exportedChapterSchema>;
export type ExportedSeries = z.infer<typeof exportedSeriesSchema>;
