import type { Config } from '../config.js';
import { makeManagedAgentsSchemas } from './managed-agents/schemas.js';
import { makeOpenAiSchemas } from './openai/schemas.js';

/** The request schemas of the compatibility surfaces: made once, used by the routes and the document. */
export function makeCompatSchemas(config: Config) {
  return { openai: makeOpenAiSchemas(config), managedAgents: makeManagedAgentsSchemas(config) };
}

export type CompatSchemas = ReturnType<typeof makeCompatSchemas>;
