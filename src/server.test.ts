import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../test/ports.js';
import { script, stylesheet } from './ui/assets.js';


async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become healthy');
}

/** `chapterhouse serve` on a fresh SQLite data directory and a free port, as `npm start` runs it. */
async function startServerProcess(logLevel: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-serve-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/chapterhouse.js', 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: '', LOG_LEVEL: logLevel },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { dataDir, port, child, exited };
}

describe('the server process', () => {
  it('starts on an empty data directory, finishes an in-flight request on SIGTERM, and closes the database cleanly', async () => {
    const { dataDir, port, child, exited } = await startServerProcess('info');
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    await waitForHealth(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('Set up this archive');

    // Send the headers and half the body, signal the server, then finish the body: the request must complete.
    const body = JSON.stringify({ username: 'latecomer', email: 'late@example.org', password: 'a long password' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
    socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await closed;

    expect(response, output).toMatch(/^HTTP\/1\.1 201/);
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    // better-sqlite3 checkpoints and removes the write-ahead log when the database is closed properly.
    expect(fs.existsSync(path.join(dataDir, 'chapterhouse.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'chapterhouse.db-wal'))).toBe(false);
  });

  it('keeps an idle connection open past Node’s 5-second default (so a proxy’s next request is never reset), and still stops at once', async () => {
    const { port, child, exited } = await startServerProcess('warn');
    child.stdout.resume();
    const sockets: net.Socket[] = [];
    try {
      await waitForHealth(port);
      const socket = net.connect(port, '127.0.0.1');
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let received = '';
      let closedAt: number | undefined;
      socket.on('data', (d: Buffer) => (received += d.toString()));
      socket.on('close', () => (closedAt = Date.now()));
      const answers = () => received.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
      const get = async (count: number) => {
        socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        for (let i = 0; i < 50 && answers() < count; i++) await new Promise((r) => setTimeout(r, 100));
      };
      await get(1);
      expect(answers()).toBe(1);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closedAt).toBeUndefined();
      await get(2);
      expect(answers()).toBe(2);
      const stopping = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(closedAt).toBeDefined();
    } finally {
      for (const socket of sockets) socket.destroy();
      child.kill('SIGKILL');
    }
  }, 20_000);

  it('runs from the bundle, rebuilt when a source is newer, which serves the same stylesheet and script as the sources', async () => {
    const bundle = path.resolve('dist/chapterhouse.mjs');
    if (fs.existsSync(bundle)) fs.utimesSync(bundle, new Date(0), new Date(0));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chapterhouse-bundle-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/chapterhouse.js', 'serve'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: '', LOG_LEVEL: 'warn', CHAPTERHOUSE_SOURCE: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await waitForHealth(port);
      expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain(`href="${stylesheet.url}"`);
      expect(page).toContain(`src="${script.url}"`);
      expect(await (await fetch(`http://127.0.0.1:${port}${script.url}`)).text()).toBe(script.body);
      expect(await (await fetch(`http://127.0.0.1:${port}${stylesheet.url}`)).text()).toBe(stylesheet.body);
    } finally {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
