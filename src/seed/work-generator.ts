import { htmlToText } from '../text/sanitize.js';
import { countWords } from '../text/word-count.js';
import { RATINGS, WARNINGS } from '../works/ratings.js';
import type { SearchEntry } from '../search/search.queries.js';
import type { Prng } from './prng.js';
import type { SeedTag, TagPool } from './tag-pool.js';
import { proseHtml, sentence, summary, workTitle } from './words.js';

// Generates the works of the synthetic archive batch by batch, with everything the app reads beside them: authors,
// warnings, tags, chapters, series, a sample of real kudos, comments and bookmarks, and the search entry.
//
// Counters: every work row carries realistic, long-tailed kudos, comment, bookmark and hit counts. Rows behind them
// would be hundreds of millions at a million works, so only a sample of works (one in SAMPLE_EVERY) gets real
// kudos, comment and bookmark rows, and on those works the counters equal the rows exactly. Hits have no rows.
//
// Bodies: chapter word counts are realistic (long-tailed, a few thousand words a chapter), but the stored bodies of
// most works are a short stand-in paragraph. One work in LONG_EVERY (at most MAX_LONG) is a long work whose chapters
// hold their full generated text, with word counts computed from that text, for reading benchmarks.

export const SAMPLE_EVERY = 50;
export const LONG_EVERY = 5000;
export const MAX_LONG = 40;

const START = Date.UTC(2012, 0, 1);
const END = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'es', 'fr', 'de', 'zh', 'pt', 'ru', 'ja'];
const RATING_WEIGHTS = [30, 35, 14, 16, 5];

export interface SeedUser {
  readonly id: number;
  readonly username: string;
}

type Row = Record<string, string | number | null>;

/** The rows of one batch of works, table by table, and their search entries. */
export interface SeedBatch {
  readonly rows: Record<string, Row[]>;
  readonly search: SearchEntry[];
  /** Posted, undeleted works in the batch (the works_posted counter). */
  readonly posted: number;
}

/** First free id of each table the generator writes. */
export interface IdStart {
  works: number;
  chapters: number;
  series: number;
  comments: number;
  kudos: number;
  bookmarks: number;
}

export class WorkGenerator {
  private readonly next: IdStart;
  private series: { id: number; authorId: number; remaining: number; position: number } | undefined;
  private longWorks = 0;
  private readonly seriesTitles = new Map<number, string>();
  private readonly usernames: Map<number, string>;

  constructor(
    private readonly rng: Prng,
    private readonly pool: TagPool,
    private readonly users: readonly SeedUser[],
    private readonly total: number,
    start: IdStart,
  ) {
    this.next = { ...start };
    this.usernames = new Map(users.map((u) => [u.id, u.username]));
  }

  /** The next `count` works (the index of the first is `from`, 0-based within this seeding). */
  batch(from: number, count: number): SeedBatch {
    const rows: Record<string, Row[]> = { works: [], work_authors: [], work_warnings: [], work_tags: [], chapters: [], series: [], series_works: [], kudos: [], comments: [], bookmarks: [] };
    const search: SearchEntry[] = [];
    let posted = 0;
    for (let i = from; i < from + count; i++) posted += this.work(i, rows, search);
    return { rows, search, posted };
  }

  private tag(id: number): SeedTag {
    return this.pool.tags[id - this.pool.tags[0]!.id]!;
  }

  private iso(ms: number): string {
    return new Date(Math.min(END, Math.max(START, Math.round(ms)))).toISOString();
  }

  private work(index: number, rows: Record<string, Row[]>, search: SearchEntry[]): number {
    const rng = this.rng;
    const id = this.next.works++;
    const published = START + ((END - START - 400 * DAY) * index) / Math.max(1, this.total) + rng.next() * 3 * DAY;

    // Authors: a long tail of prolific accounts; a series keeps its author for its parts.
    let authorId = this.users[rng.skewedIndex(this.users.length, 2)]!.id;
    let seriesPart: { id: number; position: number } | undefined;
    if (this.series) {
      authorId = this.series.authorId;
      seriesPart = { id: this.series.id, position: this.series.position++ };
      if (--this.series.remaining === 0) this.series = undefined;
    } else if (rng.chance(0.04)) {
      const seriesId = this.next.series++;
      const title = `${workTitle(rng)} Series`;
      this.series = { id: seriesId, authorId, remaining: rng.int(1, 5), position: 2 };
      this.seriesTitles.set(seriesId, title);
      seriesPart = { id: seriesId, position: 1 };
      rows.series!.push({ id: seriesId, user_id: authorId, title, summary: '', complete: rng.chance(0.5) ? 1 : 0, created_at: this.iso(published), updated_at: this.iso(published), deleted_at: null });
    }
    const authorIds = [authorId];
    if (rng.chance(0.03) && this.users.length > 1) {
      const other = this.users[rng.skewedIndex(this.users.length, 2)]!.id;
      if (other !== authorId) authorIds.push(other);
    }

    // Tags, in the order an author fills the form: fandoms, relationships, characters, freeforms.
    const chosen: number[] = [];
    const take = (id: number | undefined) => {
      if (id !== undefined && !chosen.includes(id)) chosen.push(id);
    };
    const pool = this.pool;
    const fandomTotal = rng.weighted([1, 2, 3], [88, 10, 2]);
    const fandoms: number[] = [];
    for (let f = 0; f < fandomTotal; f++) {
      const fandom = pool.fandoms[rng.skewedIndex(pool.fandoms.length, 3)]!;
      if (!fandoms.includes(fandom)) fandoms.push(fandom);
    }
    fandoms.forEach(take);
    const group = pool.byFandom.get(this.tag(fandoms[0]!).synonymOf ?? fandoms[0]!);
    const fromGroup = (own: readonly number[] | undefined, all: readonly number[]) =>
      own && own.length > 0 && rng.chance(0.9) ? own[rng.skewedIndex(own.length, 2)] : all[rng.skewedIndex(all.length, 3)];
    const relationshipTotal = rng.weighted([0, 1, 2, 3], [30, 45, 18, 7]);
    for (let r = 0; r < relationshipTotal; r++) take(fromGroup(group?.relationships, pool.relationships));
    const characterTotal = rng.weighted([1, 2, 3, 4, 5], [20, 30, 25, 15, 10]);
    for (let c = 0; c < characterTotal; c++) take(fromGroup(group?.characters, pool.characters));
    const freeformTotal = Math.min(12, rng.pareto(2, 1.6, 12));
    for (let f = 0; f < freeformTotal; f++) take(pool.freeforms[rng.skewedIndex(pool.freeforms.length, 3)]);
    const characterNames = chosen.map((t) => this.tag(t)).filter((t) => t.kind === 'character').map((t) => t.name.split(' ')[0]!);

    // Chapters: mostly one-shots; multi-chapter works long-tailed. Word counts per chapter long-tailed too.
    const isLong = index % LONG_EVERY === LONG_EVERY / 2 && this.longWorks < MAX_LONG;
    if (isLong) this.longWorks++;
    const chapterTotal = isLong ? rng.int(12, 30) : rng.chance(0.55) ? 1 : rng.pareto(2, 1.3, 150);
    const draft = !isLong && rng.chance(0.005);
    const deleted = !draft && !isLong && rng.chance(0.003);
    const complete = isLong ? 1 : chapterTotal === 1 ? (rng.chance(0.95) ? 1 : 0) : rng.chance(0.55) ? 1 : 0;
    const expected = complete ? chapterTotal : rng.chance(0.5) ? null : chapterTotal + rng.int(1, 20);
    const revised = chapterTotal === 1 ? published : Math.min(END, published + rng.next() * Math.min(chapterTotal * 30, 900) * DAY);
    let words = 0;
    const firstChapterId = this.next.chapters;
    for (let c = 1; c <= chapterTotal; c++) {
      let html: string;
      let chapterWords: number;
      if (isLong) {
        html = proseHtml(rng, characterNames, rng.int(2500, 5000)).html;
        chapterWords = countWords(htmlToText(html));
      } else {
        html = `<p>${sentence(rng, characterNames)}</p>`;
        chapterWords = chapterTotal === 1 ? rng.logNormal(3000, 1, 100, 120_000) : rng.logNormal(2200, 0.8, 100, 40_000);
      }
      words += chapterWords;
      const at = chapterTotal === 1 ? published : published + ((revised - published) * (c - 1)) / (chapterTotal - 1);
      rows.chapters!.push({
        id: this.next.chapters++,
        work_id: id,
        position: c,
        title: chapterTotal > 1 && rng.chance(0.4) ? workTitle(rng) : '',
        body_source: html,
        body_format: 'html',
        body_html: html,
        word_count: chapterWords,
        posted: draft ? 0 : 1,
        published_at: draft ? null : this.iso(at),
        created_at: this.iso(at),
        updated_at: this.iso(at),
        comment_count: 0,
      });
    }

    // Counters: hits log-normal, kudos a share of hits, bookmarks and comments a share of kudos. Sampled works get
    // real rows and counters equal to them.
    const hits = draft ? 0 : rng.logNormal(900, 1.4, 1, 5_000_000);
    let kudos = Math.round(hits * (0.02 + rng.next() * 0.1));
    let bookmarks = Math.round(kudos * (0.08 + rng.next() * 0.15));
    let comments = Math.round(kudos * (0.05 + rng.next() * 0.2) * Math.sqrt(chapterTotal));
    let guestKudos = Math.round(kudos * 0.3);
    const sampled = !draft && index % SAMPLE_EVERY === 7;
    if (sampled) {
      kudos = this.kudosRows(rows, id, Math.min(kudos, 25), published);
      bookmarks = this.bookmarkRows(rows, id, Math.min(bookmarks, 6), published);
      comments = this.commentRows(rows, id, firstChapterId, Math.min(comments, 8), published, characterNames);
      guestKudos = 0;
    }
    rows.chapters![rows.chapters!.length - chapterTotal]!.comment_count = comments;

    const rating = rng.weighted(RATINGS, RATING_WEIGHTS);
    const warnings = this.warnings();
    const title = isLong ? `${workTitle(rng)} (long)` : workTitle(rng);
    const workSummary = summary(rng, characterNames);
    rows.works!.push({
      id,
      title,
      summary: workSummary,
      language: rng.pick(LANGUAGES),
      rating,
      expected_chapters: expected,
      chapter_count: chapterTotal,
      word_count: words,
      kudos_count: kudos,
      comment_count: comments,
      bookmark_count: bookmarks,
      hit_count: hits,
      guest_kudos_count: guestKudos,
      complete,
      posted: draft ? 0 : 1,
      published_at: draft ? null : this.iso(published),
      revised_at: this.iso(revised),
      created_at: this.iso(published),
      updated_at: this.iso(revised),
      deleted_at: deleted ? this.iso(revised + DAY) : null,
    });
    authorIds.forEach((userId, position) => rows.work_authors!.push({ work_id: id, user_id: userId, position: position + 1 }));
    warnings.forEach((warning, position) => rows.work_warnings!.push({ work_id: id, warning, position }));
    chosen.forEach((tagId, position) => rows.work_tags!.push({ work_id: id, tag_id: tagId, kind: this.tag(tagId).kind, position }));
    if (seriesPart && !deleted) rows.series_works!.push({ series_id: seriesPart.id, work_id: id, position: seriesPart.position });

    if (draft || deleted) return 0;
    const indexed: string[] = [];
    for (const tagId of chosen) for (const name of this.tag(tagId).indexNames) if (!indexed.includes(name)) indexed.push(name);
    const seriesTitle = seriesPart ? this.seriesTitles.get(seriesPart.id) : undefined;
    search.push({
      workId: id,
      title,
      authors: authorIds.map((a) => this.usernames.get(a)!).join(' '),
      tags: indexed.join(' \n '),
      summary: workSummary,
      series: seriesTitle ?? '',
    });
    return 1;
  }

  private warnings(): string[] {
    const rng = this.rng;
    const roll = rng.next();
    if (roll < 0.3) return [WARNINGS[0]];
    if (roll < 0.83) return [WARNINGS[1]];
    const out: string[] = [WARNINGS[2]];
    if (rng.chance(0.35)) out.push(WARNINGS[3]);
    if (rng.chance(0.1)) out.push(WARNINGS[4]);
    if (roll > 0.95) return [WARNINGS[3]];
    return out;
  }

  /** Distinct readers for a sampled work's rows: a window of accounts, none of them its authors' concern. */
  private readers(count: number): number[] {
    const start = this.rng.int(0, Math.max(0, this.users.length - 1));
    const out: number[] = [];
    for (let i = 0; i < Math.min(count, this.users.length); i++) out.push(this.users[(start + i) % this.users.length]!.id);
    return out;
  }

  private kudosRows(rows: Record<string, Row[]>, workId: number, count: number, at: number): number {
    for (const userId of this.readers(count)) rows.kudos!.push({ id: this.next.kudos++, work_id: workId, user_id: userId, guest_key: null, created_at: this.iso(at + DAY) });
    return Math.min(count, this.users.length);
  }

  private bookmarkRows(rows: Record<string, Row[]>, workId: number, count: number, at: number): number {
    for (const userId of this.readers(count)) {
      rows.bookmarks!.push({ id: this.next.bookmarks++, user_id: userId, work_id: workId, series_id: null, notes_source: '', notes_html: '', private: 0, rec: 0, created_at: this.iso(at + 2 * DAY), updated_at: this.iso(at + 2 * DAY) });
    }
    return Math.min(count, this.users.length);
  }

  private commentRows(rows: Record<string, Row[]>, workId: number, chapterId: number, count: number, at: number, names: readonly string[]): number {
    for (const userId of this.readers(count)) {
      const id = this.next.comments++;
      const text = sentence(this.rng, names);
      rows.comments!.push({
        id, work_id: workId, chapter_id: chapterId, parent_id: null, thread_id: id, depth: 0, user_id: userId, guest_name: null, guest_email: null,
        body_source: text, body_html: `<p>${text}</p>`, status: 'published', frozen: 0, reply_count: 0, ip_hash: null,
        edited_at: null, deleted_at: null, created_at: this.iso(at + 3 * DAY), updated_at: this.iso(at + 3 * DAY),
      });
    }
    return Math.min(count, this.users.length);
  }
}
