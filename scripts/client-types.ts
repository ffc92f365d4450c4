import openapiTS, { astToString } from 'openapi-typescript';
import { staticOpenApiDocument } from '../src/http/openapi/static-document.js';

const HEADER = `// Generated from the OpenAPI document by \`npm run gen:client\` (scripts/gen-client.ts): do not edit.\n\n`;

/** The TypeScript types of the API (openapi-typescript), as client/schema.d.ts holds them. */
export async function generateClientTypes(): Promise<string> {
  const document = staticOpenApiDocument();
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
