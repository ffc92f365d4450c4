// npm run gen:client — regenerates client/schema.d.ts (the typed client's types) from the OpenAPI
// document. `--check` exits 1 when the committed file is stale instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClientTypes } from './client-types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'client', 'schema.d.ts');
const text = await generateClientTypes();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('client/schema.d.ts is stale: run npm run gen:client');
    process.exit(1);
  }
  console.log('client/schema.d.ts is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
