import { usageDocs } from './usage-docs.js';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { FileSchemas } from '../file-schemas.js';
import type { Schemas } from '../schemas.js';
import { fileDocs } from './file-docs.js';
import { historyDocs } from './history-docs.js';
import { permissionDocs } from './permission-docs.js';
import { documentRoute, TAGS, type RouteDoc } from './route-doc.js';
import { serviceDocs } from './service-docs.js';
import { sessionDocs } from './session-docs.js';
import { turnDocs } from './turn-docs.js';
import { registerCompatDocs } from '../../compat/docs.js';
import type { CompatSchemas } from '../../compat/schemas.js';

export interface DocumentInput {
  /** The very schema objects the handlers validate with (makeSchemas / makeFileSchemas). */
  schemas: Schemas;
  fileSchemas: FileSchemas;
  /** The Managed Agents and OpenAI surfaces' schemas (makeCompatSchemas). */
  compat: CompatSchemas;
  version: string;
}

/** Every route's documentation; a route file's docs are added here. */
export function allRouteDocs(input: DocumentInput): RouteDoc[] {
  return [
    ...serviceDocs(),
    ...sessionDocs(input.schemas),
    ...turnDocs(input.schemas),
    ...historyDocs(input.schemas),
    ...permissionDocs(input.schemas),
    ...fileDocs(input.fileSchemas),
    ...usageDocs(input.schemas),
  ];
}

const DESCRIPTION = `Sessions over the Claude Code CLI: each session owns a workspace directory, each message runs the real \`claude\` CLI there.

Every route is served under \`/api/v1\` and, for the Python design's clients, at the root (\`/sessions\`, …).
Request bodies are JSON whatever the \`Content-Type\`; unknown fields are rejected.
Every error is \`{"error":{"code","message","requestId","details?"}}\` with one code from a closed set.
Streams are Server-Sent Events: \`event: <type>\`, \`id: <event id>\`, JSON \`data\` (a SessionEvent), ending with \`event: done\`.

Any route may also answer, before it is reached: \`405 METHOD_NOT_ALLOWED\` (the path exists with other methods, listed in \`Allow\`),
\`408\` with no body (headers or body not sent within \`HEADERS_TIMEOUT_MS\` / \`REQUEST_TIMEOUT_MS\`; the connection is closed),
\`431\` with no body (request headers over Node's 16 KiB limit), \`413 PAYLOAD_TOO_LARGE\`, \`429 RATE_LIMITED\` and \`401 UNAUTHENTICATED\`.`;

/** The OpenAPI 3.1 document of the API, built from the handlers' own zod schemas. */
export function buildOpenApiDocument(input: DocumentInput) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key (`API_KEYS`).' });
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'The same API key as `Authorization: Bearer <key>`.' });
  registry.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer', description: '`METRICS_TOKEN`, for `/metrics` only.' });
  for (const doc of allRouteDocs(input)) documentRoute(registry, doc);
  registerCompatDocs(registry, input.compat);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'claude-code-api',
      version: input.version,
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api/v1', description: 'This server (the same routes answer at the root too)' }],
    security: [{ apiKey: [] }, { bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

