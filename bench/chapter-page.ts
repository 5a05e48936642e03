// The reading page under load (issue 7 §2.1 and §2.2): a 5,000-word chapter of a gated work, anonymous (the client
// has agreed to the adult notice) and signed in, served by one Chapterhouse process, measured side by side with its
// ceilings in the same run: (a) plain node:http in one process answering the same bytes from memory, and (b) nginx with
// one worker serving the same bytes from a file (installed with apt when missing; skipped with a note if that fails).
// Load comes from autocannon in a separate process on loopback. Figures go to stdout and bench/results.json.
// Run: npm run bench:chapter [-- --seconds 10] [-- --connections 50] [-- --quick]

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerUser } from '../src/accounts/accounts.js';
import { createApiToken } from '../src/accounts/tokens.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase } from '../src/db/connection.js';
import { createWork } from '../src/works/works.js';
import { generatedParagraphs } from '../test/long-text.js';
import { recordResults } from './results.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' }, quick: { type: 'boolean', default: false } },
});
const SECONDS = values.quick ? 2 : Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROOT = path.resolve(import.meta.dirname, '..');

interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** Runs autocannon in its own process against `url` and returns its figures. */
function load(url: string, headers: Record<string, string>): LoadResult {
  const args = [path.join(ROOT, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(CONNECTIONS), '-d', String(SECONDS)];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  args.push(url);
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { rps: report.requests.average, p50: report.latency.p50, p99: report.latency.p99, errors: report.errors, non2xx: report.non2xx };
}

function startProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Installs nginx with apt when it is missing; false when it cannot be had. */
function ensureNginx(): string | undefined {
  const candidates = ['/usr/sbin/nginx', '/usr/bin/nginx'];
  const found = () => candidates.find((p) => fs.existsSync(p));
  if (found()) return found();
  try {
    console.error('Installing nginx with apt (once)…');
    execFileSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      return undefined;
    }
  }
  return found();
}

function startNginx(binary: string, dir: string, port: number): ChildProcess {
  const conf = path.join(dir, 'nginx.conf');
  // nginx's worker drops to an unprivileged user when started as root: let it read the page.
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { text/html html; }
  server { listen 127.0.0.1:${port}; root ${dir}/www; location / { try_files /page.html =404; default_type text/html; } }
}
`,
  );
  return startProcess(binary, ['-c', conf, '-p', dir], {});
}

const PLAIN_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const body = fs.readFileSync(process.env.PAGE_FILE);
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bench-chapter-'));
  const dataDir = path.join(dir, 'data');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const db = openDatabase({ sqliteFile: path.join(dataDir, 'chapterhouse.db') });
  await migrateToLatest(db);
  const author = await registerUser(db, config, { username: 'benchauthor', email: 'author@bench.test', password: 'correct horse battery' }, { force: true });
  const reader = await registerUser(db, config, { username: 'benchreader', email: 'reader@bench.test', password: 'correct horse battery' }, { force: true });
  const work = await createWork(db, author, {
    title: 'A Long Evening',
    summary: 'A chapter long enough to measure the reading page.',
    rating: 'Mature',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Bench Fandom'],
    freeforms: ['Long Chapter'],
    chapters: [{ title: 'The Whole Evening', body: generatedParagraphs(5000, 3), body_format: 'html' }],
  });
  const { token } = await createApiToken(db, reader.id, 'bench');
  await db.destroy();

  const appPort = await freePort();
  const app = startProcess(process.execPath, [path.join(ROOT, 'bin/chapterhouse.js'), 'serve'], { PORT: String(appPort), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const chapterUrl = `http://127.0.0.1:${appPort}/works/${work.id}/chapters/1`;
  const anonymous = { Cookie: 'view_adult=true' };
  const signedIn = { Authorization: `Bearer ${token}` };
  try {
    await waitFor(chapterUrl, anonymous);
    const page = Buffer.from(await (await fetch(chapterUrl, { headers: anonymous })).arrayBuffer());
    fs.mkdirSync(path.join(dir, 'www'));
    fs.writeFileSync(path.join(dir, 'www', 'page.html'), page);

    const plainPort = await freePort();
    fs.writeFileSync(path.join(dir, 'plain.cjs'), PLAIN_SERVER);
    const plain = startProcess(process.execPath, [path.join(dir, 'plain.cjs')], { PORT: String(plainPort), PAGE_FILE: path.join(dir, 'www', 'page.html') });
    const nginxBinary = ensureNginx();
    const nginxPort = await freePort();
    const nginx = nginxBinary ? startNginx(nginxBinary, dir, nginxPort) : undefined;
    try {
      const plainUrl = `http://127.0.0.1:${plainPort}/`;
      await waitFor(plainUrl);
      if (nginx) await waitFor(`http://127.0.0.1:${nginxPort}/`);
      console.log(`Chapter page: ${page.length} bytes, ${CONNECTIONS} connections, ${SECONDS} s per run, load from autocannon in its own process\n`);
      // Warm each server up before measuring.
      load(chapterUrl, anonymous);
      const rows: [string, LoadResult][] = [];
      rows.push(['plain node:http, 1 process (ceiling a)', load(plainUrl, {})]);
      if (nginx) rows.push(['nginx, 1 worker (ceiling b)', load(`http://127.0.0.1:${nginxPort}/`, {})]);
      rows.push(['Chapterhouse, anonymous, 1 process', load(chapterUrl, anonymous)]);
      rows.push(['Chapterhouse, signed in, 1 process', load(chapterUrl, signedIn)]);
      const plainRps = rows[0]![1].rps;
      console.log('| server | req/s | p50 ms | p99 ms | errors | vs node:http |');
      console.log('| --- | --- | --- | --- | --- | --- |');
      for (const [name, r] of rows) {
        console.log(`| ${name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors + r.non2xx} | ${((100 * r.rps) / plainRps).toFixed(0)}% |`);
      }
      const byName = Object.fromEntries(rows.map(([name, r]) => [name, r]));
      const anon = byName['Chapterhouse, anonymous, 1 process']!;
      const personal = byName['Chapterhouse, signed in, 1 process']!;
      console.log(`\nTargets: anonymous ≥ 90% of node:http (${((100 * anon.rps) / plainRps).toFixed(0)}%), p99 ≤ 10 ms (${anon.p99} ms); signed in ≥ 60% (${((100 * personal.rps) / plainRps).toFixed(0)}%)`);
      if (!nginx) console.log('nginx could not be installed here: ceiling (b) not measured.');
      recordResults('chapter_page', { bytes: page.length, connections: CONNECTIONS, seconds: SECONDS, results: byName });
    } finally {
      plain.kill('SIGTERM');
      nginx?.kill('SIGTERM');
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
