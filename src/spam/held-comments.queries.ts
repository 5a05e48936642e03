import type { DbLike } from '../db/connection.js';
import type { Comment } from '../db/schema.js';

// All SQL of the held-comments queue: comments stored with status 'held' wait for a site moderator
// (a first comment with a link from a new account, or one the spam check flagged). Uses comments_status_created.

/** A held comment with what the moderator needs to judge it: commenter, work and chapter. */
export interface HeldCommentRow {
  readonly id: number;
  readonly work_id: number;
  readonly chapter_id: number;
  readonly parent_id: number | null;
  readonly user_id: number | null;
  readonly username: string | null;
  readonly guest_name: string | null;
  readonly body_html: string;
  readonly created_at: string;
  readonly work_title: string;
  readonly chapter_position: number;
}

/** One page of held, undeleted comments, oldest first. */
export async function listHeldComments(db: DbLike, limit: number, offset: number): Promise<HeldCommentRow[]> {
  return db
    .selectFrom('comments')
    .innerJoin('works', 'works.id', 'comments.work_id')
    .innerJoin('chapters', 'chapters.id', 'comments.chapter_id')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .select([
      'comments.id', 'comments.work_id', 'comments.chapter_id', 'comments.parent_id', 'comments.user_id', 'users.username',
      'comments.guest_name', 'comments.body_html', 'comments.created_at', 'works.title as work_title', 'chapters.position as chapter_position',
    ])
    .where('comments.status', '=', 'held')
    .where('comments.deleted_at', 'is', null)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many held, undeleted comments wait. */
export async function countHeldComments(db: DbLike): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'held')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves a held comment to `status`; undefined unless it was held and undeleted (so approving twice counts once). */
export async function releaseHeldComment(db: DbLike, id: number, status: 'published' | 'pending', at: string): Promise<Comment | undefined> {
  return db
    .updateTable('comments')
    .set({ status, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a held comment (marks it deleted and clears its text and guest email); undefined unless it was held. */
export async function deleteHeldComment(db: DbLike, id: number, at: string): Promise<Comment | undefined> {
  return db
    .updateTable('comments')
    .set({ status: 'rejected', deleted_at: at, updated_at: at, body_source: '', body_html: '', guest_email: null })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** How many published, undeleted comments an account has (new commenters have few). */
export async function countPublishedCommentsBy(db: DbLike, userId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
