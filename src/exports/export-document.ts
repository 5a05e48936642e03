import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { flushBufferedHits } from '../history/hit-buffer.js';
import { groupTags } from '../works/tag-names.js';
import { tagsForWorks, warningsForWorks } from '../works/works.queries.js';
import {
  exportBlocks,
  exportBookmarks,
  exportChapters,
  exportCoAuthors,
  exportComments,
  exportKudos,
  exportMutes,
  exportReadings,
  exportSavedSearches,
  exportSeries,
  exportSeriesParts,
  exportSubscriptions,
  exportTagExclusions,
  exportWorks,
} from './export-data.queries.js';
import { EXPORT_FORMAT, type ExportDocument, type ExportedChapter, type ExportedWork } from './export-format.js';

// Gathers everything that is one user's into the export document. Never the password hash, sessions, API tokens
// or email tokens: an export may be stored or shared carelessly, and none of those are the user's to take away.

/** Where a work's EPUB sits inside the zip. */
export function epubPath(workId: number): string {
  return `works/work-${workId}.epub`;
}

/** The export document of `user`; `withEpub` says which works get an EPUB in the zip. */
export async function buildExportDocument(db: DbLike, user: User, baseUrl: string, withEpub: (workId: number, posted: boolean) => boolean): Promise<ExportDocument> {
  // Visits this process holds back for a second (hit-buffer.ts) belong in the reading history exported.
  await flushBufferedHits(db);
  const works = await exportWorks(db, user.id);
  const workIds = works.map((w) => w.id);
  const [chapters, coAuthors, tags, warnings, series] = await Promise.all([exportChapters(db, workIds), exportCoAuthors(db, workIds, user.id), tagsForWorks(db, workIds), warningsForWorks(db, workIds), exportSeries(db, user.id)]);
  const parts = await exportSeriesParts(db, series.map((s) => s.id));
  const [comments, bookmarks, subscriptions, readings, kudos, exclusions, savedSearches, blocks, mutes] = await Promise.all([
    exportComments(db, user.id),
    exportBookmarks(db, user.id),
    exportSubscriptions(db, user.id),
    exportReadings(db, user.id),
    exportKudos(db, user.id),
    exportTagExclusions(db, user.id),
    exportSavedSearches(db, user.id),
    exportBlocks(db, user.id),
    exportMutes(db, user.id),
  ]);
  const chaptersOf = (workId: number): ExportedChapter[] =>
    chapters
      .filter((c) => c.work_id === workId)
      .map((c) => ({
        position: c.position,
        title: c.title,
        summary: c.summary,
        notes: c.notes,
        end_notes: c.end_notes,
        body_format: c.body_format === 'markdown' ? 'markdown' : 'html',
        body_source: c.body_source,
        body_html: c.body_html,
        word_count: c.word_count,
        posted: c.posted === 1,
        published_at: c.published_at,
        created_at: c.created_at,
        updated_at: c.updated_at,
      }));
  const exportedWorks: ExportedWork[] = works.map((w) => ({
    id: w.id,
    url: `${baseUrl}/works/${w.id}`,
    title: w.title,
    summary: w.summary,
    notes: w.notes,
    end_notes: w.end_notes,
    language: w.language,
    rating: w.rating,
    warnings: warnings.get(w.id) ?? [],
    ...groupTags(tags.get(w.id) ?? []),
    expected_chapters: w.expected_chapters,
    complete: w.complete === 1,
    posted: w.posted === 1,
    comment_permissions: w.comment_permissions,
    moderate_comments: w.moderate_comments === 1,
    co_authors: coAuthors.get(w.id) ?? [],
    stats: { words: w.word_count, chapters: w.chapter_count, kudos: w.kudos_count, comments: w.comment_count, bookmarks: w.bookmark_count, hits: w.hit_count },
    published_at: w.published_at,
    revised_at: w.revised_at,
    created_at: w.created_at,
    updated_at: w.updated_at,
    epub: withEpub(w.id, w.posted === 1) ? epubPath(w.id) : null,
    chapters: chaptersOf(w.id),
  }));
  return {
    format: EXPORT_FORMAT,
    generator: 'Chapterhouse',
    exported_at: new Date().toISOString(),
    site: { base_url: baseUrl },
    account: {
      username: user.username,
      display_name: user.display_name,
      bio: user.bio,
      email: user.email,
      email_confirmed_at: user.email_confirmed_at,
      time_zone: user.time_zone,
      view_adult: user.view_adult === 1,
      history_enabled: user.history_enabled === 1,
      email_frequency: user.email_frequency,
      is_admin: user.is_admin === 1,
      is_wrangler: user.is_wrangler === 1,
      created_at: user.created_at,
      updated_at: user.updated_at,
    },
    works: exportedWorks,
    series: series.map((s) => ({
      id: s.id,
      url: `${baseUrl}/series/${s.id}`,
      title: s.title,
      summary: s.summary,
      notes: s.notes,
      complete: s.complete === 1,
      created_at: s.created_at,
      updated_at: s.updated_at,
      parts: parts.filter((p) => p.series_id === s.id).map((p) => ({ position: p.position, work_id: p.work_id, title: p.title })),
    })),
    comments: comments.map((c) => ({ ...c, url: `${baseUrl}/comments/${c.id}` })),
    bookmarks: bookmarks.map((b) => ({
      work_id: b.work_id,
      series_id: b.series_id,
      title: b.work_title ?? b.series_title ?? '',
      notes_source: b.notes_source,
      notes_html: b.notes_html,
      tags: b.tags,
      private: b.private === 1,
      rec: b.rec === 1,
      created_at: b.created_at,
      updated_at: b.updated_at,
    })),
    subscriptions: subscriptions.map((s) => ({
      target_type: s.target_type as 'work' | 'series' | 'user',
      target_id: s.target_id,
      name: s.work_title ?? s.series_title ?? s.username ?? '',
      created_at: s.created_at,
    })),
    reading_history: readings.map((r) => ({ ...r, marked_for_later: r.marked_for_later === 1 })),
    kudos,
    tag_exclusions: exclusions,
    saved_searches: savedSearches,
    blocks,
    mutes,
  };
}
