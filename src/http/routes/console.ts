import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from '../../errors.js';
import type { AppEnv } from '../env.js';

// The web console (console/, built into console/dist by `npm install` or `npm run build:console`):
// three static files, public like /docs, under a CSP that allows nothing from another origin.

/** console/dist from src/http/routes (tsx) and from dist/http/routes (the compiled server) alike. */
export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../console/dist');

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

// Scripts and styles from this origin only (no inline script); images may be blob: previews.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Loaded {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export interface ConsoleOptions {
  dir?: string;
  /** The API's URL relative to /console/: `../api/v1` for the standalone server, `..` under an embedder's mount. */
  apiBase: string;
}

export function consoleRoutes(opts: ConsoleOptions) {
  const dir = opts.dir ?? CONSOLE_DIR;
  const app = new Hono<AppEnv>();
  const pageHeaders = secureHeaders();
  const cache = new Map<string, Loaded>();

  // Read again only when the build changed the file; gzipped once per version.
  const load = async (name: string): Promise<Loaded> => {
    const file = path.join(dir, name);
    const st = await stat(file).catch(() => null);
    if (!st) throw new ApiError('NOT_FOUND', `the console is not built: run npm run build:console (${name} missing)`);
    const hit = cache.get(name);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    let body = await readFile(file);
    if (name === 'index.html') body = Buffer.from(body.toString('utf8').replace('<meta charset="utf-8">', `<meta charset="utf-8">\n<meta name="cca-api-base" content="${opts.apiBase}">`));
    const loaded = { mtimeMs: st.mtimeMs, size: st.size, body, gzip: gzipSync(body), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    cache.set(name, loaded);
    return loaded;
  };

  const serve = (name: string) => async (c: import('hono').Context<AppEnv>) => {
    const f = await load(name);
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', f.etag);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === f.etag) return c.body(null, 304);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(gzip ? f.gzip : f.body), 200, { 'Content-Type': FILES[name]! });
  };

  // A browser opening the server lands on the console; an API client keeps its JSON 404.
  app.get('/', (c) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) throw new ApiError('NOT_FOUND', `no route for GET ${c.req.path}`);
    return c.redirect('console/', 302);
  });
  // Relative asset URLs need the trailing slash.
  app.get('/console', (c) => c.redirect('console/', 301));
  app.get('/console/', pageHeaders, serve('index.html'));
  app.get('/console/:file', pageHeaders, (c) => {
    const name = c.req.param('file');
    if (!Object.hasOwn(FILES, name) || name === 'index.html') throw new ApiError('NOT_FOUND', `no console file ${name}`);
    return serve(name)(c);
  });
  return app;
}
