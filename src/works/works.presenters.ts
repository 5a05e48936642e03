import type { Chapter } from '../db/schema.js';
import type { WorkDetails } from './work-details.js';

/** A work in JSON, as the API documents it. */
export function presentWork({ work, authors, warnings, tags, series }: WorkDetails, baseUrl: string) {
  return {
    id: work.id,
    title: work.title,
    summary: work.summary,
    notes: work.notes,
    end_notes: work.end_notes,
    language: work.language,
    rating: work.rating,
    warnings,
    fandoms: tags.fandoms,
    relationships: tags.relationships,
    characters: tags.characters,
    freeforms: tags.freeforms,
    authors,
    word_count: work.word_count,
    chapter_count: work.chapter_count,
    expected_chapters: work.expected_chapters,
    complete: work.complete === 1,
    draft: work.posted === 0,
    published_at: work.published_at,
    updated_at: work.revised_at,
    series: series.map((s) => ({ id: s.id, title: s.title, position: s.position })),
    comment_permissions: work.comment_permissions,
    moderate_comments: work.moderate_comments === 1,
    stats: { kudos: work.kudos_count, comments: work.comment_count, bookmarks: work.bookmark_count, hits: work.hit_count },
    url: `${baseUrl}/works/${work.id}`,
  };
}

/** A chapter in JSON, its body as sanitized HTML. */
export function presentChapter(chapter: Chapter, baseUrl: string) {
  return {
    id: chapter.id,
    work_id: chapter.work_id,
    position: chapter.position,
    title: chapter.title,
    summary: chapter.summary,
    notes: chapter.notes,
    end_notes: chapter.end_notes,
    body_html: chapter.body_html,
    body_format: chapter.body_format,
    word_count: chapter.word_count,
    draft: chapter.posted === 0,
    published_at: chapter.published_at,
    updated_at: chapter.updated_at,
    url: `${baseUrl}/works/${chapter.work_id}/chapters/${chapter.position}`,
  };
}
