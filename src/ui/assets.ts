import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

// Static assets are built once at start and served with a content hash in the URL, so they can be cached forever.

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly url: string;
}

// bin/build.js inlines both files in the bundle the server runs from; run from source (tests, tsx) they are read and
// compiled here, so there is no build step to forget.
declare const CHAPTERHOUSE_STYLESHEET: string | undefined;
declare const CHAPTERHOUSE_SCRIPT: string | undefined;

function read(file: string): string {
  return fs.readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
}

function asset(name: string, body: string, type: string): Asset {
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10);
  const [base, ext] = name.split('.');
  return { body, type, url: `/assets/${base}-${hash}.${ext}` };
}

/** The browser script is written in TypeScript and compiled to JavaScript. */
function compileScript(file: string): string {
  return transformSync(read(file), { loader: 'ts', format: 'esm', target: 'es2020', sourcefile: file }).code;
}

export const stylesheet = asset('app.css', typeof CHAPTERHOUSE_STYLESHEET === 'string' ? CHAPTERHOUSE_STYLESHEET : read('app.css'), 'text/css; charset=utf-8');
export const script = asset('app.js', typeof CHAPTERHOUSE_SCRIPT === 'string' ? CHAPTERHOUSE_SCRIPT : compileScript('browser/app.ts'), 'text/javascript; charset=utf-8');
