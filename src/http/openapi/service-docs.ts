import type { RouteDoc } from './route-doc.js';
import { Health, Models } from './meta-schemas.js';
import { z } from './zod.js';

// Documentation of src/http/routes/meta.ts, docs.ts and metrics.ts.

export function serviceDocs(): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'Service',
      summary: 'Health',
      description: 'Public. 503 with `status: shutting_down` while the server stops.',
      auth: 'public',
      replies: { 200: { description: 'Serving.', json: Health }, 503: { description: 'Shutting down.', json: Health } },
    },
    {
      method: 'get',
      path: '/models',
      operationId: 'listModels',
      tag: 'Service',
      summary: 'List models',
      replies: { 200: { description: 'The models a session may use.', json: Models } },
    },
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tag: 'Service',
      summary: 'This OpenAPI document',
      auth: 'public',
      replies: { 200: { description: 'OpenAPI 3.1.', json: z.record(z.string(), z.unknown()) } },
    },
    {
      method: 'get',
      path: '/docs',
      operationId: 'docsPage',
      tag: 'Service',
      summary: 'API reference page',
      description: 'Public. Every asset is served by the service (no CDN).',
      auth: 'public',
      replies: { 200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } } } },
    },
    {
      method: 'get',
      path: '/docs/assets/:file',
      operationId: 'docsAsset',
      tag: 'Service',
      summary: 'An asset of the reference page',
      auth: 'public',
      params: { file: z.string().openapi({ example: 'swagger-ui.css' }) },
      replies: {
        200: { description: 'A script or stylesheet from the swagger-ui-dist package.', content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } } },
      },
      errors: ['NOT_FOUND'],
    },
    {
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      tag: 'Service',
      summary: 'Prometheus metrics',
      description: 'Needs `Authorization: Bearer <METRICS_TOKEN>` or an admin API key.',
      auth: 'metrics',
      replies: { 200: { description: 'The text exposition format.', content: { 'text/plain': { schema: z.string() } } } },
    },
  ];
}
