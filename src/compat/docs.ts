import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { registerManagedAgentsDocs } from './managed-agents/docs.js';
import { registerOpenAiDocs } from './openai/docs.js';
import type { CompatSchemas } from './schemas.js';

/** Adds the compatibility surfaces to the OpenAPI document (full paths, their own error shapes). */
export function registerCompatDocs(registry: OpenAPIRegistry, schemas: CompatSchemas): void {
  registerOpenAiDocs(registry, schemas.openai);
  registerManagedAgentsDocs(registry, schemas.managedAgents);
}
