import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { Context } from 'hono';
import { serialize } from 'hono/utils/cookie';
import { isStaff, isSuspended } from '../admin/roles.js';
import { isHttps } from '../config.js';
import { now } from '../db/dialect.js';
import type { DbLike } from '../db/connection.js';
import { recordBufferedHit, recordBufferedReading } from '../history/hit-buffer.js';
import { withPendingVisits } from '../history/history.js';
import { ADULT_COOKIE, CSRF_COOKIE, FLASH_COOKIE, SESSION_COOKIE } from './cookies.js';
import { hashToken, randomToken, sign } from './crypto.js';
import type { AppEnv, Services } from './env.js';
import { etagMatches, pageCacheFor } from './page-cache.js';
import { TaggedStore } from './tagged-store.js';
import { findChapterReaderState, findChapterReaderStateNow, type ChapterReaderState } from './personal-splice.queries.js';
import { SITE_CSP, securityHeaderPairs } from './request-log.js';

// The chapter page for a signed-in reader (issue 7 §2.2), without rendering it for every request. What a signed-in
// page shows is the same for every plain reader (not an author of the work, not staff, not suspended, muting nobody,
// with no comment of their own on the chapter) with the same time zone and adult-notice answer, except for a few
// parts of their own: the header (name, inbox count, menu), the work's buttons (subscribe, kudos, bookmark, mark for
// later), the line under the metadata ("continue reading"), and the CSRF token in every form. A full render by the
// app (works.routes.tsx) is taken apart once into a skeleton and those parts, each stored under the state that
// decides it; after that, a request costs one query (session, user and their state for the work, see
// personal-splice.queries.ts), a few map lookups and one write, answered before Hono sees it. Anything not stored
// yet, and every reader who is not plain, goes to the app, which renders in full (and stores what it can).
// Everything here carries the work's cache tag and is dropped with the guests' cached pages (page-cache.ts), in this
// process at once and in the others over the same messages; entries also expire after a minute (hit counts).

type Slot = 'header' | 'actions' | 'meta' | 'csrf';

/** A stored piece of page: text with slots between its parts. */
interface Template {
  readonly parts: readonly Buffer[];
  readonly slots: readonly Slot[];
  /** A digest of the text, for the page's ETag. */
  readonly digest: string;
}

interface Skeleton extends Template {
  readonly workId: number;
  readonly chapterId: number;
  readonly chapterPosition: number;
  /** False for pages whose views do not count (a deleted work); authors are never served from here. */
  readonly countsVisit: boolean;
}

const TTL_MS = 60_000;
/** A skeleton is about the size of its page, a part a few hundred bytes: the store keeps the most recent within this. */
const MAX_BYTES = 64 * 1024 * 1024;

/** The skeletons and parts, with the page cache's tags, recency order and lifetime. */
export class SpliceStore extends TaggedStore<Template> {
  constructor() {
    super(MAX_BYTES, TTL_MS);
  }

  /** Stores a template with its tags, sized by its bytes. */
  put(key: string, value: Template, tags: readonly string[]): void {
    this.set(key, value, tags, value.parts.reduce((sum, part) => sum + part.length, 256 + key.length));
  }
}

const stores = new WeakMap<object, SpliceStore>();

/** The splice store of one app (keyed by its database handle, as the page cache), following its invalidations. */
export function spliceStoreFor(db: object): SpliceStore {
  let store = stores.get(db);
  if (!store) {
    const created = (store = new SpliceStore());
    stores.set(db, created);
    pageCacheFor(db).onInvalidate((tags) => created.invalidate(tags));
  }
  return store;
}

const CHAPTER_PATH = /^\/works\/(\d+)\/chapters\/(\d+)$/;

/** True for a reader whose page is the plain signed-in page plus their own parts (see the top of the file). */
function isPlainReader(state: ChapterReaderState, at: Date): boolean {
  const user = state.user;
  return !state.isAuthor && !state.hasMutes && !state.hasComments && user.is_admin !== 1 && !isStaff(user) && !isSuspended(user, at);
}

function skeletonKey(adult: boolean, timeZone: string, path: string): string {
  return `${adult ? 'a' : '-'}|${timeZone}|${path}`;
}

/** Everything the header shows of its reader (src/ui/layout.tsx); the CSRF token is a slot. */
function headerKey(skeleton: string, state: ChapterReaderState): string {
  const u = state.user;
  return `H|${skeleton}|${u.id}|${u.username}|${u.unread_notifications}|${u.is_wrangler}|${u.is_admin}|${u.is_moderator}`;
}

/** The work's buttons: subscribe, kudos, bookmark and mark for later, each by its state. */
function actionsKey(skeleton: string, state: ChapterReaderState): string {
  return `A|${skeleton}|${+state.subscribed}${+state.kudosGiven}${+state.bookmarked}${+state.markedForLater}`;
}

function metaKey(skeleton: string, resume: number): string {
  return `M|${skeleton}|${resume}`;
}

/** The chapter "Continue reading" points at (0 for none), as continueReading in src/history/history.ts decides it. */
function resumePosition(db: DbLike, state: ChapterReaderState, workId: number, shownChapterId: number): number {
  if (state.user.history_enabled !== 1) return 0;
  const stored = state.reading
    ? { work_id: workId, chapter_id: state.reading.chapterId, chapter_position: state.reading.chapterPosition, views: state.reading.views, marked_for_later: state.markedForLater ? 1 : 0, visited_at: state.reading.visitedAt }
    : undefined;
  const reading = withPendingVisits(db, state.user.id, workId, stored);
  if (!reading?.chapter_id || !reading.chapter_position || reading.chapter_position <= 1) return 0;
  if (reading.chapter_id === shownChapterId) return 0;
  return reading.chapter_position;
}

// ---- Taking a full render apart (the app's side) ----

/** Markers framing the reader's own parts while a page is taken apart; NUL never reaches a page otherwise. */
const NONCE = randomToken(6);
const MARKS = {
  actions: [`\u0000${NONCE}:actions\u0000`, `\u0000${NONCE}:/actions\u0000`],
  meta: [`\u0000${NONCE}:meta\u0000`, `\u0000${NONCE}:/meta\u0000`],
} as const;

export interface PersonalCapture {
  /** Pass to ReadingPage as `personalMarks`. */
  readonly marks: typeof MARKS;
  /** Stores what the render gives and returns the page to send (markers cut out) with its ETag. */
  finish(html: string): Promise<{ html: string; etag: string }>;
}

/**
 * When the app renders a chapter page for a plain signed-in reader, this prepares taking the render apart; undefined
 * for every other request (a guest, an author, staff, a query string, a flash message, ...).
 */
export async function personalCaptureFor(c: Context<AppEnv>, work: { id: number; posted: number; deleted_at: string | null }, chapter: { id: number; position: number }, flash: string | undefined): Promise<PersonalCapture | undefined> {
  if (c.get('authVia') !== 'session' || flash !== undefined || c.req.method !== 'GET') return undefined;
  const url = new URL(c.req.url);
  if (url.search !== '' || !CHAPTER_PATH.test(url.pathname)) return undefined;
  const cookies = parseCookies(c.req.header('cookie'));
  const token = cookies.get(SESSION_COOKIE);
  if (!token) return undefined;
  const { db } = c.get('services');
  const store = spliceStoreFor(db);
  const generation = store.generation;
  const tokenHash = hashToken(token);
  const before = await findChapterReaderState(db, tokenHash, now(), work.id, chapter.position);
  if (!before || !isPlainReader(before, new Date()) || before.user.id !== c.get('user')?.id) return undefined;
  const adult = cookies.get(ADULT_COOKIE) === 'true' || before.user.view_adult === 1;
  const skeleton = skeletonKey(adult, before.user.time_zone, url.pathname);
  const resume = resumePosition(db, before, work.id, chapter.id);
  const csrfToken = c.get('csrfToken');
  return {
    marks: MARKS,
    async finish(html) {
      const cut = takeApart(html);
      if (!cut) return { html: withoutMarks(html), etag: personalEtag([], csrfToken, html) };
      const skeletonTemplate = template(cut.skeleton, csrfToken);
      const headerTemplate = template(cut.header, csrfToken);
      const actionsTemplate = template(cut.actions, csrfToken);
      const metaTemplate = template(cut.meta, csrfToken);
      const etag = personalEtag([skeletonTemplate, headerTemplate, actionsTemplate, metaTemplate], csrfToken);
      // Stored only when nothing changed while rendering: no invalidation, and the reader's state read again is the same.
      const after = await findChapterReaderState(db, tokenHash, now(), work.id, chapter.position);
      const resumeShown = cut.meta.includes('class="continue-reading"');
      const resumeMatches = resume === 0 ? !resumeShown : cut.meta.includes(`/chapters/${resume}">Continue reading: Chapter ${resume}<`);
      if (after && store.generation === generation && sameState(before, after) && resumeMatches) {
        const tags = [`work:${work.id}`];
        const stored: Skeleton = { ...skeletonTemplate, workId: work.id, chapterId: chapter.id, chapterPosition: chapter.position, countsVisit: work.posted === 1 && !work.deleted_at };
        store.put(skeleton, stored, tags);
        store.put(headerKey(skeleton, before), headerTemplate, tags);
        store.put(actionsKey(skeleton, before), actionsTemplate, tags);
        store.put(metaKey(skeleton, resume), metaTemplate, tags);
      }
      return { html: cut.page, etag };
    },
  };
}

function withoutMarks(html: string): string {
  let out = html;
  for (const mark of [...MARKS.actions, ...MARKS.meta]) out = out.split(mark).join('');
  return out;
}

/** Slot names in a template's text are framed by NUL, which never reaches a page otherwise. */
const SLOT_MARK = '\u0000';

/**
 * The page to send (markers cut out), and the same page as a skeleton with the header, the work's buttons and the
 * line under the metadata as slots, and those three parts; undefined when the page is not laid out as expected.
 */
function takeApart(html: string): { page: string; skeleton: string; header: string; actions: string; meta: string } | undefined {
  const headerStart = html.indexOf('<header class="site-header">');
  const headerClose = headerStart === -1 ? -1 : html.indexOf('</header>', headerStart);
  const headerEnd = headerClose + '</header>'.length;
  const [actionsOpen, actionsClose] = MARKS.actions;
  const [metaOpen, metaClose] = MARKS.meta;
  const a0 = html.indexOf(actionsOpen);
  const a1 = html.indexOf(actionsClose);
  const m0 = html.indexOf(metaOpen);
  const m1 = html.indexOf(metaClose);
  if (headerStart === -1 || headerClose === -1 || !(headerEnd <= a0 && a0 < a1 && a1 + actionsClose.length <= m0 && m0 < m1)) return undefined;
  const slot = (name: Slot) => SLOT_MARK + name + SLOT_MARK;
  const before = html.slice(0, headerStart);
  const header = html.slice(headerStart, headerEnd);
  const betweenHeaderAndActions = html.slice(headerEnd, a0);
  const actions = html.slice(a0 + actionsOpen.length, a1);
  const betweenActionsAndMeta = html.slice(a1 + actionsClose.length, m0);
  const meta = html.slice(m0 + metaOpen.length, m1);
  const after = html.slice(m1 + metaClose.length);
  if (before.includes(SLOT_MARK) || after.includes(SLOT_MARK)) return undefined;
  return {
    page: before + header + betweenHeaderAndActions + actions + betweenActionsAndMeta + meta + after,
    skeleton: before + slot('header') + betweenHeaderAndActions + slot('actions') + betweenActionsAndMeta + slot('meta') + after,
    header,
    actions,
    meta,
  };
}

/** A template from text whose slots are framed by SLOT_MARK, with each occurrence of the CSRF token made a slot too. */
function template(text: string, csrfToken: string): Template {
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  const pieces = text.split(SLOT_MARK);
  for (let i = 0; i < pieces.length; i += 2) {
    const literal = csrfToken ? pieces[i]!.split(csrfToken) : [pieces[i]!];
    literal.forEach((piece, j) => {
      parts.push(Buffer.from(piece));
      if (j < literal.length - 1) slots.push('csrf');
    });
    if (i + 1 < pieces.length) slots.push(pieces[i + 1] as Slot);
  }
  return { parts, slots, digest: crypto.createHash('sha1').update(csrfToken ? text.split(csrfToken).join('') : text).digest('base64url') };
}

function sameState(a: ChapterReaderState, b: ChapterReaderState): boolean {
  return (
    JSON.stringify(a.user) === JSON.stringify(b.user) &&
    a.isAuthor === b.isAuthor &&
    a.kudosGiven === b.kudosGiven &&
    a.bookmarked === b.bookmarked &&
    a.subscribed === b.subscribed &&
    a.markedForLater === b.markedForLater &&
    a.hasMutes === b.hasMutes &&
    a.hasComments === b.hasComments
  );
}

/** The page's ETag, from the digests of its parts and the reader's token (no need to hash the whole page). */
function personalEtag(templates: readonly Template[], csrfToken: string, whole?: string): string {
  const hash = crypto.createHash('sha1');
  for (const t of templates) hash.update(t.digest).update('|');
  if (whole !== undefined) hash.update(whole);
  return `W/"${hash.update(csrfToken).digest('base64url').slice(0, 22)}"`;
}

// ---- Answering from the store (before Hono) ----

/**
 * Takes a signed-in reader's GET of a chapter page when it may be answered from the splice store: true when it took
 * the request (it then answers it, or hands it to `fallback` when something is missing); false to leave it alone.
 */
export function servePersonalPage(req: IncomingMessage, res: ServerResponse, services: Services, fallback: (req: IncomingMessage, res: ServerResponse) => unknown): boolean {
  if (req.method !== 'GET') return false;
  const url = req.url ?? '/';
  const match = CHAPTER_PATH.exec(url);
  if (!match) return false;
  const headers = req.headers;
  if (headers.authorization !== undefined) return false;
  const cookieHeader = headers.cookie;
  if (!cookieHeader || !cookieHeader.includes(SESSION_COOKIE + '=') || cookieHeader.includes(FLASH_COOKIE + '=')) return false;
  const cookies = parseCookies(cookieHeader);
  const token = cookies.get(SESSION_COOKIE);
  if (!token) return false;
  const workId = Number(match[1]);
  const position = Number(match[2]);
  const at = Date.now();
  const tokenHash = remember('session', token, () => hashToken(token));
  const now = new Date(at).toISOString();
  let answered: boolean;
  try {
    // On SQLite, once its statement is ready, the whole answer is given in this turn, as a guest's cached page is.
    const state = findChapterReaderStateNow(services.db, tokenHash, now, workId, position);
    if (state === null) {
      findChapterReaderState(services.db, tokenHash, now, workId, position, { ownConnection: true })
        .then((found) => answer(req, res, services, url, workId, found, cookies, at))
        .then(
          (done) => {
            if (!done) void fallback(req, res);
          },
          () => void fallback(req, res),
        );
      return true;
    }
    answered = answer(req, res, services, url, workId, state, cookies, at);
  } catch {
    answered = false;
  }
  if (!answered) void fallback(req, res);
  return true;
}

/** Answers from the store for the reader in `state`; false (nothing written) when the app must render the page. */
function answer(req: IncomingMessage, res: ServerResponse, services: Services, path: string, workId: number, state: ChapterReaderState | undefined, cookies: Map<string, string>, at: number): boolean {
  const { db, secret, config } = services;
  const store = spliceStoreFor(db);
  if (!state || !isPlainReader(state, new Date(at))) return false;
  const key = skeletonKey(cookies.get(ADULT_COOKIE) === 'true' || state.user.view_adult === 1, state.user.time_zone, path);
  const skeleton = store.get(key, at) as Skeleton | undefined;
  if (!skeleton) return false;
  const header = store.get(headerKey(key, state), at);
  const actions = store.get(actionsKey(key, state), at);
  const meta = store.get(metaKey(key, resumePosition(db, state, workId, skeleton.chapterId)), at);
  if (!header || !actions || !meta) return false;

  // The CSRF token, as csrfProtection gives it: from the browser's seed, or a new seed set now.
  let seed = cookies.get(CSRF_COOKIE);
  let setCookie: string | undefined;
  if (!seed || seed.length < 20) {
    seed = randomToken();
    setCookie = serialize(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(config), maxAge: 365 * 86_400 });
  }
  const csrfSeed = seed;
  const csrfToken = remember(`csrf ${secret}`, csrfSeed, () => sign(secret, csrfSeed));
  const tokenBytes = Buffer.from(csrfToken);
  const chunks: Buffer[] = [];
  const emit = (t: Template): void => {
    for (let i = 0; i < t.parts.length; i++) {
      chunks.push(t.parts[i]!);
      const slot = t.slots[i];
      if (slot === undefined) continue;
      if (slot === 'csrf') chunks.push(tokenBytes);
      else emit(slot === 'header' ? header : slot === 'actions' ? actions : meta);
    }
  };
  emit(skeleton);
  const parts = [skeleton, header, actions, meta];
  const etag = remember('etag', `${skeleton.digest}|${header.digest}|${actions.digest}|${meta.digest}|${csrfToken}`, () => personalEtag(parts, csrfToken));

  if (skeleton.countsVisit) {
    recordBufferedHit(db, workId, userHitKey(secret, state.user.id));
    if (state.user.history_enabled === 1) recordBufferedReading(db, state.user.id, workId, { id: skeleton.chapterId, position: skeleton.chapterPosition }, new Date(at).toISOString());
  }

  const requestId = (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64).replace(/[^\w.-]/g, '') : '') || newRequestId();
  // One writeHead with a flat list: cheaper than a setHeader per header, and the same headers the app sends.
  const head: string[] = ['Cache-Control', 'private, no-cache', 'Content-Security-Policy', SITE_CSP, 'Content-Type', 'text/html; charset=UTF-8', 'ETag', etag];
  for (const [name, value] of securityHeaderPairs(config)) head.push(name, value);
  // X-Cache, for operators and tests as on guests' cached pages: the page was put together from stored parts.
  head.push('Vary', 'Accept-Encoding', 'X-Request-Id', requestId, 'X-Cache', 'hit');
  if (setCookie) head.push('Set-Cookie', setCookie);
  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, head);
    res.end();
    return true;
  }
  let body = Buffer.concat(chunks);
  // Compressed as the app compresses a personal page (src/http/compression.ts: gzip at zlib's default level).
  if (body.length >= 1024 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = zlib.gzipSync(body);
    head.push('Content-Encoding', 'gzip');
  }
  // One buffer, one write: measured cheaper than writing the stored parts one by one.
  head.push('Content-Length', String(body.length));
  res.writeHead(200, head);
  res.end(body);
  return true;
}

/**
 * Values a signed-in view derives from inputs that repeat from view to view (the session token's hash, the CSRF token of
 * the browser's seed, the hit key of the reader, the ETag of the same parts): pure functions of their keys, kept (at
 * most 10,000 of each kind, then started afresh), since a hash or an HMAC per view is a measurable share of one.
 */
const remembered = new Map<string, Map<string, string>>();

function remember(kind: string, key: string, make: () => string): string {
  let values = remembered.get(kind);
  if (!values) remembered.set(kind, (values = new Map()));
  let value = values.get(key);
  if (value === undefined) {
    if (values.size >= 10_000) values.clear();
    values.set(key, (value = make()));
  }
  return value;
}

/** The reader's visitor key for hits, as recordVisit signs it. */
function userHitKey(secret: string, userId: number): string {
  return remember(`hits ${secret}`, String(userId), () => sign(secret, `hits:user:${userId}`));
}

let randomPool = Buffer.alloc(0);
let randomAt = 0;

/** A request id as requestContext makes one (9 random bytes, base64url), from a pool filled 4 KB at a time. */
function newRequestId(): string {
  if (randomAt + 9 > randomPool.length) {
    randomPool = crypto.randomBytes(4095);
    randomAt = 0;
  }
  randomAt += 9;
  return randomPool.toString('base64url', randomAt - 9, randomAt);
}

/** Cookie pairs as Hono reads them (first of a name wins; percent-encoded values decoded). */
function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index === -1) continue;
    const name = pair.slice(0, index).trim();
    if (out.has(name)) continue;
    let value = pair.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // left as it is
      }
    }
    out.set(name, value);
  }
  return out;
}
