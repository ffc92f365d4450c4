/**
 * The service as it is deployed (`npm run build` → `node dist/main.js`, the Dockerfile's CMD),
 * made quickly for a scenario that measures the server process itself (its memory): every
 * src/**\/*.ts but tests is transpiled with TypeScript's transpileModule (no type check, the
 * same emit settings as tsconfig.json) into a temp dir laid out like the repository (dist/,
 * package.json, node_modules and native → the repository's). Running it needs no loader: under tsx the
 * server carries the loader's own thread and compiled sources, about 30 MiB.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../../tests/support/cli-env.js';

/** The node flags `npm start` (and the Dockerfile's CMD) run dist/main.js with: a compiled server runs as deployed. */
export const START_NODE_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((t) => t.startsWith('--'));
})();

export interface Build {
  root: string;
  /** dist/main.js */
  entry: string;
  files: number;
  ms: number;
  remove(): Promise<void>;
}

async function* sources(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

export async function buildService(): Promise<Build> {
  const t0 = performance.now();
  const root = await mkdtemp(path.join(os.tmpdir(), 'cca-bench-build-'));
  try {
    const src = path.join(REPO_ROOT, 'src');
    const compilerOptions: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      // The package is "type": "module": ES modules, imports kept as written (with .js).
      module: ts.ModuleKind.ESNext,
      esModuleInterop: true,
      sourceMap: false,
    };
    let files = 0;
    for await (const file of sources(src)) {
      const out = path.join(root, 'dist', path.relative(src, file)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), { compilerOptions, fileName: file });
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, outputText);
      files++;
    }
    await copyFile(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    // The spawn helper, where dist/cli/helper-spawner.js looks for it (built by `npm install`; made here if missing).
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-spawner.mjs')], { stdio: 'inherit' });
    await symlink(path.join(REPO_ROOT, 'native'), path.join(root, 'native'), 'dir');
    return { root, entry: path.join(root, 'dist', 'main.js'), files, ms: performance.now() - t0, remove: () => rm(root, { recursive: true, force: true }) };
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
