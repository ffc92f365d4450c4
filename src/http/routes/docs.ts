import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from '../../errors.js';
import { DOCS_ASSETS, DOCS_CSP, DOCS_HTML, INIT_JS, SWAGGER_UI_DIR } from '../docs-page.js';
import type { AppEnv } from '../env.js';

/** GET /openapi.json, the /docs page and its assets: public, and nothing from another host. */
export function docsRoutes(document: () => Promise<object>) {
  const app = new Hono<AppEnv>();
  // The page a browser renders gets the full set of browser security headers.
  const pageHeaders = secureHeaders();

  app.get('/openapi.json', async (c) => {
    // The server is where this document was fetched from: /api/v1, the root, or an embedder's mount.
    const base = c.req.path.slice(0, -'/openapi.json'.length);
    c.header('Cache-Control', 'no-cache');
    return c.json({ ...(await document()), servers: [{ url: base || '/', description: 'This server' }] });
  });

  app.get('/docs', pageHeaders, (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    // Asset URLs are relative (docs/assets/…): the page works at /docs, /api/v1/docs or an embedder's mount.
    return c.html(DOCS_HTML);
  });

  app.get('/docs/assets/:file', pageHeaders, async (c) => {
    const name = c.req.param('file');
    const asset = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
    if (!asset) throw new ApiError('NOT_FOUND', `no docs asset ${name}`);
    const body = asset.file === null ? INIT_JS : await readFile(path.join(SWAGGER_UI_DIR, asset.file));
    return c.body(body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });

  return app;
}
