// The reading page under load (issue 7 §2.1 and §2.2): a 5,000-word chapter of a gated work, anonymous (the client
// has agreed to the adult notice) and signed in, served by one Chapterhouse process, measured side by side with its
// ceilings in the same run: (a) plain node:http in one process answering the same bytes from memory, and (b) nginx with
// one worker serving the same bytes from a file (installed with apt when missing; skipped with a note if that fails).
// Load comes from autocannon in a separate process on loopback. Figures go to stdout and bench/results.json.
// Run: npm run bench:chapter [-- --seconds 5] [-- --rounds 3] [-- --connections 50] [-- --quick]

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerUser } from '../src/accounts/accounts.js';
import { insertSession } from '../src/accounts/sessions.queries.js';
import { hashToken, randomToken } from '../src/http/crypto.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase } from '../src/db/connection.js';
import { createWork } from '../src/works/works.js';
import { generatedParagraphs } from '../test/long-text.js';
import { recordResults } from './results.js';
import { freePort } from '../test/ports.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '50' }, quick: { type: 'boolean', default: false } },
});
const SECONDS = values.quick ? 1 : Number(values.seconds);
const ROUNDS = values.quick ? 1 : Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const ROOT = path.resolve(import.meta.dirname, '..');

interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
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
function load(url: string, headers: Record<string, string>, seconds: number): LoadResult {
  const args = [path.join(ROOT, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(CONNECTIONS), '-d', String(seconds)];
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
  // The reader signs in as a browser does: a session cookie.
  const session = randomToken();
  await insertSession(db, { token_hash: hashToken(session), user_id: reader.id, created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 86_400_000).toISOString(), user_agent: 'bench' });
  await db.destroy();

  const appPort = await freePort();
  const clusterPort = await freePort();
  const serverEnv = { DATA_DIR: dataDir, LOG_LEVEL: 'info', RATE_LIMITS: 'write=1000000/1' };
  const app = startProcess(process.execPath, [path.join(ROOT, 'bin/chapterhouse.js'), 'serve'], { ...serverEnv, PORT: String(appPort) });
  const workers = os.availableParallelism();
  const cluster = startProcess(process.execPath, [path.join(ROOT, 'bin/chapterhouse.js'), 'serve', '--workers', String(workers)], { ...serverEnv, PORT: String(clusterPort) });
  const chapterPath = `/works/${work.id}/chapters/1`;
  const chapterUrl = `http://127.0.0.1:${appPort}${chapterPath}`;
  const anonymous = { Cookie: 'view_adult=true' };
  const signedIn: Record<string, string> = { Cookie: `ch_session=${session}; view_adult=true` };
  const plainPort = await freePort();
  const nginxPort = await freePort();
  let plain: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  try {
    await waitFor(chapterUrl, anonymous);
    await waitFor(`http://127.0.0.1:${clusterPort}${chapterPath}`, anonymous);
    // A returning browser also holds the CSRF cookie the first signed-in page set (without it, every answer would mint one).
    const first = await fetch(chapterUrl, { headers: signedIn });
    const csrf = first.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ch_csrf='));
    if (csrf) signedIn.Cookie = `${signedIn.Cookie}; ${csrf}`;
    const page = Buffer.from(await (await fetch(chapterUrl, { headers: anonymous })).arrayBuffer());
    fs.mkdirSync(path.join(dir, 'www'));
    fs.writeFileSync(path.join(dir, 'www', 'page.html'), page);
    fs.writeFileSync(path.join(dir, 'plain.cjs'), PLAIN_SERVER);
    plain = startProcess(process.execPath, [path.join(dir, 'plain.cjs')], { PORT: String(plainPort), PAGE_FILE: path.join(dir, 'www', 'page.html') });
    const nginxBinary = ensureNginx();
    nginx = nginxBinary ? startNginx(nginxBinary, dir, nginxPort) : undefined;
    await waitFor(`http://127.0.0.1:${plainPort}/`);
    if (nginx) await waitFor(`http://127.0.0.1:${nginxPort}/`);

    const targets: { name: string; url: string; headers: Record<string, string> }[] = [
      { name: 'plain node:http, 1 process (ceiling a)', url: `http://127.0.0.1:${plainPort}/`, headers: {} },
      ...(nginx ? [{ name: 'nginx, 1 worker (ceiling b)', url: `http://127.0.0.1:${nginxPort}/`, headers: {} }] : []),
      { name: 'Chapterhouse, anonymous, 1 process', url: chapterUrl, headers: anonymous },
      { name: `Chapterhouse, anonymous, --workers ${workers}`, url: `http://127.0.0.1:${clusterPort}${chapterPath}`, headers: anonymous },
      { name: 'Chapterhouse, signed in, 1 process', url: chapterUrl, headers: signedIn },
    ];
    console.log(`Chapter page: ${page.length} bytes, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per server, load from autocannon in its own process\n`);
    for (const target of targets) load(target.url, target.headers, 1); // warm-up
    // Rounds alternate the servers, so a burst of noise on this machine hits each of them alike; each figure is the
    // median over the rounds, and each ratio the median of the ratios measured in the same round.
    const runs = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) runs.get(target.name)!.push(load(target.url, target.headers, SECONDS));
    }
    const plainName = targets[0]!.name;
    const nginxName = nginx ? targets[1]!.name : undefined;
    const ratio = (name: string, base: string) => median(runs.get(name)!.map((r, i) => r.rps / runs.get(base)![i]!.rps));
    const summary: Record<string, LoadResult & { vs_node_http: number; vs_nginx?: number }> = {};
    console.log('| server | req/s | p50 ms | p99 ms | errors | vs node:http | vs nginx |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const target of targets) {
      const results = runs.get(target.name)!;
      const row = { rps: median(results.map((r) => r.rps)), p50: median(results.map((r) => r.p50)), p99: median(results.map((r) => r.p99)), errors: sum(results.map((r) => r.errors)), non2xx: sum(results.map((r) => r.non2xx)) };
      const vsNode = ratio(target.name, plainName);
      const vsNginx = nginxName ? ratio(target.name, nginxName) : undefined;
      summary[target.name] = { ...row, vs_node_http: vsNode, ...(vsNginx === undefined ? {} : { vs_nginx: vsNginx }) };
      console.log(`| ${target.name} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.errors + row.non2xx} | ${pct(vsNode)} | ${vsNginx === undefined ? '' : pct(vsNginx)} |`);
    }
    const anon = summary['Chapterhouse, anonymous, 1 process']!;
    const many = summary[`Chapterhouse, anonymous, --workers ${workers}`]!;
    const personal = summary['Chapterhouse, signed in, 1 process']!;
    console.log(`\nCeilings and targets (issue 7 §2):`);
    console.log(`  anonymous, 1 process:   ${pct(anon.vs_node_http)} of node:http (target ≥ 90%), p99 ${anon.p99} ms (target ≤ 10 ms)`);
    console.log(`  anonymous, ${workers} workers:   ${many.vs_nginx === undefined ? 'nginx not measured' : `${pct(many.vs_nginx)} of nginx`} (target ≥ 50%)`);
    console.log(`  signed in, 1 process:   ${pct(personal.vs_node_http)} of node:http (target ≥ 60%)`);
    if (!nginx) console.log('nginx could not be installed here: ceiling (b) not measured.');
    recordResults('chapter_page', { bytes: page.length, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, workers, results: summary });
  } finally {
    plain?.kill('SIGTERM');
    nginx?.kill('SIGTERM');
    app.kill('SIGTERM');
    cluster.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(0)}%`;
}

await main();
