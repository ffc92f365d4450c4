// npm run lint:openapi — writes the generated OpenAPI document to a temp file and lints it with
// Redocly's recommended rules (redocly.yaml). Exits with the linter's status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticOpenApiDocument } from '../src/http/openapi/static-document.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-openapi-'));
const file = path.join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(staticOpenApiDocument(), null, 2));
const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'redocly.cmd' : 'redocly');
// No telemetry or update check: CI and developers' machines may have no internet.
const r = spawnSync(bin, ['lint', file, '--config', path.join(root, 'redocly.yaml')], {
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
rmSync(dir, { recursive: true, force: true });
process.exit(r.status ?? 1);
