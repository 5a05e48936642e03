#!/usr/bin/env node
// Runs the CLI from the bundle bin/build.js makes (dist/chapterhouse.mjs), rebuilding it first when a file under src/
// or package.json is newer, so `npm start` needs no build step to remember and the server carries no TypeScript
// loader (tsx's loader thread and esbuild's service cost about 55 MB of resident memory). CHAPTERHOUSE_SOURCE=1 runs
// the TypeScript sources through tsx instead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(root, 'dist', 'chapterhouse.mjs');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

if (process.env.CHAPTERHOUSE_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else {
  const built = fs.statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < Math.max(newest(path.join(root, 'src')), fs.statSync(path.join(root, 'package.json')).mtimeMs)) {
    execFileSync(process.execPath, [path.join(root, 'bin', 'build.js')], { stdio: 'inherit' });
  }
  await import(pathToFileURL(bundle).href);
}
