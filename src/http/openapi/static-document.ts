import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config.js';
import { makeFileSchemas } from '../file-schemas.js';
import { makeSchemas } from '../schemas.js';
import { buildOpenApiDocument } from './document.js';
import { makeCompatSchemas } from '../../compat/schemas.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The document for the default configuration, served under /api/v1: what the lint checks and the
 * typed client is generated from (a running server's reflects its own MODELS, limits and mount).
 */
export function staticOpenApiDocument() {
  const config = loadConfig({ HOME: '/nonexistent' });
  return buildOpenApiDocument({ schemas: makeSchemas(config), fileSchemas: makeFileSchemas(config), compat: makeCompatSchemas(config), version: pkg.version });
}
