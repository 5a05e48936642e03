import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { saveSiteSettings } from '../../src/admin/site-settings.js';
import type { Config } from '../../src/config.js';
import { migrateToLatest, type Db } from '../../src/db/connection.js';
import type { Services } from '../../src/http/env.js';
import type { JobRunner } from '../../src/jobs/jobs.js';
import { startJobRunner } from '../../src/server.js';
import { TEST_PASSWORD, openTestDatabase, testConfig, unique } from '../helpers.js';

// Browser tests: a real HTTP server in this process, on a fresh SQLite file, driven by Debian's Chromium
// through playwright-core. Nothing is skipped: without Chromium the suite fails and says how to install it.

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = '/tmp/chapterhouse-screens';
/** Generous: Chromium starts slowly on a loaded machine, and every step is a real page load. */
export const BROWSER_TEST_TIMEOUT = 60_000;

const AXE_PATH = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHarness {
  /** `http://127.0.0.1:<port>`, the server's real address and the app's BASE_URL. */
  readonly baseUrl: string;
  readonly browser: Browser;
  readonly db: Db;
  readonly config: Config;
  readonly services: Services;
  readonly dialect: 'sqlite' | 'postgres';
  /** A fresh context (its own cookies) with the base URL set, so `page.goto('/works')` works. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Saves a full-page screenshot to /tmp/chapterhouse-screens/<name>.png for a person to look at. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Fails with instructions when Debian's Chromium is not installed; the tests are never silently skipped. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
}

export interface BrowserHarnessOptions {
  /** The database the server uses: a fresh SQLite file (default), or a fresh schema in TEST_DATABASE_URL. */
  readonly dialect?: 'sqlite' | 'postgres';
  /** Configuration overrides (e.g. `smtpUrl`); the base URL and data directory are always the harness's own. */
  readonly config?: Partial<Config>;
  /** Runs the in-process job runner, as the real server does (notifications, email delivery). */
  readonly runJobs?: boolean;
}

/** Starts the app on a random port against a new database (SQLite unless told otherwise), and launches Chromium. */
export async function startBrowserHarness(options: BrowserHarnessOptions = {}): Promise<BrowserHarness> {
  requireChromium();
  const dialect = options.dialect ?? 'sqlite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-browser-'));
  const { db, drop } = await openTestDatabase(dialect, path.join(dataDir, 'chapterhouse.db'));
  await migrateToLatest(db);
  // As in forEachDatabase: test accounts are minutes old, so holding their comments with links would hide most of them.
  await saveSiteSettings(db, { hold_first_link_comments: false });

  // Listen first, so the configuration's BASE_URL can name the real port; requests only arrive once the
  // tests start, by which time the app exists.
  let app: ReturnType<typeof createApp> | undefined;
  const server: ServerType = serve({ fetch: (request) => app!.fetch(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({ ...options.config, baseUrl, dataDir });
  const services: Services = { db, config, logger: pino({ level: 'silent' }), secret: 'browser-secret-' + crypto.randomBytes(8).toString('hex') };
  app = createApp(services);
  const runner: JobRunner | undefined = options.runJobs ? startJobRunner(services) : undefined;

  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (error) {
    await closeServer(server);
    await runner?.stop();
    await drop();
    throw error;
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    baseUrl,
    browser,
    db,
    config,
    services,
    dialect,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, ...options });
      context.setDefaultTimeout(15_000);
      return context.newPage();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await closeServer(server);
      await runner?.stop();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary: string }[];
}

/** Runs axe-core on the page and returns its serious and critical violations. */
export async function axeCheck(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch (error) {
      // addScriptTag inserts an inline <script>, which the archive's Content-Security-Policy (script-src 'self')
      // rightly refuses. Evaluating the source through the DevTools protocol is not subject to the page's CSP,
      // so axe runs against the page exactly as readers get it (no bypassCSP, which would also let blocked
      // inline styles render and change what axe sees).
      if (!/Content Security Policy/i.test(String(error))) throw error;
      await page.evaluate(fs.readFileSync(AXE_PATH, 'utf8'));
    }
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary ?? '' })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable account of violations: rule, impact, what it means, and each offending selector. */
export function formatViolations(where: string, violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return `${where}: no serious or critical violations`;
  const lines = [`${where}: ${violations.length} serious or critical axe violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 10)) {
      lines.push(`    - ${node.target.join(' ')}`);
      const summary = node.failureSummary.split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 3).join(' | ');
      if (summary) lines.push(`      ${summary}`);
    }
    if (v.nodes.length > 10) lines.push(`    ... and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

/** Signs up through the form and returns the username; the page is then signed in. */
export async function signUpThroughForm(page: Page, username = unique('reader'), password = TEST_PASSWORD): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Create account' }).click()]);
  return username;
}

/** Logs in through the form. */
export async function logInThroughForm(page: Page, login: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** Logs out with the header's button. */
export async function logOutThroughForm(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Log out' }).click()]);
}

export interface WorkFormInput {
  readonly title: string;
  readonly body: string;
  readonly rating?: string;
  readonly warning?: string;
  readonly fandoms?: string;
  readonly summary?: string;
  readonly chapterTitle?: string;
  readonly expectedChapters?: string;
  /** Choose an existing series in "This work continues a series" (by its title). */
  readonly continuesSeries?: string;
  /** Start a new series with this title. */
  readonly newSeriesTitle?: string;
  /** "Who can comment", by its option's label (e.g. "Everyone, including guests"). */
  readonly commentPermissions?: string;
}

/** Fills and posts /works/new; returns the new work's id (from the URL it redirects to). */
export async function postWorkThroughForm(page: Page, input: WorkFormInput): Promise<number> {
  await page.goto('/works/new');
  await page.getByLabel('Rating').selectOption(input.rating ?? 'General Audiences');
  await page.getByLabel(input.warning ?? 'No Archive Warnings Apply').check();
  await page.locator('input[name="fandoms"]').fill(input.fandoms ?? 'Original Work');
  await page.getByLabel('Work title').fill(input.title);
  if (input.summary) await page.getByLabel('Summary', { exact: true }).fill(input.summary);
  if (input.expectedChapters) await page.getByLabel('Expected number of chapters').fill(input.expectedChapters);
  if (input.continuesSeries) await page.getByLabel('This work continues a series').selectOption({ label: input.continuesSeries });
  if (input.newSeriesTitle) await page.getByLabel('…or start a new series titled').fill(input.newSeriesTitle);
  if (input.commentPermissions) await page.getByLabel('Who can comment').selectOption({ label: input.commentPermissions });
  if (input.chapterTitle) await page.getByLabel('Chapter title').fill(input.chapterTitle);
  await page.getByLabel('Work text').fill(input.body);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/works/new'), page.getByRole('button', { name: 'Post', exact: true }).click()]);
  const posted = /^\/works\/(\d+)$/.exec(new URL(page.url()).pathname);
  if (!posted) {
    const problems = await page.locator('.error-summary').textContent().catch(() => null);
    throw new Error(`Posting "${input.title}" did not reach the work page (at ${page.url()}): ${problems ?? 'no error summary'}`);
  }
  return Number(posted[1]);
}
