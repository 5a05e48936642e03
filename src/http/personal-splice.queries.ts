import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { DbLike } from '../db/connection.js';
import { isPostgres } from '../db/dialect.js';
import type { User } from '../db/schema.js';

/** What of the reader's account a chapter page depends on (the header, dates, the adult notice, history, roles). */
export type ChapterReader = Pick<User, 'id' | 'username' | 'time_zone' | 'view_adult' | 'is_admin' | 'is_moderator' | 'is_wrangler' | 'history_enabled' | 'unread_notifications' | 'suspended_until'>;

/** A signed-in reader and what their chapter page shows of their own: one row, or undefined for no live session. */
export interface ChapterReaderState {
  readonly user: ChapterReader;
  /** The reader is one of the work's authors. */
  readonly isAuthor: boolean;
  readonly kudosGiven: boolean;
  readonly bookmarked: boolean;
  readonly subscribed: boolean;
  readonly markedForLater: boolean;
  /** The reader mutes someone (muted accounts' comments, kudos and works change what a page shows). */
  readonly hasMutes: boolean;
  /** The reader has a comment (in any state) on this chapter: their own comments show edit and delete actions. */
  readonly hasComments: boolean;
  /** The reading-history row: the last chapter read (if still posted) and its position, as findReading gives them. */
  readonly reading: { readonly chapterId: number | null; readonly chapterPosition: number | null; readonly views: number; readonly visitedAt: string } | undefined;
}

interface StateRow extends ChapterReader {
  is_author: number;
  kudos_given: number;
  bookmarked: number;
  subscribed: number;
  has_mutes: number;
  has_comments: number;
  reading_views: number | null;
  reading_chapter_id: number | null;
  reading_chapter_position: number | null;
  reading_marked: number | null;
  reading_visited_at: string | null;
}

function stateQuery(workId: number, position: number, tokenHash: string, now: string) {
  return sql<StateRow>`
    select u.id, u.username, u.time_zone, u.view_adult, u.is_admin, u.is_moderator, u.is_wrangler, u.history_enabled, u.unread_notifications, u.suspended_until,
      case when exists (select 1 from work_authors wa where wa.work_id = ${workId} and wa.user_id = u.id) then 1 else 0 end as is_author,
      case when exists (select 1 from kudos k where k.work_id = ${workId} and k.user_id = u.id) then 1 else 0 end as kudos_given,
      case when exists (select 1 from bookmarks b where b.user_id = u.id and b.work_id = ${workId}) then 1 else 0 end as bookmarked,
      case when exists (select 1 from subscriptions sub where sub.user_id = u.id and sub.target_type = 'work' and sub.target_id = ${workId}) then 1 else 0 end as subscribed,
      case when exists (select 1 from mutes m where m.user_id = u.id) then 1 else 0 end as has_mutes,
      case when exists (
        select 1 from comments c join chapters cc on cc.id = c.chapter_id
        where cc.work_id = ${workId} and cc.position = ${position} and c.user_id = u.id
      ) then 1 else 0 end as has_comments,
      r.views as reading_views, r.chapter_id as reading_chapter_id, rc.position as reading_chapter_position,
      r.marked_for_later as reading_marked, r.visited_at as reading_visited_at
    from sessions s
    join users u on u.id = s.user_id
    left join readings r on r.user_id = u.id and r.work_id = ${workId}
    left join chapters rc on rc.id = r.chapter_id and rc.posted = 1
    where s.token_hash = ${tokenHash} and s.expires_at > ${now} and u.banned_at is null`;
}

/** stateQuery's parameters in the order its text uses them (checked against Kysely's compilation before use). */
function stateParameters(workId: number, position: number, tokenHash: string, now: string): unknown[] {
  return [workId, workId, workId, workId, workId, position, workId, tokenHash, now];
}

/**
 * The session's user (a live session of an account that is not banned, as findSessionUser) together with their
 * kudos, bookmark, subscription, history and relations for one chapter page, in a single indexed query: the
 * signed-in reading page's only query when its shared parts are cached (src/http/personal-splice.ts).
 */
export async function findChapterReaderState(db: DbLike, tokenHash: string, now: string, workId: number, position: number, options: { readonly ownConnection?: boolean } = {}): Promise<ChapterReaderState | undefined> {
  const own = options.ownConnection ? await ownStatement(db) : undefined;
  const rows = own ? ([own.get(stateParameters(workId, position, tokenHash, now))].filter(Boolean) as StateRow[]) : (await stateQuery(workId, position, tokenHash, now).execute(db)).rows;
  return stateOf(rows[0]);
}

/**
 * The same, answered at once on SQLite once the statement of its own connection is ready (the server answers the
 * request in the same turn of the event loop that read it); null when it must be asked with findChapterReaderState.
 */
export function findChapterReaderStateNow(db: DbLike, tokenHash: string, now: string, workId: number, position: number): ChapterReaderState | undefined | null {
  const statement = readyStatements.get(db);
  if (!statement) return null;
  return stateOf(statement.get(stateParameters(workId, position, tokenHash, now)) as StateRow | undefined);
}

function stateOf(row: StateRow | undefined): ChapterReaderState | undefined {
  if (!row) return undefined;
  const { is_author, kudos_given, bookmarked, subscribed, has_mutes, has_comments, reading_views, reading_chapter_id, reading_chapter_position, reading_marked, reading_visited_at, ...user } = row;
  return {
    user,
    isAuthor: Number(is_author) === 1,
    kudosGiven: Number(kudos_given) === 1,
    bookmarked: Number(bookmarked) === 1,
    subscribed: Number(subscribed) === 1,
    markedForLater: Number(reading_marked) === 1,
    hasMutes: Number(has_mutes) === 1,
    hasComments: Number(has_comments) === 1,
    reading: reading_views === null ? undefined : { chapterId: reading_chapter_id, chapterPosition: reading_chapter_position, views: Number(reading_views), visitedAt: reading_visited_at! },
  };
}

// On SQLite the query above runs on a read-only connection of its own with the statement prepared once: preparing
// this statement costs ten times and more what running it does (0.16–0.25 ms against 6–20 µs measured here), and Kysely's SQLite
// driver prepares every query afresh. SQLite in WAL mode lets a reader see every committed write of the app's own
// connection (each request's writes are committed before it answers). PostgreSQL and in-memory databases go through
// Kysely as every other query does.
const files = new WeakMap<object, Promise<string | undefined>>();

/** The file of the app's SQLite database, as its own connection names it; undefined on PostgreSQL or in memory. */
function sqliteFileOf(db: DbLike): Promise<string | undefined> {
  let file = files.get(db);
  if (!file) {
    file = isPostgres(db) ? Promise.resolve(undefined) : sql<{ name: string; file: string }>`pragma database_list`.execute(db).then(({ rows }) => rows.find((r) => r.name === 'main')?.file || undefined);
    files.set(db, file);
  }
  return file;
}

const readers = new Map<string, SQLite.Database>();
let statements = new WeakMap<object, Promise<SQLite.Statement | undefined>>();
let readyStatements = new WeakMap<object, SQLite.Statement>();

/** stateQuery prepared once on a read-only connection to the app's SQLite file; undefined where that cannot be. */
function ownStatement(db: DbLike): Promise<SQLite.Statement | undefined> {
  let statement = statements.get(db);
  if (!statement) {
    statement = sqliteFileOf(db).then((file) => {
      if (file === undefined || !fs.existsSync(file)) return undefined;
      const compiled = stateQuery(1, 2, 'token', 'now').compile(db);
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(stateParameters(1, 2, 'token', 'now'))) return undefined;
      let connection = readers.get(file);
      if (!connection) {
        connection = new SQLite(file, { readonly: true, fileMustExist: true });
        connection.pragma('busy_timeout = 5000');
        readers.set(file, connection);
      }
      const prepared = connection.prepare(compiled.sql);
      readyStatements.set(db, prepared);
      return prepared;
    });
    statements.set(db, statement);
  }
  return statement;
}

/** Closes the read-only connections (the server's shutdown, and tests). */
export function closeChapterReaders(): void {
  for (const connection of readers.values()) connection.close();
  readers.clear();
  statements = new WeakMap();
  readyStatements = new WeakMap();
}
