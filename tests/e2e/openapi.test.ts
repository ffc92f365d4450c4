import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { staticOpenApiDocument } from '../../src/http/openapi/static-document.js';
import { createLogger } from '../../src/logging/logger.js';
import { createRuntimeMetrics } from '../../src/runtime.js';
import type { SessionService } from '../../src/sessions/session-service.js';
import { generateClientTypes } from '../../scripts/client-types.js';
import { REPO_ROOT } from '../support/cli-env.js';
import { startTestServer, type TestServer } from '../support/harness.js';

const KEY = 'alice-key-0123456789';
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

// `METHOD /path` of every handler the app registers, in the document's spelling (`{id}`, no /api/v1).
function servedRoutes(): string[] {
  const config = loadConfig({ HOME: '/nonexistent', LOG_LEVEL: 'silent' });
  const app = createApp({
    config,
    logger: createLogger('silent'),
    service: {} as SessionService, // routes are only registered, never called
    info: { version: 'test', cliVersion: () => null, sandbox: () => null, spawner: () => null, credential: () => null, startedAt: 0 },
    rateLimits: null,
    metrics: createRuntimeMetrics(),
  });
  const routes = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${(r.path.startsWith('/api/v1/') ? r.path.slice('/api/v1'.length) : r.path).replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`);
  // The web console's page and files are not API operations (tests/e2e/console.test.ts covers them).
  return [...new Set(routes)].filter((r) => !/^GET \/(console(\/.*)?)?$/.test(r)).sort();
}

function documentedRoutes(doc: { paths?: object }): string[] {
  return Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)
    .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}

describe('OpenAPI document', () => {
  const doc = staticOpenApiDocument();

  it('documents every route the app serves, and nothing else', () => {
    const served = servedRoutes();
    const documented = documentedRoutes(doc);
    // A new route needs its RouteDoc in src/http/openapi/*-docs.ts (see route-doc.ts).
    expect(served.filter((r) => !documented.includes(r)), 'served but not documented').toEqual([]);
    expect(documented.filter((r) => !served.includes(r)), 'documented but not served').toEqual([]);
    expect(served.length).toBeGreaterThan(25);
  });

  it('is OpenAPI 3.1 with both key schemes and the closed error body', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual(expect.arrayContaining(['apiKey', 'bearer', 'metricsToken']));
    const error = doc.components?.schemas?.Error as { properties: { error: { properties: { code: { enum: string[] } } } } };
    expect(error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['SESSION_NOT_FOUND', 'RATE_LIMITED', 'INVALID_PATH']));
    const create = doc.paths?.['/sessions']?.post;
    expect(create?.summary).toBe('Create a session');
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '404', '429', '503']));
    const stream = doc.paths?.['/sessions/{id}/stream']?.get?.responses?.['200'] as { content: Record<string, { schema: { $ref: string } }> };
    expect(stream.content['text/event-stream']?.schema.$ref).toBe('#/components/schemas/SseData');
  });

  it('takes request schemas from the handlers (a field added there shows here)', () => {
    const body = doc.paths?.['/sessions/{id}/messages']?.post?.requestBody as { content: Record<string, { schema: { properties: object; additionalProperties: boolean } }> };
    const schema = body.content['application/json']!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['prompt', 'stream', 'partial', 'cancelOnDisconnect']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('matches the committed client types (else: npm run gen:client)', async () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'client', 'schema.d.ts'), 'utf8');
    expect(committed === (await generateClientTypes()), 'client/schema.d.ts is stale: run npm run gen:client').toBe(true);
  });
});

describe('GET /openapi.json and /docs over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ API_KEYS: `alice:${KEY}` });
  });
  afterAll(() => server.close());

  it('serves the document at both mounts without a key, its server being where it was fetched', async () => {
    for (const [p, url] of [['/api/v1/openapi.json', '/api/v1'], ['/openapi.json', '/']] as const) {
      const res = await server.api(p);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { openapi: string; servers: Array<{ url: string }> };
      expect(body.openapi).toBe('3.1.0');
      expect(body.servers[0]!.url).toBe(url);
    }
    expect((await server.api('/api/v1/sessions')).status).toBe(401);
  });

  it('serves the page and its assets without a key, under a CSP that allows nothing foreign', async () => {
    const page = await server.api('/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']) {
      const res = await server.api(`/api/v1/docs/assets/${asset}`);
      expect(res.status, asset).toBe(200);
    }
    for (const bad of ['package.json', '..%2Fpackage.json', 'index.html']) {
      expect((await server.api(`/docs/assets/${bad}`)).status, bad).toBe(404);
    }
  });
});
