import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

// The /docs page in a real headless Chromium (Debian's): it renders from the service's own
// assets alone, under its CSP, with a key required everywhere else.

const CHROMIUM = '/usr/bin/chromium';
// Without these Chromium reaches for the network at start-up and stalls on a machine without one.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
if (!available) console.warn(`[docs-page.test] ${CHROMIUM} is missing: the docs page test is skipped (apt-get install chromium)`);

describe.skipIf(!available)('the /docs page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ API_KEYS: 'alice:alice-key-0123456789' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const route of ['/docs', '/api/v1/docs']) {
    it(`renders every operation at ${route} from local assets only`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      const foreign: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(server.url + route, { waitUntil: 'load', timeout: 30_000 });
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      const text = await page.locator('#swagger-ui').innerText();
      expect(text).toContain('claude-code-api');
      expect(text).toContain('/sessions');
      expect(text).toContain('Create a session');
      expect(text).toContain('/sessions/{id}/messages');
      expect(await page.locator('.opblock').count()).toBeGreaterThan(25);
      if (route === '/docs') {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-docs-'));
        await page.screenshot({ path: path.join(dir, 'docs.png') });
        // An operation opens with its body schema, responses and per-code error examples.
        await page.locator('#operations-Sessions-createSession .opblock-summary-control').click();
        const op = page.locator('#operations-Sessions-createSession');
        await op.locator('.responses-wrapper').waitFor({ timeout: 10_000 });
        const opText = await op.innerText();
        expect(opText).toContain('initialPrompt');
        expect(opText).toContain('SESSION_LIMIT');
        await op.screenshot({ path: path.join(dir, 'create-session.png') });
        console.log(`[docs-page.test] screenshots: ${dir}/docs.png, create-session.png`);
      }
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
