import type { Comment, User } from '../db/schema.js';
import { isStaff } from '../admin/roles.js';

// What "hidden by a moderator" means for who sees what (issue 6). Hidden content is gone for the public; its owner
// still sees it, marked with the moderator's reason, and the staff see it with Restore and Delete. The reporter is
// never named anywhere here: only the moderator's reason travels.

/** The kinds of content a moderator hides, as they appear in URLs (plural) and in reports, audit and appeals (singular). */
export const HIDEABLE_TYPES = ['works', 'chapters', 'comments', 'series'] as const;
export type HideableType = (typeof HIDEABLE_TYPES)[number];
export type TargetType = 'work' | 'chapter' | 'comment' | 'series';

export const TARGET_OF: Record<HideableType, TargetType> = { works: 'work', chapters: 'chapter', comments: 'comment', series: 'series' };
export const TYPE_OF: Record<TargetType, HideableType> = { work: 'works', chapter: 'chapters', comment: 'comments', series: 'series' };

/** The word for a target in sentences ("your work", "your comment"). */
export const TARGET_NOUN: Record<TargetType, string> = { work: 'work', chapter: 'chapter', comment: 'comment', series: 'series' };

/** True for a URL segment naming a hideable type. */
export function isHideableType(value: string | undefined): value is HideableType {
  return (HIDEABLE_TYPES as readonly string[]).includes(value ?? '');
}

/** True for a singular target type. */
export function isTargetType(value: unknown): value is TargetType {
  return value === 'work' || value === 'chapter' || value === 'comment' || value === 'series';
}

/** True when hidden content is out of `user`'s sight: everyone but its owners and the staff. */
export function hiddenFrom(user: User | undefined, hiddenAt: string | null, ownerIds: readonly number[]): boolean {
  if (hiddenAt === null) return false;
  if (user && ownerIds.includes(user.id)) return false;
  return !isStaff(user);
}

/** The viewer fields that decide what a hidden comment shows (see comment-threads.ts). */
interface CommentMaskViewer {
  readonly userId: number | undefined;
  readonly staff?: boolean;
}

/**
 * A hidden comment as a viewer other than its commenter or the staff sees it: a placeholder that keeps the thread's
 * shape (its replies stay under it), with no text, no name and no reason.
 */
export function maskHiddenComment<T extends Pick<Comment, 'hidden_at' | 'hidden_reason' | 'user_id' | 'body_html' | 'body_source' | 'guest_name' | 'edited_at'> & { username: string | null }>(
  row: T,
  viewer: CommentMaskViewer,
): T {
  if (row.hidden_at === null || viewer.staff || (viewer.userId !== undefined && row.user_id === viewer.userId)) return row;
  return { ...row, body_html: '', body_source: '', username: null, guest_name: null, user_id: null, hidden_reason: null, edited_at: null };
}

/** True when a comment row was masked by maskHiddenComment (hidden, and the text withheld). */
export function isMaskedComment(row: Pick<Comment, 'hidden_at' | 'user_id' | 'guest_name' | 'body_html'>, viewer: User | undefined): boolean {
  return row.hidden_at !== null && !isStaff(viewer) && (viewer === undefined || row.user_id !== viewer.id);
}
