import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/connection.js';
import { POSTED_WORKS_COUNTER } from '../../src/works/works.js';
import {
  allChapters,
  allComments,
  allNotifications,
  allWorks,
  bookmarksPerWork,
  counterValue,
  expireLeasesExcept,
  kudosPerWork,
  unfinishedJobs,
  unreadCounters,
} from './failure.queries.js';
import { apiToken, createPgSchema, freePort, startServerProcess, type ServerProcess } from './server-process.js';

// Issue 6 §7, crash safety: the real server (a child process, jobs in-process) is SIGKILLed at random moments while
// writers post works and chapters and readers comment, reply and leave kudos over the API. Only writes answered 2xx
// are recorded. After the last restart every acknowledged write must be there and whole, every stored counter must
// equal the rows it counts, and the notification jobs left pending by the kills must run and deliver exactly once.

const DIALECTS: readonly ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
const WRITERS = 3;
const READERS = 3;
/** Kills while the clients write; one more comes as they stop (four in all, each followed by a restart). */
const KILLS_UNDER_LOAD = 3;
const PASSWORD = 'crash test password';

interface AckChapter {
  readonly id: number;
  readonly workId: number;
  readonly title: string;
  readonly body: string;
  /** Readers whose subscription to the work was acknowledged before this chapter was sent (added chapters only). */
  readonly subscribers: readonly number[] | undefined;
}
interface AckWork {
  readonly id: number;
  readonly title: string;
  readonly authorId: number;
  readonly created: AckChapter[];
  readonly added: AckChapter[];
  readonly subscribers: number[];
}
interface AckComment {
  readonly id: number;
  readonly workId: number;
  readonly chapterId: number;
  readonly body: string;
  readonly userId: number;
  readonly parent: AckComment | undefined;
}

type Reply = { status: number; json: Record<string, unknown> } | 'down';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i % 7 === 0 ? '.' : ''}`).join(' ');

describe('crash safety (SIGKILL under concurrent writes)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  for (const dialect of DIALECTS) {
    it(`on ${dialect}: every acknowledged write survives whole, counters match their rows, jobs deliver once`, { timeout: 150_000 }, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-crash-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      let db: Db;
      let databaseUrl: string | undefined;
      if (dialect === 'postgres') {
        const schema = await createPgSchema(process.env.TEST_DATABASE_URL!, 'crash');
        cleanups.push(schema.drop);
        db = schema.db;
        databaseUrl = schema.url;
      } else {
        db = openDatabase({ sqliteFile: path.join(dataDir, 'chapterhouse.db') });
        cleanups.push(() => db.destroy());
      }
      await migrateToLatest(db);

      // Accounts up front, straight into the database (the sign-up route has its own limits and tests).
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const tag = crypto.randomBytes(3).toString('hex');
      const makeUsers = (role: string, n: number) =>
        Promise.all(Array.from({ length: n }, (_, i) => registerUser(db, config, { username: `${role}${i}x${tag}`, email: `${role}${i}x${tag}@example.org`, password: PASSWORD }, { force: true })));
      const writers = await makeUsers('writer', WRITERS);
      const readers = await makeUsers('reader', READERS);

      const port = await freePort();
      const start = () => startServerProcess({ dataDir, databaseUrl, port });
      let server: ServerProcess = await start();
      cleanups.push(() => server.kill('SIGKILL'));
      const base = server.url;
      const writerTokens = await Promise.all(writers.map((u) => apiToken(base, u.username, PASSWORD)));
      const readerTokens = await Promise.all(readers.map((u) => apiToken(base, u.username, PASSWORD)));

      let ready: Promise<void> = Promise.resolve();
      let stopped = false;
      const unexpected: string[] = [];
      const counts = { sent: 0, acked: 0, down: 0 };

      const call = async (method: string, pathname: string, token: string, body?: unknown): Promise<Reply> => {
        counts.sent++;
        try {
          const response = await fetch(`${base}${pathname}`, {
            method,
            headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal: AbortSignal.timeout(20_000),
          });
          const text = await response.text();
          if (response.status >= 300) {
            unexpected.push(`${method} ${pathname} → ${response.status} ${text.slice(0, 200)}`);
            return { status: response.status, json: {} };
          }
          counts.acked++;
          return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
        } catch {
          // Refused, reset, or cut off halfway through the answer: not acknowledged.
          counts.down++;
          return 'down';
        }
      };

      // Readers follow every writer before the load starts: each posted work must reach each of them once.
      for (const token of readerTokens) {
        for (const writer of writers) {
          const reply = await call('POST', '/api/v1/subscriptions', token, { username: writer.username });
          expect(reply !== 'down' && reply.status < 300).toBe(true);
        }
      }

      const works: AckWork[] = [];
      const chapters: AckChapter[] = [];
      const comments: AckComment[] = [];
      const kudos = new Set<string>();
      let seq = 0;

      const writerLoop = async (w: number) => {
        const author = writers[w]!;
        const token = writerTokens[w]!;
        const mine: AckWork[] = [];
        while (!stopped) {
          await ready;
          const n = ++seq;
          const own = pick(mine);
          if (!own || Math.random() < 0.35) {
            const title = `Crash ${tag} work ${n}`;
            const drafts = Array.from({ length: 1 + (n % 3) }, (_, k) => ({ title: `Part ${k + 1} of ${n}`, body: `<p>${words(30 + k * 20, `w${n}c${k}`)}</p>`, format: 'html' }));
            const reply = await call('POST', '/api/v1/works', token, {
              title,
              summary: `Summary ${n}`,
              rating: 'General Audiences',
              warnings: ['No Archive Warnings Apply'],
              fandoms: ['Original Work'],
              freeforms: [`Crash ${tag}`],
              chapters: drafts,
            });
            if (reply === 'down') {
              await sleep(50);
              continue;
            }
            if (reply.status >= 300) continue;
            const id = Number(reply.json.id);
            const work: AckWork = { id, title, authorId: author.id, created: [], added: [], subscribers: [] };
            // The chapter ids are not in the work's answer; they are read back by position at the end.
            drafts.forEach((d) => work.created.push({ id: 0, workId: id, title: d.title, body: d.body, subscribers: undefined }));
            works.push(work);
            mine.push(work);
            // A reader subscribes to the new work, so the chapters added later owe them a notification.
            const r = Math.floor(Math.random() * READERS);
            const sub = await call('POST', '/api/v1/subscriptions', readerTokens[r]!, { work_id: id });
            if (sub !== 'down' && sub.status < 300) work.subscribers.push(readers[r]!.id);
          } else {
            const title = `Added ${n}`;
            const body = `<p>${words(25, `a${n}`)}</p>`;
            const subscribers = [...own.subscribers];
            const reply = await call('POST', `/api/v1/works/${own.id}/chapters`, token, { title, body, format: 'html' });
            if (reply === 'down') {
              await sleep(50);
              continue;
            }
            if (reply.status >= 300) continue;
            const chapter: AckChapter = { id: Number(reply.json.id), workId: own.id, title, body, subscribers };
            own.added.push(chapter);
            chapters.push(chapter);
          }
        }
      };

      const readerLoop = async (r: number) => {
        const reader = readers[r]!;
        const token = readerTokens[r]!;
        while (!stopped) {
          await ready;
          const n = ++seq;
          const roll = Math.random();
          let reply: Reply | undefined;
          if (roll < 0.2 && works.length) {
            const work = pick(works)!;
            reply = await call('POST', `/api/v1/works/${work.id}/kudos`, token);
            if (reply !== 'down' && reply.status < 300) kudos.add(`${work.id}:${reader.id}`);
          } else if (roll < 0.45 && comments.length) {
            const parent = pick(comments)!;
            const body = `Reply ${tag} ${n}`;
            reply = await call('POST', `/api/v1/comments/${parent.id}/replies`, token, { body });
            if (reply !== 'down' && reply.status < 300) comments.push({ id: Number(reply.json.id), workId: parent.workId, chapterId: parent.chapterId, body, userId: reader.id, parent });
          } else if (works.length) {
            const work = pick(works)!;
            const body = `Comment ${tag} ${n}`;
            reply = await call('POST', `/api/v1/works/${work.id}/chapters/1/comments`, token, { body });
            if (reply !== 'down' && reply.status < 300) comments.push({ id: Number(reply.json.id), workId: work.id, chapterId: Number(reply.json.chapter_id), body, userId: reader.id, parent: undefined });
          } else {
            await sleep(20);
          }
          if (reply === 'down') await sleep(50);
        }
      };

      const loops = [...writers.map((_, w) => writerLoop(w)), ...readers.map((_, r) => readerLoop(r))];
      const restartTimes: number[] = [];
      const restart = async () => {
        let release!: () => void;
        ready = new Promise((resolve) => (release = resolve));
        await server.kill('SIGKILL');
        const began = performance.now();
        server = await start();
        restartTimes.push(Math.round(performance.now() - began));
        release();
      };
      for (let k = 0; k < KILLS_UNDER_LOAD; k++) {
        await sleep(1200 + Math.random() * 2000);
        await restart();
      }
      await sleep(1500);
      // The last kill comes right as the clients stop: whatever jobs they just enqueued are pending over it.
      stopped = true;
      await restart();
      await Promise.all(loops);

      expect(unexpected, 'only 2xx answers or dropped connections').toEqual([]);
      expect(works.length, 'works acknowledged').toBeGreaterThanOrEqual(3);
      expect(chapters.length + comments.length, 'chapters and comments acknowledged').toBeGreaterThanOrEqual(5);

      // Pending jobs resume: leases held by the killed runners are ended (as a minute's wait would), and the live
      // runner drains the queue.
      const pendingAtRestart = (await unfinishedJobs(db)).length;
      const leasesEnded = await expireLeasesExcept(db, server.pid);
      const drainStarted = performance.now();
      const drainedBy = Date.now() + 30_000;
      let left = await unfinishedJobs(db);
      while (left.length && Date.now() < drainedBy) {
        await sleep(250);
        left = await unfinishedJobs(db);
      }
      expect(left, 'no job left waiting or failed').toEqual([]);
      const drainMs = Math.round(performance.now() - drainStarted);

      // Every acknowledged work and chapter is there, whole.
      const workRows = new Map((await allWorks(db)).map((w) => [w.id, w]));
      const chapterRows = await allChapters(db);
      const chaptersOf = new Map<number, typeof chapterRows>();
      for (const c of chapterRows) chaptersOf.set(c.work_id, [...(chaptersOf.get(c.work_id) ?? []), c]);
      for (const work of works) {
        const row = workRows.get(work.id);
        expect(row?.title, `work ${work.id}`).toBe(work.title);
        expect(row!.posted).toBe(1);
        const stored = chaptersOf.get(work.id) ?? [];
        work.created.forEach((c, i) => {
          expect(stored[i]?.position, `work ${work.id} chapter ${i + 1}`).toBe(i + 1);
          expect(stored[i]?.title).toBe(c.title);
          expect(stored[i]?.body_source).toBe(c.body);
        });
        for (const c of work.added) {
          const found = stored.find((s) => s.id === c.id);
          expect(found?.body_source, `added chapter ${c.id}`).toBe(c.body);
          expect(found?.title).toBe(c.title);
        }
      }
      // No work without chapters, and positions without gaps, acknowledged or not.
      for (const [id] of workRows) {
        const positions = (chaptersOf.get(id) ?? []).map((c) => c.position);
        expect(positions.length, `work ${id} has chapters`).toBeGreaterThan(0);
        expect(positions).toEqual(positions.map((_, i) => i + 1));
      }

      // Every acknowledged comment is there, whole, in its place.
      const commentRows = await allComments(db);
      const commentById = new Map(commentRows.map((c) => [c.id, c]));
      for (const comment of comments) {
        const row = commentById.get(comment.id);
        expect(row?.body_source, `comment ${comment.id}`).toBe(comment.body);
        expect(row!.work_id).toBe(comment.workId);
        expect(row!.parent_id).toBe(comment.parent?.id ?? null);
        expect(row!.status).toBe('published');
      }

      // Counters equal the rows they count, on every work, chapter and comment.
      const kudosRows = new Map((await kudosPerWork(db)).map((k) => [k.work_id, k]));
      const bookmarkRows = new Map((await bookmarksPerWork(db)).map((b) => [b.work_id, Number(b.n)]));
      const shown = (c: (typeof commentRows)[number]) => c.status === 'published' && c.deleted_at === null;
      for (const [id, work] of workRows) {
        const posted = (chaptersOf.get(id) ?? []).filter((c) => c.posted === 1);
        expect({ id, chapters: work.chapter_count, words: work.word_count }).toEqual({ id, chapters: posted.length, words: posted.reduce((sum, c) => sum + c.word_count, 0) });
        expect({ id, comments: work.comment_count }).toEqual({ id, comments: commentRows.filter((c) => c.work_id === id && shown(c)).length });
        expect({ id, kudos: work.kudos_count, guests: work.guest_kudos_count }).toEqual({ id, kudos: Number(kudosRows.get(id)?.n ?? 0), guests: Number(kudosRows.get(id)?.guests ?? 0) });
        expect({ id, bookmarks: work.bookmark_count }).toEqual({ id, bookmarks: bookmarkRows.get(id) ?? 0 });
      }
      for (const chapter of chapterRows) {
        expect({ chapter: chapter.id, comments: chapter.comment_count }).toEqual({ chapter: chapter.id, comments: commentRows.filter((c) => c.chapter_id === chapter.id && shown(c)).length });
      }
      for (const comment of commentRows) {
        const replies = commentRows.filter((c) => c.parent_id === comment.id && c.status === 'published' && (c.deleted_at === null || c.reply_count > 0)).length;
        expect({ comment: comment.id, replies: comment.reply_count }).toEqual({ comment: comment.id, replies });
      }
      for (const key of kudos) {
        const [workId] = key.split(':').map(Number);
        expect(Number(kudosRows.get(workId!)?.n ?? 0), `kudos on ${workId}`).toBeGreaterThan(0);
      }
      const live = [...workRows.values()].filter((w) => w.posted === 1 && w.deleted_at === null).length;
      expect(await counterValue(db, POSTED_WORKS_COUNTER), 'the archive-wide posted-works counter').toBe(live);

      // Notifications: exactly one per recipient per event (none doubled by a re-run job, none missing), and each
      // user's unread counter equals their unread rows.
      const notifications = await allNotifications(db);
      const byKey = new Map<string, number>();
      for (const n of notifications) byKey.set(`${n.user_id}|${n.dedupe_key}`, (byKey.get(`${n.user_id}|${n.dedupe_key}`) ?? 0) + 1);
      expect([...byKey].filter(([, count]) => count > 1), 'no duplicate notifications').toEqual([]);
      const missing: string[] = [];
      const expectOne = (userId: number, key: string) => {
        if (byKey.get(`${userId}|${key}`) !== 1) missing.push(`${userId}|${key}`);
      };
      for (const work of works) for (const reader of readers) expectOne(reader.id, `work:${work.id}`);
      for (const chapter of chapters) for (const userId of chapter.subscribers ?? []) expectOne(userId, `chapter:${chapter.id}`);
      const authorOf = new Map(works.map((w) => [w.id, w.authorId]));
      for (const comment of comments) {
        expectOne(authorOf.get(comment.workId)!, `comment:${comment.id}`);
        if (comment.parent && comment.parent.userId !== comment.userId) expectOne(comment.parent.userId, `comment:${comment.id}`);
      }
      expect(missing, 'every owed notification delivered').toEqual([]);
      const unread = new Map<number, number>();
      for (const n of notifications) if (n.read_at === null) unread.set(n.user_id, (unread.get(n.user_id) ?? 0) + 1);
      for (const user of await unreadCounters(db)) expect({ user: user.id, unread: user.unread_notifications }).toEqual({ user: user.id, unread: unread.get(user.id) ?? 0 });

      // The server that survived it all still answers.
      expect((await fetch(`${server.url}/works/${works[0]!.id}`)).status).toBe(200);
      console.log(`crash safety on ${dialect}: ${KILLS_UNDER_LOAD + 1} kills, ${counts.sent} requests, ${counts.acked} acknowledged, ${counts.down} cut off; ${works.length} works, ${chapters.length} added chapters, ${comments.length} comments, ${kudos.size} kudos checked; ` +
          `${pendingAtRestart} jobs pending after the last kill (${leasesEnded} held by killed runners), drained in ${drainMs} ms; restarts took ${restartTimes.join(', ')} ms`);
    });
  }
});
