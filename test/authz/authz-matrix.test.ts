import { writeFileSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { forgetCachedSiteSettings, readSiteSettings, saveSiteSettings, type SiteSettings } from '../../src/admin/site-settings.js';
import { RATE_LIMIT_BUCKETS, type RateLimits } from '../../src/http/rate-limit-buckets.js';
import { forEachDatabase, type TestContext } from '../helpers.js';
import { ACTORS, makeWorld, ownerAccount, pendingSignIn, resetLink, suspendedOwner, twoFactorOn, twoFactorPending, type Actor, type Fixture, type Target, type World } from './fixtures.js';
import { MATRIX, type MatrixEntry, type Outcome } from './matrix.js';

// The authorization matrix (issue 6 §6): the table in matrix.ts must list exactly the app's state-changing routes,
// and every route must answer each actor as the table says. See matrix.ts for how to add a route.

// AUTHZ_REPORT=file writes every request's actor and answer there, one line each, to review the matrix by eye.
const report: string[] | undefined = process.env.AUTHZ_REPORT ? [] : undefined;
if (report) afterAll(() => writeFileSync(process.env.AUTHZ_REPORT!, report.join('\n') + '\n'));

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** "METHOD /path" for every state-changing route in the app's own route table (middleware entries are method ALL). */
function stateChangingRoutes(app: TestContext['app']): Set<string> {
  return new Set(app.routes.filter((r) => STATE_CHANGING.has(r.method)).map((r) => `${r.method} ${r.path}`));
}

/** Fixtures whose target is the cast itself (an account, every actor's two-factor set-up): after an allowed request the cast is remade. */
const CAST_TARGETS: ReadonlySet<Fixture> = new Set([ownerAccount, suspendedOwner, resetLink, twoFactorPending, twoFactorOn, pendingSignIn]);

const key = (e: Pick<MatrixEntry, 'method' | 'path'>) => `${e.method} ${e.path}`;

/** The concrete URL: each `:name` (with any `{regex}`) replaced by the target's parameter of that name. */
function urlFor(entry: MatrixEntry, target: Target): string {
  return entry.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
    const value = target.params[name];
    if (value === undefined) throw new Error(`${key(entry)}: the target has no :${name}`);
    return encodeURIComponent(value);
  });
}

function formFields(body: Record<string, unknown>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) fields[name] = Array.isArray(value) ? value.map(String) : String(value);
  return fields;
}

async function send(t: TestContext, entry: MatrixEntry, actor: Actor, w: World, target: Target): Promise<Response> {
  const url = urlFor(entry, target);
  const body = await entry.body?.(target, w, actor);
  if (entry.upload) {
    // multipart/form-data with one file, as a browser's file input or an API client sends it.
    const form = new FormData();
    for (const [name, value] of Object.entries(formFields(body ?? {}))) for (const v of [value].flat()) form.append(name, v);
    form.append(entry.upload.field, new Blob([entry.upload.content], { type: entry.upload.type }), entry.upload.name);
    if (!entry.path.startsWith('/api/')) {
      const browser = actor === 'anonymous' ? w.guest : w.accounts[actor].browser;
      form.append('_csrf', browser.csrfToken());
      return browser.request(url, { method: entry.method, body: form });
    }
    const headers: Record<string, string> = actor === 'anonymous' ? {} : { authorization: `Bearer ${w.accounts[actor].token}` };
    return t.app.request(url, { method: entry.method, headers, body: form });
  }
  if (!entry.path.startsWith('/api/')) {
    // A browser's form post (with the entry's method, should a page route ever take another).
    const browser = actor === 'anonymous' ? w.guest : w.accounts[actor].browser;
    const form = new URLSearchParams({ _csrf: browser.csrfToken() });
    for (const [name, value] of Object.entries(formFields(body ?? {}))) for (const v of [value].flat()) form.append(name, v);
    return browser.request(url, { method: entry.method, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  const token = actor === 'anonymous' ? undefined : w.accounts[actor].token;
  const json = body ?? (entry.method === 'DELETE' ? undefined : {});
  return t.api(entry.method, url, { ...(token ? { token } : {}), ...(json !== undefined ? { json } : {}) });
}

type Observed = 'success' | 'auth' | 'forbidden' | 'hidden' | 'invalid' | `status ${number}`;

function classify(response: Response, entry: MatrixEntry): Observed {
  const { status } = response;
  if (status >= 300 && status < 400) return /^\/login(\?|$)/.test(response.headers.get('location') ?? '') && !entry.successIsLogin ? 'auth' : 'success';
  if (status >= 200 && status < 300) return 'success';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'hidden';
  if (status === 422) return 'invalid';
  return `status ${status}`;
}

function matches(expected: Outcome, observed: Observed, entry: MatrixEntry): boolean {
  if (expected === 'allowed' || expected === 'public') return observed === 'success' || (observed === 'invalid' && entry.minimal !== undefined);
  return observed === expected;
}

forEachDatabase(
  (t) => {
    test('the matrix lists every state-changing route of the app, and no other', () => {
      const table = stateChangingRoutes(t().app);
      const listed = MATRIX.map(key);
      const duplicates = listed.filter((k, i) => listed.indexOf(k) !== i);
      const missing = [...table].filter((k) => !listed.includes(k)).map((k) => `no matrix entry for ${k}`);
      const stale = listed.filter((k) => !table.has(k)).map((k) => `matrix entry for a route that does not exist: ${k}`);
      expect([...missing, ...stale, ...duplicates.map((k) => `listed twice: ${k}`)].join('\n')).toBe('');
      expect(table.size).toBeGreaterThan(100);
    });

    test('every state-changing route refuses a cookie-authenticated request without the CSRF token', async ({ expect }) => {
      // The CSRF check runs before routing, so the targets need not exist. The one exemption is the signed one-click
      // unsubscribe link, which mail clients post without cookies (RFC 8058).
      const ctx = t();
      const { accounts } = await makeWorld(ctx);
      const wrong: string[] = [];
      for (const entry of MATRIX) {
        if (entry.path.startsWith('/unsubscribe/')) continue;
        const url = entry.path.replace(/:(\w+)(\{[^}]*\})?/g, '1');
        const json = entry.path.startsWith('/api/');
        const response = await accounts.owner.browser.request(url, {
          method: entry.method,
          body: json ? '{}' : 'title=x',
          headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
        });
        const code = response.status === 403 ? ((await response.json()) as { error: { code: string } }).error.code : undefined;
        if (code !== 'csrf_failed') wrong.push(`${key(entry)}: ${response.status} ${code ?? ''}`);
      }
      expect(wrong.join('\n')).toBe('');
    });

    // Entries that change site settings run one at a time, first; the rest run side by side (each has its own cast).
    const ordered = [...MATRIX.filter((e) => e.siteSettings), ...MATRIX.filter((e) => !e.siteSettings)];
    for (const entry of ordered) {
      (entry.siteSettings ? test : test.concurrent)(key(entry), { timeout: 120_000 }, async ({ expect }) => {
        const ctx = t();
        const restore = entry.siteSettings ? await applySiteSettings(ctx, entry.siteSettings) : undefined;
        try {
          expect(await checkEntry(ctx, entry)).toBe('');
        } finally {
          await restore?.();
        }
      });
    }
  },
  // Limits far above what the matrix sends, since entries run side by side from one address; each request also starts
  // with the rate_limits table empty, for the limits that are fixed (the invitation queue, reset emails per address).
  { commentLimit: 1_000_000, loginAttempts: 1_000_000, rateLimits: Object.fromEntries(RATE_LIMIT_BUCKETS.map((b) => [b, { count: 1_000_000, seconds: 60 }])) as RateLimits },
);

/** Puts `changes` in force and returns how to bring back every setting as it was. */
async function applySiteSettings(ctx: TestContext, changes: Partial<SiteSettings>): Promise<() => Promise<void>> {
  const before = await readSiteSettings(ctx.db, ctx.config);
  await saveSiteSettings(ctx.db, changes);
  forgetCachedSiteSettings(ctx.db);
  return async () => {
    await saveSiteSettings(ctx.db, before);
    forgetCachedSiteSettings(ctx.db);
  };
}

/** Sends the entry's request as each actor, in a fresh cast after every request that was let through; returns what was wrong. */
async function checkEntry(ctx: TestContext, entry: MatrixEntry): Promise<string> {
  // Rate limits are not what this test is about: fixtures and each request start with none counted.
  const clearRateLimits = () => ctx.db.deleteFrom('rate_limits').execute();
  await clearRateLimits();
  let world = await makeWorld(ctx);
  let target = await entry.target(world);
  const wrong: string[] = [];
  for (const actor of ACTORS) {
    await clearRateLimits();
    const response = await send(ctx, entry, actor, world, target);
    const observed = classify(response, entry);
    report?.push(`${key(entry)}\t${actor}\t${response.status}\t${response.headers.get('location') ?? ''}`);
    const expected = entry.expect[actor];
    if (!matches(expected, observed, entry)) {
      const where = response.headers.get('location');
      const text = response.status >= 400 ? ` ${(await response.text()).replace(/\s+/g, ' ').slice(0, 160)}` : '';
      wrong.push(`${actor}: expected ${expected}, got ${observed} (${response.status}${where ? ` → ${where}` : ''})${text}`);
    }
    if (response.status < 400) {
      // The request may have changed or removed the target: the next actor gets a fresh one. Each actor sends one
      // request per entry, so the cast is kept, unless the target is the cast itself (see CAST_TARGETS).
      await clearRateLimits();
      if (CAST_TARGETS.has(entry.target)) world = await makeWorld(ctx);
      target = await entry.target(world);
    }
  }
  return wrong.join('\n');
}
