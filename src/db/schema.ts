import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Table types as the queries see them. Flags are 0/1 integers and times ISO 8601 UTC strings on both engines.

export type Flag = 0 | 1;

export interface SiteSettingsTable {
  key: string;
  value: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** Lower-cased username: the unique, case-insensitive key. */
  username_key: string;
  email: string;
  password_hash: string;
  display_name: Generated<string>;
  bio: Generated<string>;
  time_zone: Generated<string>;
  view_adult: Generated<Flag>;
  is_admin: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  window_ends_at: string;
}

export interface WorksTable {
  id: Generated<number>;
  title: string;
  summary: Generated<string>;
  notes: Generated<string>;
  end_notes: Generated<string>;
  language: Generated<string>;
  rating: string;
  expected_chapters: number | null;
  chapter_count: Generated<number>;
  word_count: Generated<number>;
  kudos_count: Generated<number>;
  comment_count: Generated<number>;
  bookmark_count: Generated<number>;
  hit_count: Generated<number>;
  complete: Generated<Flag>;
  posted: Generated<Flag>;
  published_at: string | null;
  revised_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface WorkAuthorsTable {
  work_id: number;
  user_id: number;
  position: Generated<number>;
}

export interface WorkWarningsTable {
  work_id: number;
  warning: string;
  position: number;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  kind: string;
  canonical: Generated<Flag>;
  created_at: string;
}

export interface WorkTagsTable {
  work_id: number;
  tag_id: number;
  kind: string;
  position: number;
}

export interface ChaptersTable {
  id: Generated<number>;
  work_id: number;
  position: number;
  title: Generated<string>;
  summary: Generated<string>;
  notes: Generated<string>;
  end_notes: Generated<string>;
  body_source: string;
  body_format: string;
  body_html: string;
  word_count: number;
  posted: Generated<Flag>;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SeriesTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  summary: Generated<string>;
  notes: Generated<string>;
  complete: Generated<Flag>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SeriesWorksTable {
  series_id: number;
  work_id: number;
  position: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number;
  details: Generated<string>;
  created_at: string;
}

export interface Database {
  site_settings: SiteSettingsTable;
  counters: CountersTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  works: WorksTable;
  work_authors: WorkAuthorsTable;
  work_warnings: WorkWarningsTable;
  tags: TagsTable;
  work_tags: WorkTagsTable;
  chapters: ChaptersTable;
  series: SeriesTable;
  series_works: SeriesWorksTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Work = Selectable<WorksTable>;
export type NewWork = Insertable<WorksTable>;
export type WorkUpdate = Updateable<WorksTable>;
export type Chapter = Selectable<ChaptersTable>;
export type NewChapter = Insertable<ChaptersTable>;
export type ChapterUpdate = Updateable<ChaptersTable>;
export type Series = Selectable<SeriesTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Tag = Selectable<TagsTable>;
