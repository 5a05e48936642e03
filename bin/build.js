#!/usr/bin/env node
// Bundles the server and CLI (src/cli.ts and everything it imports, npm packages left as imports) into one ES module,
// dist/chapterhouse.mjs, with the stylesheet, the compiled browser script and the version inlined, so the running
// process reads no source files and loads no TypeScript compiler. bin/chapterhouse.js runs this when a source is newer
// than the bundle; `npm run build` runs it by hand.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist', 'chapterhouse.mjs');
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

const script = await transform(read('src/ui/browser/app.ts'), { loader: 'ts', format: 'esm', target: 'es2020', sourcefile: 'browser/app.ts' });
const result = await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  sourcemap: 'linked',
  write: false,
  logLevel: 'warning',
  define: {
    CHAPTERHOUSE_STYLESHEET: JSON.stringify(read('src/ui/app.css')),
    CHAPTERHOUSE_SCRIPT: JSON.stringify(script.code),
    CHAPTERHOUSE_VERSION: JSON.stringify(JSON.parse(read('package.json')).version),
  },
});
// Written under temporary names and renamed, so processes starting at the same moment never read half a bundle.
fs.mkdirSync(path.dirname(out), { recursive: true });
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
}
