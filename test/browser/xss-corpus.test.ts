import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerUser } from '../../src/accounts/accounts.js';
import { RATE_LIMIT_BUCKETS, type RateLimits } from '../../src/http/rate-limit-buckets.js';
import { normalizeTagName } from '../../src/works/tag-names.js';
import { DIALECTS, TEST_PASSWORD, unique } from '../helpers.js';
import { apiCall, FormClient } from '../xss/http-client.js';
import { CANARY_HTML, CANARY_PATH, TRAPS, inspectSettled } from '../xss/detectors.js';
import { PAYLOADS } from '../xss/payloads.js';
import { Distributor, type Placement } from '../xss/placements.js';
import { startBrowserHarness, type BrowserHarness } from './browser-helpers.js';

// Issue 6 §6, the XSS corpus (test/xss/payloads.ts, over 500 payloads) posted through every user-text field, by
// the forms (CSRF token read from the form page, like a browser) and by the API (bearer token), then every page that
// shows them rendered in real Chromium: work, chapter and full-work pages, listings, tag pages, search, profiles,
// series, bookmarks, comment threads, the inbox, edit forms, Atom feeds, the HTML download, and the report queue.
//
// Detection, all of which must stay silent: `dialog` events; an init script that replaces alert/confirm/prompt/print
// and traps writes to `window.__xss_marker` (logging to the console, which the test watches); `__xss_marker` read
// after load in every frame; and a DOM scan for anything that could run later (on* attributes, script elements not
// ours, javascript:/data:/vbscript: URLs, srcdoc, iframes, objects, embeds, base, meta refresh). Pages are rendered
// with the Content-Security-Policy bypassed, so the proof is that the markup is inert, not that CSP caught it.

const UNLIMITED = Object.fromEntries(RATE_LIMIT_BUCKETS.map((bucket) => [bucket, { count: 1_000_000, seconds: 60 }])) as unknown as RateLimits;
const TIMEOUT = 240_000;
const CONCURRENCY = 3;

interface Account {
  readonly username: string;
  readonly client: FormClient;
  readonly token: string;
}

type Viewer = 'guest' | 'authorForm' | 'authorApi' | 'readerForm' | 'readerApi' | 'admin';

interface Visit {
  readonly viewer: Viewer;
  readonly path: string;
  readonly what: string;
}

for (const dialect of DIALECTS) {
  describe(`the XSS corpus in Chromium (${dialect})`, () => {
    let harness: BrowserHarness;
    const dist = new Distributor(PAYLOADS);
    const accounts = {} as Record<'authorForm' | 'authorApi' | 'readerForm' | 'readerApi', Account>;
    let admin: FormClient | undefined;
    const works: { id: number; chapters: number; owner: 'authorForm' | 'authorApi' }[] = [];
    const seriesIds: { id: number; owner: 'authorForm' | 'authorApi' }[] = [];
    const commentIds: number[] = [];
    const tagNames: string[] = [];
    const notes: string[] = [];
    /** Hostile input must never cause a 5xx: every one is a failure, not a refusal. */
    const serverErrors: string[] = [];
    let reportsAvailable = false;
    let reportQueuePath: string | undefined;
    const timings: string[] = [];

    beforeAll(async () => {
      harness = await startBrowserHarness({ dialect, runJobs: true, config: { commentLimit: 1_000_000, loginAttempts: 1_000_000, rateLimits: UNLIMITED } });
    }, TIMEOUT);

    afterAll(async () => {
      await harness?.close();
    });

    const base = () => harness.baseUrl;

    async function signUp(prefix: string): Promise<Account> {
      const client = new FormClient(base());
      const username = unique(prefix);
      const response = await client.submit('/signup', '/signup', { username, email: `${username}@example.org`, password: TEST_PASSWORD });
      if (response.status !== 303) throw new Error(`sign-up of ${username} answered ${response.status}`);
      const token = await apiCall(base(), undefined, 'POST', '/tokens', { login: username, password: TEST_PASSWORD, name: 'xss corpus' });
      if (token.status !== 201 && token.status !== 200) throw new Error(`token for ${username}: ${token.status} ${JSON.stringify(token.body)}`);
      return { username, client, token: token.body.token as string };
    }

    /** Stores the placements when `ok`; otherwise notes the refusal (validation and limits may reject a payload). */
    function settle(ok: boolean, what: string, status: number, placed: [string, Placement][]): boolean {
      if (ok) for (const [field, placement] of placed) dist.record(field, placement);
      else if (status >= 500) serverErrors.push(`${what}: answered ${status}`);
      else notes.push(`${what}: refused with ${status}`);
      return ok;
    }

    const take = (field: string, maxChars: number, maxCount: number) => dist.take(field, { maxChars, maxCount });
    const tags = (field: string, count: number) => Array.from({ length: count }, () => dist.take(field, { maxChars: 150, maxCount: 1, tag: true }));

    test('the corpus goes in through every user-text field, by the forms and by the API', async () => {
      const started = Date.now();
      accounts.authorForm = await signUp('xssauthorf');
      accounts.authorApi = await signUp('xssauthora');
      accounts.readerForm = await signUp('xssreaderf');
      accounts.readerApi = await signUp('xssreadera');

      // Profiles: display name and bio, by the settings form and by PATCH /api/v1/me.
      for (const key of ['authorForm', 'readerForm'] as const) {
        const name = take('profile.display_name[form]', 100, 3);
        const bio = take('profile.bio[form]', 2000, 14);
        const response = await accounts[key].client.submit('/settings', '/settings/profile', { display_name: name.text, bio: bio.text });
        settle(response.status === 303, `profile form of ${key}`, response.status, [['profile.display_name[form]', name], ['profile.bio[form]', bio]]);
      }
      for (const key of ['authorApi', 'readerApi'] as const) {
        const name = take('profile.display_name[api]', 100, 3);
        const bio = take('profile.bio[api]', 2000, 14);
        const response = await apiCall(base(), accounts[key].token, 'PATCH', '/me', { display_name: name.text, bio: bio.text });
        settle(response.status === 200, `profile API of ${key}`, response.status, [['profile.display_name[api]', name], ['profile.bio[api]', bio]]);
      }

      // Series: four by the form, four by the API.
      for (let i = 0; i < 4; i++) {
        const [title, summary, seriesNotes] = [take('series.title[form]', 255, 3), take('series.summary[form]', 1250, 8), take('series.notes[form]', 5000, 12)];
        const response = await accounts.authorForm.client.submit('/series/new', '/series', { title: title.text, summary: summary.text, notes: seriesNotes.text });
        const id = Number(/^\/series\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);
        if (settle(response.status === 303 && id > 0, 'series form', response.status, [['series.title[form]', title], ['series.summary[form]', summary], ['series.notes[form]', seriesNotes]])) seriesIds.push({ id, owner: 'authorForm' });
      }
      for (let i = 0; i < 4; i++) {
        const [title, summary, seriesNotes] = [take('series.title[api]', 255, 3), take('series.summary[api]', 1250, 8), take('series.notes[api]', 5000, 12)];
        const response = await apiCall(base(), accounts.authorApi.token, 'POST', '/series', { title: title.text, summary: summary.text, notes: seriesNotes.text });
        if (settle(response.status === 201, 'series API', response.status, [['series.title[api]', title], ['series.summary[api]', summary], ['series.notes[api]', seriesNotes]])) seriesIds.push({ id: response.body.id, owner: 'authorApi' });
      }
      const seriesOf = (owner: 'authorForm' | 'authorApi', i: number) => {
        const own = seriesIds.filter((s) => s.owner === owner);
        return own.length ? own[i % own.length]!.id : undefined;
      };

      // Works by the API: six chapters each, alternating HTML and Markdown bodies.
      for (let i = 0; i < 16; i++) {
        const f = (name: string) => `${name}[api]`;
        const placed: [string, Placement][] = [];
        const put = (field: string, p: Placement) => (placed.push([f(field), p]), p.text);
        const workTags: string[] = [];
        const tagList = (kind: string, n: number) => tags(f(`tag.${kind}`), n).map((p) => (placed.push([f(`tag.${kind}`), p]), workTags.push(p.text), p.text));
        const chapters = Array.from({ length: 6 }, (_, c) => {
          const format = c % 2 === 0 ? 'html' : 'markdown';
          return {
            title: put('chapter.title', take(f('chapter.title'), 255, 2)),
            summary: put('chapter.summary', take(f('chapter.summary'), 1250, 4)),
            notes: put('chapter.notes', take(f('chapter.notes'), 5000, 5)),
            end_notes: put('chapter.end_notes', take(f('chapter.end_notes'), 5000, 5)),
            body: put(`chapter.body.${format}`, take(f(`chapter.body.${format}`), 50_000, 4)),
            format,
          };
        });
        const series = seriesOf('authorApi', i);
        const input = {
          title: put('work.title', take(f('work.title'), 255, 3)),
          summary: put('work.summary', take(f('work.summary'), 1250, 8)),
          notes: put('work.notes', take(f('work.notes'), 5000, 10)),
          end_notes: put('work.end_notes', take(f('work.end_notes'), 5000, 10)),
          rating: 'General Audiences',
          warnings: ['No Archive Warnings Apply'],
          fandoms: tagList('fandom', 2),
          relationships: tagList('relationship', 2),
          characters: tagList('character', 2),
          freeforms: tagList('freeform', 2),
          comment_permissions: 'everyone',
          ...(series ? { series: { id: series } } : {}),
          chapters,
        };
        const response = await apiCall(base(), accounts.authorApi.token, 'POST', '/works', input);
        if (settle(response.status === 201, `work API #${i}`, response.status, placed)) {
          works.push({ id: response.body.id, chapters: 6, owner: 'authorApi' });
          tagNames.push(...workTags);
        }
      }

      // Works by the forms: the new-work form, then two more chapters by the chapter form.
      for (let i = 0; i < 10; i++) {
        const f = (name: string) => `${name}[form]`;
        const placed: [string, Placement][] = [];
        const put = (field: string, p: Placement) => (placed.push([f(field), p]), p.text);
        const workTags: string[] = [];
        const tagField = (kind: string) => tags(f(`tag.${kind}`), 2).map((p) => (placed.push([f(`tag.${kind}`), p]), workTags.push(p.text), p.text)).join(', ');
        const format = i % 2 === 0 ? 'html' : 'markdown';
        const series = seriesOf('authorForm', i);
        const response = await accounts.authorForm.client.submit('/works/new', '/works', {
          title: put('work.title', take(f('work.title'), 255, 3)),
          summary: put('work.summary', take(f('work.summary'), 1250, 8)),
          notes: put('work.notes', take(f('work.notes'), 5000, 10)),
          end_notes: put('work.end_notes', take(f('work.end_notes'), 5000, 10)),
          rating: 'General Audiences',
          warnings: ['No Archive Warnings Apply'],
          fandoms: tagField('fandom'),
          relationships: tagField('relationship'),
          characters: tagField('character'),
          freeforms: tagField('freeform'),
          language: 'en',
          expected_chapters: '',
          comment_permissions: 'everyone',
          series_id: series ? String(series) : '',
          chapter_title: put('chapter.title', take(f('chapter.title'), 255, 2)),
          chapter_summary: put('chapter.summary', take(f('chapter.summary'), 1250, 4)),
          chapter_notes: put('chapter.notes', take(f('chapter.notes'), 5000, 5)),
          chapter_end_notes: put('chapter.end_notes', take(f('chapter.end_notes'), 5000, 5)),
          body: put(`chapter.body.${format}`, take(f(`chapter.body.${format}`), 50_000, 4)),
          body_format: format,
          action: 'post',
        });
        const id = Number(/^\/works\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);
        if (!settle(response.status === 303 && id > 0, `work form #${i}`, response.status, placed)) continue;
        tagNames.push(...workTags);
        let chapters = 1;
        for (let c = 0; c < 2; c++) {
          const chapterPlaced: [string, Placement][] = [];
          const cput = (field: string, p: Placement) => (chapterPlaced.push([f(field), p]), p.text);
          const chapterFormat = (i + c) % 2 === 0 ? 'markdown' : 'html';
          const added = await accounts.authorForm.client.submit(`/works/${id}/chapters/new`, `/works/${id}/chapters`, {
            title: cput('chapter.title', take(f('chapter.title'), 255, 2)),
            summary: cput('chapter.summary', take(f('chapter.summary'), 1250, 4)),
            notes: cput('chapter.notes', take(f('chapter.notes'), 5000, 5)),
            end_notes: cput('chapter.end_notes', take(f('chapter.end_notes'), 5000, 5)),
            body: cput(`chapter.body.${chapterFormat}`, take(f(`chapter.body.${chapterFormat}`), 50_000, 4)),
            body_format: chapterFormat,
            action: 'post',
          });
          if (settle(added.status === 303, `chapter form of work ${id}`, added.status, chapterPlaced)) chapters++;
        }
        works.push({ id, chapters, owner: 'authorForm' });
      }

      // Comments on every work: by the API and by the form (signed in), by a guest (name and text), and the
      // author's reply; then bookmarks with notes and tags, by the API and by the form.
      for (const work of works) {
        for (const position of [1, 2]) {
          const body = take('comment.body[api]', 10_000, 3);
          const response = await apiCall(base(), accounts.readerApi.token, 'POST', `/works/${work.id}/chapters/${position}/comments`, { body: body.text });
          if (settle(response.status === 201, `comment API on ${work.id}`, response.status, [['comment.body[api]', body]])) commentIds.push(response.body.id);
        }
        const signedIn = take('comment.body[form]', 10_000, 3);
        const chapterPath = `/works/${work.id}/chapters/1`;
        const formComment = await accounts.readerForm.client.submit(chapterPath, `${chapterPath}/comments`, { body: signedIn.text });
        settle(formComment.status === 303, `comment form on ${work.id}`, formComment.status, [['comment.body[form]', signedIn]]);
        const guest = new FormClient(base());
        const [guestName, guestBody] = [take('comment.guest_name[form]', 100, 1), take('comment.guest_body[form]', 10_000, 3)];
        const guestComment = await guest.submit(`/works/${work.id}/chapters/2`, `/works/${work.id}/chapters/2/comments`, {
          guest_name: guestName.text,
          guest_email: `${unique('guest')}@example.net`,
          body: guestBody.text,
        });
        settle(guestComment.status === 303, `guest comment on ${work.id}`, guestComment.status, [['comment.guest_name[form]', guestName], ['comment.guest_body[form]', guestBody]]);

        const [apiNotes, apiTags] = [take('bookmark.notes[api]', 5000, 5), tags('bookmark.tags[api]', 2)];
        const bookmark = await apiCall(base(), accounts.readerApi.token, 'POST', '/bookmarks', { work_id: work.id, notes: apiNotes.text, tags: apiTags.map((t) => t.text) });
        settle(bookmark.status === 201, `bookmark API of ${work.id}`, bookmark.status, [['bookmark.notes[api]', apiNotes], ...apiTags.map((t): [string, Placement] => ['bookmark.tags[api]', t])]);
        const [formNotes, formTags] = [take('bookmark.notes[form]', 5000, 5), tags('bookmark.tags[form]', 2)];
        const formBookmark = await accounts.readerForm.client.submit(`/works/${work.id}/bookmark`, `/works/${work.id}/bookmark`, { notes: formNotes.text, tags: formTags.map((t) => t.text).join(', ') });
        settle(formBookmark.status === 303, `bookmark form of ${work.id}`, formBookmark.status, [['bookmark.notes[form]', formNotes], ...formTags.map((t): [string, Placement] => ['bookmark.tags[form]', t])]);
      }
      // A sample by real form filling in Chromium: a guest types payloads into the comment form and presses its button.
      const filler = await harness.newPage();
      for (const work of works.slice(0, 4)) {
        const [name, body] = [take('comment.guest_name[chromium]', 100, 1), take('comment.guest_body[chromium]', 10_000, 3)];
        await filler.goto(`/works/${work.id}/chapters/1`);
        await filler.locator('input[name="guest_name"]').fill(name.text);
        await filler.locator('input[name="guest_email"]').fill(`${unique('typist')}@example.net`);
        await filler.locator('textarea[name="body"]').fill(body.text);
        const form = filler.locator('form', { has: filler.locator('textarea[name="body"]') });
        await Promise.all([filler.waitForURL((url) => !url.pathname.endsWith('/comments')).catch(() => undefined), form.locator('button[type="submit"]').last().click()]);
        const ok = !new URL(filler.url()).pathname.endsWith('/comments');
        settle(ok, `typed guest comment on ${work.id}`, ok ? 303 : 422, [['comment.guest_name[chromium]', name], ['comment.guest_body[chromium]', body]]);
      }
      await filler.context().close();

      // Comments with links from new accounts wait for a moderator (the hold_first_link_comments setting): a moderator
      // releases two thirds of them, so they show on the public pages, and leaves the rest in the held queue.
      const adminName = unique('xssadmin');
      await registerUser(harness.db, harness.config, { username: adminName, email: `${adminName}@example.org`, password: TEST_PASSWORD }, { force: true, admin: true });
      admin = new FormClient(base());
      expect((await admin.submit('/login', '/login', { login: adminName, password: TEST_PASSWORD })).status).toBe(303);
      const adminToken = (await apiCall(base(), undefined, 'POST', '/tokens', { login: adminName, password: TEST_PASSWORD, name: 'xss corpus' })).body.token as string;
      const held: number[] = [];
      for (let page = 1; page < 50; page++) {
        const queue = await apiCall(base(), adminToken, 'GET', `/admin/comments/held?page=${page}`);
        if (queue.status !== 200) break;
        held.push(...(queue.body.items as { id: number }[]).map((item) => item.id));
        if (!queue.body.next) break;
      }
      for (const id of held.filter((_, i) => i % 3 !== 0)) {
        const released = await apiCall(base(), adminToken, 'POST', `/admin/comments/held/${id}/approve`, {});
        if (released.status !== 200) notes.push(`approving held comment ${id}: ${released.status}`);
      }
      const stillHeld = new Set(held.filter((_, i) => i % 3 === 0));
      // Each author replies to one (visible) comment on each work.
      for (const [i, work] of works.entries()) {
        const parent = [commentIds[i * 2], commentIds[i * 2 + 1]].find((id) => id !== undefined && !stillHeld.has(id));
        if (!parent) continue;
        const reply = take('comment.reply[api]', 10_000, 2);
        const response = await apiCall(base(), accounts[work.owner].token, 'POST', `/comments/${parent}/replies`, { body: reply.text });
        settle(response.status === 201, `reply on ${work.id}`, response.status, [['comment.reply[api]', reply]]);
      }

      for (const series of seriesIds) {
        const [seriesNotes, seriesTags] = [take('bookmark.notes[form]', 5000, 5), tags('bookmark.tags[form]', 2)];
        const response = await accounts.readerForm.client.submit(`/series/${series.id}/bookmark`, `/series/${series.id}/bookmark`, { notes: seriesNotes.text, tags: seriesTags.map((t) => t.text).join(', ') });
        settle(response.status === 303, `series bookmark of ${series.id}`, response.status, [['bookmark.notes[form]', seriesNotes], ...seriesTags.map((t): [string, Placement] => ['bookmark.tags[form]', t])]);
      }

      // Reports (issue 6 §2), when that part of the archive is present: descriptions by the API and by the form.
      const probe = await apiCall(base(), accounts.readerApi.token, 'POST', '/reports', {});
      reportsAvailable = probe.status !== 404 && probe.status !== 405;
      if (reportsAvailable) {
        for (const [i, work] of works.entries()) {
          const description = take('report.description[api]', 5000, 6);
          const target = i % 3 === 0 && commentIds[i] ? { target_type: 'comment', target_id: commentIds[i] } : { target_type: 'work', target_id: work.id };
          const response = await apiCall(base(), accounts.readerApi.token, 'POST', '/reports', { ...target, category: 'other', description: description.text });
          settle(response.status === 201, `report API on ${work.id}`, response.status, [['report.description[api]', description]]);
          if (i % 2 === 0) {
            const formDescription = take('report.description[form]', 5000, 6);
            const form = await accounts.readerForm.client.submit(`/reports/new?target_type=work&target_id=${work.id}`, '/reports/new', {
              target_type: 'work',
              target_id: String(work.id),
              category: 'spam',
              description: formDescription.text,
            });
            settle(form.status === 303, `report form on ${work.id}`, form.status, [['report.description[form]', formDescription]]);
          }
        }
        if ((await admin!.get('/admin/reports')).status === 200) reportQueuePath = '/admin/reports';
      }

      timings.push(`posting ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(serverErrors).toEqual([]);
      expect(works.length).toBeGreaterThanOrEqual(20);
      const stored = dist.allStored();
      expect(stored.size, `stored payloads; refusals:\n${notes.join('\n')}`).toBeGreaterThanOrEqual(300);
    }, TIMEOUT);

    test('every page that shows them renders in Chromium with zero script executions', async () => {
      expect(works.length).toBeGreaterThan(0);
      const started = Date.now();
      // Notifications of the comments arrive through background jobs: wait until both authors have theirs.
      for (const key of ['authorForm', 'authorApi'] as const) {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const inbox = await apiCall(base(), accounts[key].token, 'GET', '/notifications');
          if (inbox.status === 200 && inbox.body.total > 0) break;
          if (Date.now() > deadline) throw new Error(`no notifications reached ${key}'s inbox`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }

      const visits: Visit[] = [];
      const see = (viewer: Viewer, path: string, what: string) => visits.push({ viewer, path, what });
      for (const [i, work] of works.entries()) {
        see('guest', `/works/${work.id}`, 'work page');
        see('guest', `/works/${work.id}?view_full_work=true`, 'full work');
        see('guest', `/works/${work.id}/chapters/2`, 'chapter page');
        if (i % 2 === 0) see('guest', `/works/${work.id}/download.html`, 'HTML download');
        if (i % 4 === 0) see('guest', `/works/${work.id}/feed.atom`, 'work feed');
        if (i % 4 === 0) see('guest', `/works/${work.id}/bookmarks`, 'work bookmarks');
        if (i % 4 === 1) see(work.owner, `/works/${work.id}`, 'work page (author)');
        if (i % 5 === 0) see(work.owner, `/works/${work.id}/edit`, 'work edit form');
        if (i % 5 === 1) see(work.owner, `/works/${work.id}/chapters/1/edit`, 'chapter edit form');
        if (i % 6 === 2) see('readerForm', `/works/${work.id}/bookmark`, 'bookmark form');
      }
      for (let page = 1; page <= Math.ceil(works.length / 20); page++) see('guest', `/works?page=${page}`, 'works listing');
      see('guest', '/', 'home');
      const distinctTags = [...new Set(tagNames.map((t) => normalizeTagName(t)))];
      for (let i = 0; i < distinctTags.length; i += Math.max(1, Math.floor(distinctTags.length / 16))) {
        see('guest', `/tags/${encodeURIComponent(distinctTags[i]!)}/works`, 'tag listing');
        if (i % 4 === 0) see('guest', `/tags/${encodeURIComponent(distinctTags[i]!)}/feed.atom`, 'tag feed');
      }
      for (const q of ['script', 'onerror', 'javascript', 'svg', 'XSS0001X', 'img']) see('guest', `/search?q=${encodeURIComponent(q)}`, 'search results');
      // The query itself is shown back on the results page: the payloads go in there too.
      for (let i = 0; i < PAYLOADS.length; i += 65) see('guest', `/search?q=${encodeURIComponent(PAYLOADS[i]!.text.slice(0, 400))}`, 'search results (payload query)');
      for (const account of Object.values(accounts)) {
        const u = encodeURIComponent(account.username);
        for (const path of [`/users/${u}`, `/users/${u}/works`, `/users/${u}/bookmarks`, `/users/${u}/series`, `/users/${u}/feed.atom`]) see('guest', path, 'user page');
      }
      see('readerForm', `/users/${encodeURIComponent(accounts.readerForm.username)}/bookmarks`, 'bookmarks (owner)');
      for (const series of seriesIds) {
        see('guest', `/series/${series.id}`, 'series page');
        if (series.id % 2 === 0) see('guest', `/series/${series.id}/feed.atom`, 'series feed');
        else see(series.owner, `/series/${series.id}/edit`, 'series edit form');
      }
      // Comments with links from new accounts wait for a moderator (hold_first_link_comments): their commenter sees
      // them in the thread, and moderators in the held-comments queue.
      for (let i = 0; i < commentIds.length; i += 6) see('readerApi', `/comments/${commentIds[i]}`, 'comment thread (commenter)');
      for (let i = 1; i < works.length; i += 7) see('readerApi', `/works/${works[i]!.id}/chapters/2`, 'chapter page (commenter)');
      see('admin', '/admin/comments/held', 'held comments queue');
      see('admin', '/admin/comments/held?page=2', 'held comments queue');
      for (const key of ['authorForm', 'authorApi'] as const) {
        see(key, '/inbox', 'inbox');
        see(key, '/inbox?page=2', 'inbox');
        see(key, '/settings', 'settings (profile form)');
      }
      see('readerForm', '/settings', 'settings (profile form)');
      if (reportQueuePath) {
        for (const page of [1, 2, 3]) see('admin', `${reportQueuePath}?page=${page}`, 'report queue');
        for (let i = 1; i < works.length; i += 6) see('admin', `${reportQueuePath}/work/${works[i]!.id}`, 'report group');
        see('admin', `${reportQueuePath}/comment/${commentIds[0]}`, 'report group');
      }

      const contexts = new Map<Viewer, BrowserContext>();
      const failures: string[] = [];
      const rendered = new Set<number>();
      const pagesSeen = new Map<string, number>();
      const msByKind = new Map<string, number>();
      const signedIn: Record<Viewer, FormClient | undefined> = {
        guest: undefined,
        authorForm: accounts.authorForm.client,
        authorApi: accounts.authorApi.client,
        readerForm: accounts.readerForm.client,
        readerApi: accounts.readerApi.client,
        admin,
      };
      async function contextFor(viewer: Viewer): Promise<BrowserContext> {
        let context = contexts.get(viewer);
        if (!context) {
          context = await harness.browser.newContext({ baseURL: base(), bypassCSP: true });
          context.setDefaultTimeout(20_000);
          await context.addInitScript(TRAPS);
          const client = signedIn[viewer];
          if (client) await context.addCookies(client.cookieList().map((c) => ({ ...c, url: base() })));
          await context.route(`**${CANARY_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: CANARY_HTML }));
          // A download is opened the way a reader opens the saved file: as a page of its own, with no CSP at all.
          await context.route('**/download.html', async (route) => {
            const response = await route.fetch();
            await route.fulfill({ status: response.status(), body: await response.body(), headers: { 'content-type': 'text/html; charset=utf-8' } });
          });
          contexts.set(viewer, context);
        }
        return context;
      }
      function watch(page: Page, current: { visit?: Visit }) {
        page.on('dialog', (dialog) => {
          failures.push(`${current.visit?.what} ${current.visit?.path}: a ${dialog.type()} dialog opened: ${dialog.message()}`);
          void dialog.dismiss().catch(() => undefined);
        });
        page.on('console', (message) => {
          if (message.text().includes('XSS-TRAP')) failures.push(`${current.visit?.what} ${current.visit?.path}: ${message.text()}`);
        });
      }

      // First, a canary page with known script in it proves each detector fires (so the test can fail): a trapped
      // alert, the marker, an on* attribute and a javascript: link, and a frame's own confirm (traps reach frames too).
      const queue = [{ viewer: 'guest' as const, path: CANARY_PATH, what: 'canary' }, ...visits];
      async function worker(): Promise<void> {
        const pages = new Map<Viewer, { page: Page; current: { visit?: Visit } }>();
        for (;;) {
          const visit = queue.shift();
          if (!visit) break;
          let entry = pages.get(visit.viewer);
          if (!entry) {
            const page = await (await contextFor(visit.viewer)).newPage();
            entry = { page, current: {} };
            watch(page, entry.current);
            pages.set(visit.viewer, entry);
          }
          entry.current.visit = visit;
          const { page } = entry;
          const visitStarted = Date.now();
          const response = await page.goto(visit.path, { waitUntil: 'load' });
          const status = response?.status() ?? 0;
          if (status !== 200) {
            failures.push(`${visit.what} ${visit.path}: answered ${status}`);
            continue;
          }
          const inspection = await inspectSettled(page);
          if (inspection.marker !== undefined) failures.push(`${visit.what} ${visit.path}: window.__xss_marker is ${String(inspection.marker)}`);
          for (const hit of inspection.hits) failures.push(`${visit.what} ${visit.path}: ${hit}`);
          for (const d of inspection.dangerous) failures.push(`${visit.what} ${visit.path}: live markup ${d}`);
          for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            const inFrame = await frame.evaluate(() => (window as unknown as { __xss_marker?: unknown }).__xss_marker).catch(() => undefined);
            if (inFrame !== undefined) failures.push(`${visit.what} ${visit.path}: __xss_marker set in a frame`);
          }
          for (const m of inspection.markers) rendered.add(Number(/\d{4}/.exec(m)![0]));
          pagesSeen.set(visit.what, (pagesSeen.get(visit.what) ?? 0) + 1);
          msByKind.set(visit.what, (msByKind.get(visit.what) ?? 0) + Date.now() - visitStarted);
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
      const canary = failures.filter((f) => f.startsWith(`canary ${CANARY_PATH}:`));
      failures.splice(0, failures.length, ...failures.filter((f) => !canary.includes(f)));
      for (const expected of ['__xss_marker is 1', 'XSS-TRAP alert()', 'live markup <img onerror=', 'live markup <a href="javascript:', 'XSS-TRAP confirm() at about:blank']) {
        expect(canary.some((f) => f.includes(expected)), `the canary page should report "${expected}"; it reported:\n${canary.join('\n')}`).toBe(true);
      }
      for (const context of contexts.values()) await context.close();
      timings.push(`rendering ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const stored = dist.allStored();
      const storedAndRendered = [...stored].filter((id) => rendered.has(id));
      const fields = [...dist.stored].map(([field, ids]) => `${field}: ${ids.size}`).join(', ');
      const summary = [
        `${dialect}: ${PAYLOADS.length} payloads; ${stored.size} stored; ${storedAndRendered.length} stored and rendered; ${visits.length} page loads`,
        `time: ${timings.join(', ')}`,
        `pages: ${[...pagesSeen].map(([what, n]) => `${what} ${n} (${Math.round((msByKind.get(what) ?? 0) / n)} ms)`).join(', ')}`,
        `fields: ${fields}`,
        reportsAvailable ? `reports: stored; queue at ${reportQueuePath ?? '(not found)'}` : 'reports: POST /api/v1/reports is not in this build',
        ...(notes.length ? [`refused: ${notes.length}`, ...notes.slice(0, 40)] : []),
      ].join('\n');
      console.log(summary);
      expect(failures, `${failures.length} problem(s):\n${failures.slice(0, 60).join('\n')}\n\n${summary}`).toEqual([]);
      expect(storedAndRendered.length, summary).toBeGreaterThanOrEqual(300);
      // Every field took a real share of the corpus.
      for (const [field, ids] of dist.stored) expect(ids.size, `${field} stored too few payloads`).toBeGreaterThanOrEqual(field.startsWith('profile.display_name') || field.endsWith('[chromium]') ? 2 : 8);
      // The markers are what the payload ids say (a sanity check of the counting itself).
      expect([...rendered].every((id) => id >= 1 && id <= PAYLOADS.length)).toBe(true);
    }, TIMEOUT);
  });
}
