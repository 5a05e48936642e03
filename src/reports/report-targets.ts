import { findUserById } from '../accounts/users.queries.js';
import { isStaff } from '../admin/roles.js';
import { findComment, findCommentChapter } from '../comments/comments.queries.js';
import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { findSeries } from '../series/series.queries.js';
import { htmlToText } from '../text/sanitize.js';
import { ORPHAN_USERNAME_KEY } from '../works/works.policy.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import type { ReportTargetType } from './reports.forms.js';

// What a report is about: found by type and id, described for the report form and the moderators' queue, and
// checked for visibility (a reader may report only what they can see).

/** The longest excerpt of a target shown beside the report form and in the queue. */
const EXCERPT_CHARS = 300;

export interface ReportTarget {
  readonly type: ReportTargetType;
  readonly id: number;
  /** "work", "chapter", ...: how the pages name it. */
  readonly noun: string;
  readonly title: string;
  readonly excerpt: string;
  /** The target's page, a site path. */
  readonly path: string;
  /** The accounts whose target it is (authors, commenter, series owner, the account itself). */
  readonly ownerIds: readonly number[];
  /** Deleted, a draft, hidden or held: shown to its owners and staff only. */
  readonly restricted: boolean;
  /** Deleted: gone for everyone (staff still see the reports). */
  readonly deleted: boolean;
  readonly hidden: boolean;
}

const NOUNS: Record<ReportTargetType, string> = { work: 'work', chapter: 'chapter', comment: 'comment', series: 'series', user: 'account' };

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

async function workTarget(db: DbLike, workId: number) {
  const work = await findWork(db, workId);
  if (!work) return undefined;
  return { work, authorIds: await workAuthorIds(db, work.id) };
}

/** Finds a target of any type, whatever its state; undefined when no such thing ever existed (or its work is gone). */
export async function findReportTarget(db: DbLike, type: ReportTargetType, id: number): Promise<ReportTarget | undefined> {
  const base = { type, id, noun: NOUNS[type] };
  switch (type) {
    case 'work': {
      const found = await workTarget(db, id);
      if (!found) return undefined;
      const { work, authorIds } = found;
      return {
        ...base,
        title: work.title,
        excerpt: excerpt(work.summary),
        path: `/works/${work.id}`,
        ownerIds: authorIds,
        restricted: work.posted !== 1 || work.hidden_at !== null || work.deleted_at !== null,
        deleted: work.deleted_at !== null,
        hidden: work.hidden_at !== null,
      };
    }
    case 'chapter': {
      const chapter = await findCommentChapter(db, id);
      const found = chapter ? await workTarget(db, chapter.work_id) : undefined;
      if (!chapter || !found) return undefined;
      const { work, authorIds } = found;
      return {
        ...base,
        title: `${work.title}, chapter ${chapter.position}${chapter.title ? `: ${chapter.title}` : ''}`,
        excerpt: excerpt(htmlToText(chapter.body_html)),
        path: `/works/${work.id}/chapters/${chapter.position}`,
        ownerIds: authorIds,
        restricted: work.posted !== 1 || chapter.posted !== 1 || work.hidden_at !== null || chapter.hidden_at !== null || work.deleted_at !== null,
        deleted: work.deleted_at !== null,
        hidden: chapter.hidden_at !== null,
      };
    }
    case 'comment': {
      const comment = await findComment(db, id);
      const found = comment ? await workTarget(db, comment.work_id) : undefined;
      if (!comment || !found) return undefined;
      const { work } = found;
      const by = comment.username ?? comment.guest_name ?? 'a deleted account';
      const deleted = comment.deleted_at !== null || work.deleted_at !== null;
      return {
        ...base,
        title: `Comment by ${by} on ${work.title}`,
        excerpt: deleted ? '' : excerpt(htmlToText(comment.body_html)),
        path: `/comments/${comment.id}`,
        ownerIds: comment.user_id !== null ? [comment.user_id] : [],
        restricted: deleted || comment.status !== 'published' || comment.hidden_at !== null || work.posted !== 1 || work.hidden_at !== null,
        deleted,
        hidden: comment.hidden_at !== null,
      };
    }
    case 'series': {
      const series = await findSeries(db, id);
      if (!series) return undefined;
      return {
        ...base,
        title: series.title,
        excerpt: excerpt(series.summary),
        path: `/series/${series.id}`,
        ownerIds: [series.user_id],
        restricted: series.deleted_at !== null || series.hidden_at !== null,
        deleted: series.deleted_at !== null,
        hidden: series.hidden_at !== null,
      };
    }
    case 'user': {
      const user = await findUserById(db, id);
      if (!user || user.username_key === ORPHAN_USERNAME_KEY) return undefined;
      return {
        ...base,
        title: user.display_name ? `${user.display_name} (${user.username})` : user.username,
        excerpt: excerpt(user.bio),
        path: `/users/${encodeURIComponent(user.username)}`,
        ownerIds: [user.id],
        restricted: false,
        deleted: false,
        hidden: false,
      };
    }
  }
}

/** The target when `viewer` may see it (and so report it); otherwise a 404 that says no more than a missing page. */
export async function findVisibleTarget(db: DbLike, viewer: User | undefined, type: ReportTargetType, id: number): Promise<ReportTarget> {
  const target = await findReportTarget(db, type, id);
  if (!target || target.deleted) throw NotFound(target?.noun ?? NOUNS[type]);
  if (target.restricted && !(viewer && (target.ownerIds.includes(viewer.id) || isStaff(viewer)))) throw NotFound(target.noun);
  return target;
}
