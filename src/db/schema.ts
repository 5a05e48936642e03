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
  email_confirmed_at: string | null;
  /** immediate | daily | off */
  email_frequency: Generated<string>;
  history_enabled: Generated<Flag>;
  unread_notifications: Generated<number>;
  /** May wrangle tags (granted by an administrator). */
  is_wrangler: Generated<Flag>;
  /** May work the report queue and hide content (granted by an administrator). */
  is_moderator: Generated<Flag>;
  /** While in the future the account can read and export but not post, comment or leave kudos. */
  suspended_until: string | null;
  suspension_reason: string | null;
  /** A banned account cannot sign in. */
  banned_at: string | null;
  ban_reason: string | null;
  /** The client address the account signed up from (admins search recent sign-ups by it). */
  signup_ip: string | null;
  /** How many friends this account may still invite. */
  invitations_left: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  /** The User-Agent header of the request that opened the session (for the active-sessions list). */
  user_agent: string | null;
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
  guest_kudos_count: Generated<number>;
  /** everyone | registered | none */
  comment_permissions: Generated<string>;
  moderate_comments: Generated<Flag>;
  complete: Generated<Flag>;
  posted: Generated<Flag>;
  published_at: string | null;
  revised_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Set when a moderator hid this from the public; the author still sees it, marked, with the reason. */
  hidden_at: Generated<string | null>;
  hidden_reason: Generated<string | null>;
  hidden_by: Generated<number | null>;
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
  /** Set on a synonym: the canonical tag its works are listed under. */
  synonym_of_id: number | null;
  created_at: string;
}

export interface TagParentsTable {
  parent_id: number;
  child_id: number;
}

/** For each wrangled tag, the canonical tags it counts under (itself, its synonym target, their ancestors). */
/** A reader's lasting exclusion of a tag (with its synonyms and sub tags) from listings and search. */
export interface TagExclusionsTable {
  user_id: number;
  tag_id: number;
  created_at: string;
}

export interface TagFiltersTable {
  tag_id: number;
  filter_id: number;
}

export interface TagWranglingLogTable {
  id: Generated<number>;
  actor_id: number | null;
  tag_id: number;
  action: string;
  /** JSON text. */
  details: string;
  created_at: string;
}

export interface WorkTagsTable {
  work_id: number;
  tag_id: number;
  kind: string;
  position: number;
}

/** Derived (migration 0012): each tag a work carries and each canonical tag those count under. */
export interface WorkFiltersTable {
  filter_id: number;
  work_id: number;
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
  comment_count: Generated<number>;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when a moderator hid this from the public; the author still sees it, marked, with the reason. */
  hidden_at: Generated<string | null>;
  hidden_reason: Generated<string | null>;
  hidden_by: Generated<number | null>;
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
  /** Set when a moderator hid this from the public; the author still sees it, marked, with the reason. */
  hidden_at: Generated<string | null>;
  hidden_reason: Generated<string | null>;
  hidden_by: Generated<number | null>;
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
  /** Why the actor did it (moderation actions require one). */
  reason: Generated<string>;
  /** JSON text: the target's relevant fields before and after the action. */
  before_state: Generated<string>;
  after_state: Generated<string>;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  work_id: number;
  chapter_id: number;
  parent_id: number | null;
  thread_id: number | null;
  depth: Generated<number>;
  user_id: number | null;
  guest_name: string | null;
  guest_email: string | null;
  body_source: string;
  body_html: string;
  /** published | pending (awaiting the author) | rejected | held (awaiting a site moderator) */
  status: Generated<string>;
  frozen: Generated<Flag>;
  reply_count: Generated<number>;
  ip_hash: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when a moderator hid this from the public; the author still sees it, marked, with the reason. */
  hidden_at: Generated<string | null>;
  hidden_reason: Generated<string | null>;
  hidden_by: Generated<number | null>;
}

export interface KudosTable {
  id: Generated<number>;
  work_id: number;
  user_id: number | null;
  guest_key: string | null;
  created_at: string;
}

export interface BookmarksTable {
  id: Generated<number>;
  user_id: number;
  work_id: number | null;
  series_id: number | null;
  notes_source: Generated<string>;
  notes_html: Generated<string>;
  private: Generated<Flag>;
  rec: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface BookmarkTagsTable {
  bookmark_id: number;
  tag_id: number;
  position: number;
}

export interface ReadingsTable {
  user_id: number;
  work_id: number;
  chapter_id: number | null;
  views: Generated<number>;
  marked_for_later: Generated<Flag>;
  visited_at: string;
}

export interface WorkHitsTable {
  work_id: number;
  day: string;
  visitor: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  /** work | series | user */
  target_type: string;
  target_id: number;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  /** chapter | work | series_part | comment | reply | export */
  kind: string;
  work_id: number | null;
  chapter_id: number | null;
  series_id: number | null;
  comment_id: number | null;
  actor_id: number | null;
  actor_name: string | null;
  /** The tag whose subscription brought a new work (kind tag_work). */
  tag_id: number | null;
  /** The saved search whose subscription brought a new work (kind saved_search_work). */
  saved_search_id: number | null;
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
  emailed_at: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Generated<string>;
  dedupe_key: string | null;
  run_at: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
  failed_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  user_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Generated<string>;
  message_id: string;
  dedupe_key: string | null;
  created_at: string;
  sent_at: string | null;
  error: string | null;
}

export interface EmailTokensTable {
  id: Generated<number>;
  user_id: number;
  /** confirm | reset */
  purpose: string;
  token_hash: string;
  email: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface BlocksTable {
  user_id: number;
  blocked_id: number;
  created_at: string;
}

export interface MutesTable {
  user_id: number;
  muted_id: number;
  created_at: string;
}

/**
 * The full-text index (migration 0004): one row per posted, undeleted work. Its other columns differ by engine
 * (FTS5 text columns on SQLite, tsvectors on PostgreSQL), so src/search/search.queries.ts reads and writes them with raw SQL.
 */
export interface WorkSearchTable {
  work_id: number;
}

/** A personal export (issue 5): a zip of everything that is the user's, built by the `export.build` job. */
export interface ExportsTable {
  id: Generated<number>;
  user_id: number;
  /** pending | ready | failed | expired */
  status: Generated<string>;
  file_name: string | null;
  size_bytes: number | null;
  error: string | null;
  created_at: string;
  ready_at: string | null;
  expires_at: string | null;
}

/** A deleted account's username, held back from sign-up until `held_until` (SHA-256 of the lower-cased name). */
export interface UsernameHoldsTable {
  key_hash: string;
  held_until: string;
}

export interface SavedSearchesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The canonical filter query string (src/listings filterQueryString), `q` included. */
  query: string;
  /** Secret for the private Atom feed URL; rotated on request. */
  feed_token: string;
  created_at: string;
}

/** A TOTP secret for two-factor sign-in; `enabled_at` null while setup awaits its first code. */
export interface TotpCredentialsTable {
  user_id: number;
  /** AES-256-GCM under a key derived from the site secret: iv.tag.ciphertext, base64url. */
  secret_encrypted: string;
  enabled_at: string | null;
  /** The last 30-second step a code was accepted for, so a code is never used twice. */
  last_step: number | null;
  created_at: string;
}

/** A single-use recovery code for two-factor sign-in, stored as a SHA-256 hash. */
export interface TotpRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

/** work | chapter | comment | series | user */
export type ReportTargetType = 'work' | 'chapter' | 'comment' | 'series' | 'user';

export interface ReportsTable {
  id: Generated<number>;
  target_type: string;
  target_id: number;
  reporter_id: number | null;
  reporter_email: string | null;
  reporter_ip_hash: string | null;
  /** spam | harassment | illegal | rating | copyright | other */
  category: string;
  description: string;
  /** The page the reporter was on. */
  url: Generated<string>;
  /** open | in_progress | resolved | dismissed */
  status: Generated<string>;
  assignee_id: number | null;
  /** The audit log entry of the action taken, when one was. */
  audit_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ReportNotesTable {
  id: Generated<number>;
  report_id: number;
  author_id: number | null;
  body: string;
  created_at: string;
}

export interface AppealsTable {
  id: Generated<number>;
  target_type: string;
  target_id: number;
  user_id: number;
  /** open | upheld | restored */
  status: Generated<string>;
  outcome: Generated<string>;
  decided_by: number | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppealMessagesTable {
  id: Generated<number>;
  appeal_id: number;
  author_id: number | null;
  body: string;
  created_at: string;
}

export interface InviteRequestsTable {
  id: Generated<number>;
  email: string;
  ip_hash: string | null;
  created_at: string;
  invited_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  token_hash: string;
  email: string | null;
  created_by: number | null;
  request_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
}

export interface Database {
  site_settings: SiteSettingsTable;
  counters: CountersTable;
  users: UsersTable;
  sessions: SessionsTable;
  totp_credentials: TotpCredentialsTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  works: WorksTable;
  work_authors: WorkAuthorsTable;
  work_warnings: WorkWarningsTable;
  tags: TagsTable;
  work_tags: WorkTagsTable;
  work_filters: WorkFiltersTable;
  tag_parents: TagParentsTable;
  tag_filters: TagFiltersTable;
  tag_wrangling_log: TagWranglingLogTable;
  chapters: ChaptersTable;
  series: SeriesTable;
  series_works: SeriesWorksTable;
  audit_log: AuditLogTable;
  reports: ReportsTable;
  report_notes: ReportNotesTable;
  appeals: AppealsTable;
  appeal_messages: AppealMessagesTable;
  invite_requests: InviteRequestsTable;
  invitations: InvitationsTable;
  comments: CommentsTable;
  kudos: KudosTable;
  bookmarks: BookmarksTable;
  bookmark_tags: BookmarkTagsTable;
  readings: ReadingsTable;
  work_hits: WorkHitsTable;
  subscriptions: SubscriptionsTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  email_tokens: EmailTokensTable;
  blocks: BlocksTable;
  mutes: MutesTable;
  work_search: WorkSearchTable;
  tag_exclusions: TagExclusionsTable;
  exports: ExportsTable;
  username_holds: UsernameHoldsTable;
  saved_searches: SavedSearchesTable;
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
export type Comment = Selectable<CommentsTable>;
export type Bookmark = Selectable<BookmarksTable>;
export type Notification = Selectable<NotificationsTable>;
export type Job = Selectable<JobsTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type Export = Selectable<ExportsTable>;
export type SavedSearch = Selectable<SavedSearchesTable>;
export type Report = Selectable<ReportsTable>;
export type Appeal = Selectable<AppealsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
