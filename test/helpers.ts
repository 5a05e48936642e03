import crypto from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe } from 'vitest';
import { registerUser } from '../src/accounts/accounts.js';
import { findUserByUsername } from '../src/accounts/users.queries.js';
import { createApp } from '../src/app.js';
import { saveSiteSettings } from '../src/admin/site-settings.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../src/db/connection.js';
import type { Database, User } from '../src/db/schema.js';
import { CSRF_COOKIE } from '../src/http/cookies.js';
import { sign } from '../src/http/crypto.js';
import type { Services } from '../src/http/env.js';

// Test support: every database test runs against real SQLite, and again against real PostgreSQL when
// TEST_DATABASE_URL is set. Each suite gets its own empty database (an in-memory SQLite file, or a fresh
// PostgreSQL schema), so suites never see each other's rows.

export interface TestContext {
  readonly app: ReturnType<typeof createApp>;
  readonly db: Db;
  readonly config: Config;
  readonly services: Services;
  readonly dialect: 'sqlite' | 'postgres';
  /** A cookie-keeping client that behaves like one browser. */
  browser(): TestBrowser;
  /** Signs up a new account in `browser` (unique name unless given) and returns the user. */
  signUp(browser: TestBrowser, options?: { username?: string; password?: string }): Promise<User>;
  /** Creates an account directly and returns it with a bearer token for the API. */
  apiUser(options?: { username?: string; admin?: boolean }): Promise<{ user: User; token: string }>;
  /** Sends an API request: JSON body when `json` is given, bearer token when `token` is. */
  api(method: string, path: string, options?: { json?: unknown; token?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
}

export const TEST_PASSWORD = 'correct horse battery';

let counter = 0;
/** A name unique within the test run, for usernames and titles. */
export function unique(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}_${counter}_${crypto.randomBytes(2).toString('hex')}`;
}

/**
 * Rate limits no test reaches by accident: tests make many writes quickly from one "IP" (app.request has no socket).
 * login, comment and password_reset keep their defaults: their domains count them, and their tests rely on that.
 */
const TEST_RATE_LIMITS = 'signup=1000000/60,work=1000000/60,chapter=1000000/60,kudos=1000000/60,bookmark=1000000/60,report=1000000/60,write=1000000/60';

/** The configuration tests run with: open registration, generous rate limits unless a test sets its own. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ BASE_URL: 'http://archive.test', DATA_DIR: '/tmp/chapterhouse-test', LOG_LEVEL: 'silent', RATE_LIMITS: TEST_RATE_LIMITS }), ...overrides };
}

export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly ctx: Pick<TestContext, 'app' | 'services'>) {}

  /** The CSRF token this browser's forms carry. */
  csrfToken(): string {
    const seed = this.cookies.get(CSRF_COOKIE);
    if (!seed) throw new Error('Load a page before posting: the browser has no CSRF cookie yet.');
    return sign(this.ctx.services.secret, seed);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.ctx.app.request(path, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** Posts a form the way a browser would, with this browser's CSRF token unless `_csrf` is given (or null to omit). */
  async post(path: string, fields: Record<string, string | string[] | null> = {}): Promise<Response> {
    if (!this.cookies.has(CSRF_COOKIE)) await this.get('/login');
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrfToken());
    for (const [name, value] of Object.entries(fields)) {
      if (value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    return this.request(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

/**
 * A fresh, empty database and how to throw it away: SQLite at `sqliteFile` (in memory by default), or a PostgreSQL
 * schema of its own on TEST_DATABASE_URL, so suites running side by side never see each other's rows.
 */
export async function openTestDatabase(dialect: 'sqlite' | 'postgres', sqliteFile = ':memory:'): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = openDatabase({ sqliteFile });
    return { db, drop: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('PostgreSQL tests need TEST_DATABASE_URL.');
  const schema = `t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  await sql`create schema ${sql.id(schema)}`.execute(admin);
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    drop: async () => {
      await db.destroy();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}

/** The dialects tests run on here: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: readonly ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * Registers the suite once per dialect, each with a fresh migrated database and app.
 * `configure` may change the configuration (closed registration, tight login limits).
 */
export function forEachDatabase(suite: (t: () => TestContext) => void, configure: Partial<Config> = {}): void {
  for (const dialect of DIALECTS) {
    describe(`on ${dialect}`, () => {
      let context: TestContext | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openTestDatabase(dialect);
        drop = opened.drop;
        await migrateToLatest(opened.db);
        // Holding new accounts' comments with links (on by default on a real archive) would hide most test comments,
        // whose accounts are all minutes old: off here; the tests of holding (src/spam/) turn it on.
        await saveSiteSettings(opened.db, { hold_first_link_comments: false });
        const config = testConfig(configure);
        const services: Services = { db: opened.db, config, logger: pino({ level: 'silent' }), secret: 'test-secret-' + crypto.randomBytes(8).toString('hex') };
        const app = createApp(services);
        const base = { app, services };
        context = {
          app,
          db: opened.db,
          config,
          services,
          dialect,
          browser: () => new TestBrowser(base),
          async signUp(browser, options = {}) {
            const username = options.username ?? unique();
            await browser.get('/signup');
            const response = await browser.post('/signup', { username, email: `${username}@example.org`, password: options.password ?? TEST_PASSWORD });
            if (response.status !== 303) throw new Error(`sign-up failed with ${response.status}: ${(await response.text()).slice(0, 500)}`);
            return (await findUserByUsername(opened.db, username))!;
          },
          async apiUser(options = {}) {
            const username = options.username ?? unique();
            const user = await registerUser(opened.db, config, { username, email: `${username}@example.org`, password: TEST_PASSWORD }, { force: true, admin: options.admin ?? false });
            const response = await app.request('/api/v1/tokens', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ login: username, password: TEST_PASSWORD, name: 'tests' }),
            });
            const { token } = (await response.json()) as { token: string };
            return { user, token };
          },
          api(method, path, options = {}) {
            const headers: Record<string, string> = { ...options.headers };
            if (options.token) headers.authorization = `Bearer ${options.token}`;
            let body = options.body;
            if (options.json !== undefined) {
              headers['content-type'] ??= 'application/json';
              body = JSON.stringify(options.json);
            }
            return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
          },
        };
      });
      afterAll(async () => {
        await drop?.();
      });
      suite(() => {
        if (!context) throw new Error('The test database is not ready.');
        return context;
      });
    });
  }
}

/** A valid work for the API, with overrides. */
export function workInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: unique('Work '),
    summary: 'A quiet story about a lighthouse.',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Original Work'],
    characters: ['The Keeper'],
    freeforms: ['Slow burn'],
    chapters: [{ title: 'Beginnings', body: '<p>The lamp was lit at dusk, as it had been for a hundred years.</p>' }],
    ...overrides,
  };
}

/** The visible text of an HTML page: tags become spaces, entities are decoded, whitespace collapses. */
export function pageText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Decodes the character references hono/jsx writes (&amp; &lt; &gt; &quot; &#39; and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, ref: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
    if (ref[0] !== '#') return named[ref.toLowerCase()]!;
    return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
  });
}

/**
 * The error message a form shows for field `name`: the `error-<name>` paragraph, which the field's control
 * (`id="field-<name>"`) must reference with aria-describedby. Undefined when the field shows no error.
 */
export function fieldError(html: string, name: string): string | undefined {
  const message = new RegExp(`<p class="error" id="error-${name}">([^<]*)</p>`).exec(html)?.[1];
  const linked = new RegExp(`<[a-z]+ [^>]*id="field-${name}"[^>]*aria-describedby="[^"]*\\berror-${name}\\b`).test(html);
  return message !== undefined && linked ? decodeEntities(message) : undefined;
}

/** The fields of a valid new-work form (POST /works), with overrides; `null` drops a field. */
export function workFormFields(overrides: Record<string, string | string[] | null> = {}): Record<string, string | string[] | null> {
  return {
    title: unique('Work '),
    summary: 'A quiet story about a lighthouse.',
    notes: '',
    end_notes: '',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: 'Original Work',
    relationships: '',
    characters: 'The Keeper',
    freeforms: 'Slow burn',
    language: 'en',
    expected_chapters: '',
    chapter_title: '',
    body: '<p>The lamp was lit at dusk, as it had been for a hundred years.</p>',
    body_format: 'html',
    action: 'post',
    ...overrides,
  };
}

/** Posts the new-work form in `browser` and returns the new work's id (throws unless it redirects to the work). */
export async function postWorkForm(browser: TestBrowser, overrides: Record<string, string | string[] | null> = {}): Promise<number> {
  const response = await browser.post('/works', workFormFields(overrides));
  const match = /^\/works\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (response.status !== 303 || !match) throw new Error(`posting a work failed with ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return Number(match[1]);
}

/** A work, chapter and series as the API returns them. */
export type WorkJson = ReturnType<typeof import('../src/works/works.presenters.js').presentWork>;
export type ChapterJson = ReturnType<typeof import('../src/works/works.presenters.js').presentChapter>;
export type SeriesJson = ReturnType<typeof import('../src/series/series.presenters.js').presentSeries>;
/** The API's error body. */
export interface ApiErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** Posts a work through the API as the owner of `token` and returns its JSON (throws unless the answer is 201). */
export async function postWork(t: TestContext, token: string, overrides: Record<string, unknown> = {}): Promise<WorkJson> {
  const response = await t.api('POST', '/api/v1/works', { token, json: workInput(overrides) });
  if (response.status !== 201) throw new Error(`posting a work failed with ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as WorkJson;
}
