import type { Notification } from '../db/schema.js';
import type { NotificationSubjects } from './notifications.queries.js';

/** A notification in words, with the site path it links to. */
export interface Described {
  readonly text: string;
  readonly path: string;
}

/** What a notification says and where it leads (relative paths; emails prefix BASE_URL). */
export function describeNotification(n: Notification, subjects: NotificationSubjects): Described {
  const actor = n.actor_name ?? 'Someone';
  const work = n.work_id !== null ? subjects.works.get(n.work_id) : undefined;
  const title = work ? `“${work.title}”` : 'a work that is no longer available';
  const workPath = `/works/${n.work_id ?? 0}`;
  switch (n.kind) {
    case 'chapter': {
      const chapter = n.chapter_id !== null ? subjects.chapters.get(n.chapter_id) : undefined;
      if (!chapter) return { text: `${actor} posted a new chapter of ${title}`, path: workPath };
      const name = chapter.title ? `Chapter ${chapter.position}: ${chapter.title}` : `Chapter ${chapter.position}`;
      return { text: `${actor} posted ${name} of ${title}`, path: `${workPath}/chapters/${chapter.position}` };
    }
    case 'series_part': {
      const series = n.series_id !== null ? subjects.series.get(n.series_id) : undefined;
      return { text: `${actor} posted ${title}, a new part of the series “${series ?? 'a series'}”`, path: workPath };
    }
    case 'work':
      return { text: `${actor} posted a new work, ${title}`, path: workPath };
    case 'tag_work': {
      const tag = n.tag_id !== null ? subjects.tags.get(n.tag_id) : undefined;
      return { text: `New work in tag ${tag ?? 'you follow'}: ${title} by ${actor}`, path: workPath };
    }
    case 'saved_search_work': {
      const search = n.saved_search_id !== null ? subjects.savedSearches.get(n.saved_search_id) : undefined;
      return { text: `New work matching your saved search ${search ? `“${search}”` : ''}: ${title} by ${actor}`.replace(' :', ':'), path: workPath };
    }
    case 'moderation': {
      // A moderator's action on the reader's own content (src/moderation): the sentence, with the reason, is written
      // when the notice is made and kept in actor_name (the moderator is never named), so it reads the same later.
      const chapter = n.chapter_id !== null ? subjects.chapters.get(n.chapter_id) : undefined;
      const path =
        n.comment_id !== null ? `/comments/${n.comment_id}` : chapter ? `${workPath}/chapters/${chapter.position}` : n.work_id !== null ? workPath : n.series_id !== null ? `/series/${n.series_id}` : '/inbox';
      return { text: n.actor_name ?? 'A moderator acted on your content', path };
    }
    case 'export':
      return { text: 'Your data export is ready to download', path: '/settings/export' };
    case 'reply':
      return { text: `${actor} replied to your comment on ${title}`, path: `/comments/${n.comment_id ?? 0}` };
    case 'comment':
    default:
      return { text: `${actor} commented on ${title}`, path: `/comments/${n.comment_id ?? 0}` };
  }
}
