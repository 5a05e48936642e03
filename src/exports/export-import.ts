import { z } from 'zod';
import type { Db, DbLike } from '../db/connection.js';
import { insertAuditEntry } from '../db/audit.queries.js';
import { addToCounter } from '../db/counters.queries.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { ImportRefused } from '../http/errors.js';
import { reindexWork } from '../search/search.js';
import { insertSeries, setSeriesOrder } from '../series/series.queries.js';
import { renderBody } from '../text/render.js';
import { insertChapter } from '../works/chapters.queries.js';
import { flattenTags } from '../works/tag-names.js';
import { POSTED_WORKS_COUNTER, refreshWorkTotals } from '../works/works.js';
import { workInputSchema, type WorkInput } from '../works/works.forms.js';
import { findOrCreateTags, insertWork, insertWorkAuthor, replaceWorkTags, replaceWorkWarnings } from '../works/works.queries.js';
import { EXPORT_FORMAT, exportDocumentSchema, type ExportedSeries, type ExportedWork } from './export-format.js';
import { readExportJson } from './export-zip.js';

// "Import my data": recreates, for the signed-in account, the works (posted ones posted, drafts as drafts, with
// their dates), chapters and series of a Chapterhouse export made on any instance. Everything is validated before
// anything is written, with the same limits as posting a work, and written in one transaction. Importing notifies
// no one: these are old works arriving, not new ones being posted.

export const MAX_IMPORTED_WORKS = 2000;

export interface ImportSummary {
  readonly works: number;
  readonly chapters: number;
  readonly series: number;
  /** Old work id (in the export) → new work id. */
  readonly workIds: ReadonlyMap<number, number>;
}

/** The part of the document the importer uses: only the account's creations are recreated. */
const importedDocumentSchema = exportDocumentSchema.pick({ format: true, works: true, series: true });

interface CheckedWork {
  readonly source: ExportedWork;
  readonly input: WorkInput;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'is not valid';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Parses and validates the document; every refusal names what is wrong. */
export function checkExportDocument(text: string): { works: CheckedWork[]; series: ExportedSeries[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw ImportRefused('chapterhouse-export.json is not valid JSON.');
  }
  if (typeof raw === 'object' && raw !== null && 'format' in raw && raw.format !== EXPORT_FORMAT) {
    throw ImportRefused(`This export uses format ${String(raw.format)}; this archive reads format ${EXPORT_FORMAT}.`);
  }
  const parsed = importedDocumentSchema.safeParse(raw);
  if (!parsed.success) throw ImportRefused(`chapterhouse-export.json does not have the expected shape (${describeIssue(parsed.error)}).`);
  const doc = parsed.data;
  if (doc.works.length > MAX_IMPORTED_WORKS) throw ImportRefused(`An import holds at most ${MAX_IMPORTED_WORKS.toLocaleString('en')} works.`);
  const ids = new Set<number>();
  const works = doc.works.map((source) => {
    if (ids.has(source.id)) throw ImportRefused(`Work ${source.id} appears twice in the export.`);
    ids.add(source.id);
    const checked = workInputSchema.safeParse({
      title: source.title,
      summary: source.summary,
      notes: source.notes,
      end_notes: source.end_notes,
      language: source.language,
      rating: source.rating,
      warnings: source.warnings,
      fandoms: source.fandoms,
      relationships: source.relationships,
      characters: source.characters,
      freeforms: source.freeforms,
      expected_chapters: source.expected_chapters,
      draft: !source.posted,
      comment_permissions: source.comment_permissions,
      moderate_comments: source.moderate_comments,
      chapters: [...source.chapters]
        .sort((a, b) => a.position - b.position)
        .map((c) => ({ title: c.title, summary: c.summary, notes: c.notes, end_notes: c.end_notes, body: c.body_source, format: c.body_format, draft: !c.posted })),
    });
    if (!checked.success) throw ImportRefused(`Work “${source.title.slice(0, 100)}” cannot be imported (${describeIssue(checked.error)}).`);
    if (source.posted && source.chapters.every((c) => !c.posted)) throw ImportRefused(`Work “${source.title.slice(0, 100)}” is posted but has no posted chapter.`);
    return { source, input: checked.data };
  });
  return { works, series: doc.series };
}

async function insertImportedWork(db: DbLike, user: User, { source, input }: CheckedWork, at: string): Promise<number> {
  const work = await insertWork(db, {
    title: input.title,
    summary: input.summary,
    notes: input.notes,
    end_notes: input.end_notes,
    language: input.language,
    rating: input.rating,
    expected_chapters: input.expected_chapters,
    comment_permissions: input.comment_permissions,
    moderate_comments: input.moderate_comments ? 1 : 0,
    posted: source.posted ? 1 : 0,
    published_at: source.posted ? (source.published_at ?? at) : null,
    revised_at: source.revised_at ?? at,
    created_at: source.created_at,
    updated_at: source.updated_at,
  });
  await insertWorkAuthor(db, work.id, user.id);
  await replaceWorkWarnings(db, work.id, input.warnings);
  const tags = flattenTags(input);
  const tagIds = await findOrCreateTags(db, tags, at);
  await replaceWorkTags(db, work.id, tags.map((t) => ({ tagId: tagIds.get(t.key)!, kind: t.kind })));
  const chapters = [...source.chapters].sort((a, b) => a.position - b.position);
  for (const [i, chapter] of input.chapters.entries()) {
    const original = chapters[i]!;
    const { html, words } = renderBody(chapter.body, chapter.format);
    await insertChapter(db, {
      work_id: work.id,
      position: i + 1,
      title: chapter.title,
      summary: chapter.summary,
      notes: chapter.notes,
      end_notes: chapter.end_notes,
      body_source: chapter.body,
      body_format: chapter.format,
      body_html: html,
      word_count: words,
      posted: chapter.draft ? 0 : 1,
      published_at: chapter.draft || !source.posted ? null : (original.published_at ?? at),
      created_at: original.created_at,
      updated_at: original.updated_at,
    });
  }
  await refreshWorkTotals(db, work.id);
  if (source.posted) await addToCounter(db, POSTED_WORKS_COUNTER, 1);
  return work.id;
}

/** Imports an export zip's works, chapters and series for `user`, all or nothing. */
export async function importExportZip(db: Db, user: User, bytes: Uint8Array): Promise<ImportSummary> {
  const { works, series } = checkExportDocument(readExportJson(bytes));
  const at = now();
  return db.transaction().execute(async (trx) => {
    const workIds = new Map<number, number>();
    for (const work of works) workIds.set(work.source.id, await insertImportedWork(trx, user, work, at));
    for (const s of series) {
      const created = await insertSeries(trx, { user_id: user.id, title: s.title, summary: s.summary, notes: s.notes, complete: s.complete ? 1 : 0, created_at: s.created_at, updated_at: s.updated_at });
      // Parts that were someone else's (not in this export) are left out; the order of the rest is kept.
      const order = [...s.parts].sort((a, b) => a.position - b.position).map((p) => workIds.get(p.work_id)).filter((id): id is number => id !== undefined);
      await setSeriesOrder(trx, created.id, [...new Set(order)]);
    }
    for (const id of workIds.values()) await reindexWork(trx, id);
    await insertAuditEntry(trx, { actor_id: user.id, action: 'account.import', target_type: 'user', target_id: user.id, details: JSON.stringify({ works: workIds.size, series: series.length }), created_at: at });
    return { works: workIds.size, chapters: works.reduce((n, w) => n + w.input.chapters.length, 0), series: series.length, workIds };
  });
}
