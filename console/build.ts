import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The console's build: one minified bundle (app.js), its stylesheet and the page, into console/dist.
// Run on `npm install` (prepare) and by the console's browser test; nothing built is committed.

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CONSOLE_DIST = path.join(HERE, 'dist');

export async function buildConsole(outDir = CONSOLE_DIST): Promise<{ files: string[] }> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(HERE, 'src', 'app.tsx'), path.join(HERE, 'src', 'app.css')],
    entryNames: '[name]',
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await writeFile(path.join(outDir, 'index.html'), await readFile(path.join(HERE, 'index.html')));
  return { files: ['index.html', 'app.js', 'app.css'] };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildConsole();
  console.log(`console built in ${Date.now() - started} ms → ${path.relative(process.cwd(), CONSOLE_DIST)}`);
}
