import type { BookmarkEntry } from './bookmarks.js';

/** A bookmark as the API returns it. */
export function presentBookmark(entry: BookmarkEntry, baseUrl: string) {
  const { bookmark } = entry;
  return {
    id: bookmark.id,
    username: entry.username,
    work_id: bookmark.work_id,
    series_id: bookmark.series_id,
    title: entry.work?.work.title ?? entry.series?.title ?? null,
    notes: bookmark.notes_source,
    notes_html: bookmark.notes_html,
    tags: [...entry.tags],
    private: bookmark.private === 1,
    rec: bookmark.rec === 1,
    created_at: bookmark.created_at,
    updated_at: bookmark.updated_at,
    url: bookmark.work_id !== null ? `${baseUrl}/works/${bookmark.work_id}` : `${baseUrl}/series/${bookmark.series_id}`,
  };
}
