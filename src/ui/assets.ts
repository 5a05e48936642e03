import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// Static assets are read once at start and served with a content hash in the URL, so they can be cached forever.

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly url: string;
}

function load(file: string, type: string): Asset {
  const body = fs.readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10);
  const [name, ext] = file.split('.');
  return { body, type, url: `/assets/${name}-${hash}.${ext}` };
}

export const stylesheet = load('app.css', 'text/css; charset=utf-8');
export const script = load('app.js', 'text/javascript; charset=utf-8');
