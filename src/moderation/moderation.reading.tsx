import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { isStaff } from '../admin/roles.js';
import type { Chapter, Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { HiddenNotice } from './moderation.views.js';

// What moderation adds to a reading page: the "Hidden by a moderator" mark on a hidden work or chapter for its
// author (with the appeal link) and the staff (with Restore and Delete), and the staff's "Hide" links.

/** The work's mark (under its metadata) and each shown chapter's mark, keyed by chapter id. */
export function moderationReadingExtras(c: Context<AppEnv>, work: Work, chapters: readonly Chapter[], authorIds: readonly number[]): { work: Child; chapters: Map<number, Child> } {
  const user = c.get('user');
  const own = user !== undefined && authorIds.includes(user.id);
  const staff = isStaff(user);
  const out = new Map<number, Child>();
  for (const chapter of chapters) {
    const name = `chapter ${chapter.position}`;
    const notice = <HiddenNotice type="chapter" id={chapter.id} hiddenReason={chapter.hidden_reason} hidden={chapter.hidden_at !== null} own={own} staff={staff} label={name} />;
    if (chapter.hidden_at !== null || staff) out.set(chapter.id, notice);
  }
  return {
    work: work.hidden_at !== null || staff ? <HiddenNotice type="work" id={work.id} hiddenReason={work.hidden_reason} hidden={work.hidden_at !== null} own={own} staff={staff} label="this work" /> : null,
    chapters: out,
  };
}
