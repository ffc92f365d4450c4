#!/usr/bin/env node
// Runs the client from source in a clone (through tsx, in this process), or from dist/ once built and installed.
import { existsSync } from 'node:fs';

const source = new URL('../src/client-cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/client-cli/main.js', import.meta.url).href);
}
