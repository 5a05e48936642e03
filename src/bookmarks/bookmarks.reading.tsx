import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { formatNumber } from '../ui/format.js';
import { bookmarkOf } from './bookmarks.js';

/** The Bookmark (or Edit bookmark) button, and a link to the work's public bookmarks. */
export async function loadBookmarkExtras(c: Context<AppEnv>, work: Work): Promise<{ action?: Child; afterWork?: Child }> {
  const user = c.get('user');
  const afterWork =
    work.bookmark_count > 0 ? (
      <p class="bookmarks-link">
        <a href={`/works/${work.id}/bookmarks`}>{formatNumber(work.bookmark_count)} public {work.bookmark_count === 1 ? 'bookmark' : 'bookmarks'}</a>
      </p>
    ) : undefined;
  if (!user || work.posted === 0) return afterWork ? { afterWork } : {};
  const existing = await bookmarkOf(c.get('services').db, user, { workId: work.id });
  const action = (
    <a class="button" href={`/works/${work.id}/bookmark`}>
      {existing ? 'Edit bookmark' : 'Bookmark'}
    </a>
  );
  return afterWork ? { action, afterWork } : { action };
}
