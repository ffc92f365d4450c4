import { existsSync } from 'node:fs';
import net from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, CONSOLE_DIST } from '../../console/build.js';
import { CLAUDE_BIN, cliEnv, REPO_ROOT } from '../support/cli-env.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// The web console in a real headless Chromium (Debian's), against the real server and the real
// CLI with the scripted model: sign in, sessions, streaming chat, approvals, interrupt, files,
// reload mid-turn, usage, accessibility (axe-core), and a screenshot of each main view.

// Browser globals used in page.evaluate callbacks (this module only: the suite compiles without the DOM lib).
declare const window: Record<string, unknown>;
declare const document: { documentElement: { scrollWidth: number }; body: unknown };
declare function getComputedStyle(el: unknown): { backgroundColor: string };
declare const location: { hash: string };
declare const sessionStorage: { getItem(k: string): string | null; clear(): void };
declare const performance: { getEntriesByName(n: string): { startTime: number }[]; getEntriesByType(t: string): { domInteractive: number }[] };
declare class DataTransfer {
  items: { add(f: unknown): void };
}
declare class File {
  constructor(parts: unknown[], name: string, opts: { type: string });
}
declare function atob(s: string): string;

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
if (!available) console.warn(`[console.test] ${CHROMIUM} is missing: the console browser tests are skipped (apt-get install chromium)`);

const SHOTS = path.join(REPO_ROOT, 'docs', 'console');
const AXE = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const ALICE = 'alice-key-0123456789';
const BOSS = 'boss-key-0123456789';

describe.skipIf(!available)('the web console in Chromium', () => {
  let model: FakeAnthropic;
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];
  const allowed: string[] = [];

  const console$ = () => `${server.url}/console/`;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  async function newContext(opts: Parameters<Browser['newContext']>[0] = {}) {
    const c = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...opts });
    c.on('request', (r) => {
      const ours = [server.url, ...allowed, 'data:', 'blob:'].some((o) => r.url().startsWith(o));
      if (!ours) foreign.push(r.url());
    });
    c.on('page', (p) => {
      p.on('pageerror', (e) => problems.push(e.message));
      p.on('console', (m) => {
        // A refused request (401 on a wrong key, 409 while busy) is logged by the browser itself.
        if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
      });
      p.on('dialog', (d) => void d.accept());
    });
    return c;
  }

  async function signIn(p: Page, key: string) {
    await p.goto(console$(), { waitUntil: 'load' });
    await p.getByLabel('API key').fill(key);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Sessions' }).waitFor();
  }

  async function send(text: string) {
    const box = page.getByLabel('Message', { exact: true });
    await box.fill(text);
    await box.press('Enter');
  }

  const lastTurn = () => page.locator('article.turn').last();

  beforeAll(async () => {
    await buildConsole();
    model = await startFakeAnthropic();
    server = await startTestServer((root) => ({
      ...cliEnv({ baseUrl: model.url, home: root }),
      CLAUDE_BIN,
      API_KEYS: `alice:${ALICE},admin:boss:${BOSS}`,
      PERMISSION_TIMEOUT_MS: '60000',
      KILL_GRACE_MS: '1500',
    }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
    ctx = await newContext();
    page = await ctx.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await model?.close();
  });

  it('is served by the service: / sends a browser to it, an API client still gets JSON', async () => {
    const html = await fetch(`${server.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(html.status).toBe(302);
    expect(new URL(html.headers.get('location')!, server.url + '/').pathname).toBe('/console/');
    const json = await fetch(`${server.url}/`, { headers: { accept: 'application/json', 'x-api-key': ALICE } });
    expect(json.status).toBe(404);
    expect((await json.json()).error.code).toBe('NOT_FOUND');
    const page0 = await fetch(console$());
    expect(page0.status).toBe(200);
    expect(page0.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page0.text()).toContain('name="cca-api-base" content="../api/v1"');
    expect((await fetch(`${server.url}/console/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/console/..%2fpackage.json`)).status).toBe(404);
    // Sizes of what a browser downloads, compressed.
    const js = await readFile(path.join(CONSOLE_DIST, 'app.js'));
    const css = await readFile(path.join(CONSOLE_DIST, 'app.css'));
    console.log(`[console.test] bundle: app.js ${js.length} B (${gzipSync(js).length} B gzip), app.css ${css.length} B (${gzipSync(css).length} B gzip)`);
    const gz = await fetch(`${server.url}/console/app.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

  /** Median over 5 loads of the time from navigation start to the console's own mark (first usable view). */
  async function timeToInteractive(p: Page, mark: string, before: () => Promise<void> = async () => {}) {
    const runs: { tti: number; domInteractive: number }[] = [];
    for (let i = 0; i < 5; i++) {
      await before();
      await p.reload({ waitUntil: 'load' });
      const tti = await waitFor(() => p.evaluate((m) => performance.getEntriesByName(m)[0]?.startTime ?? null, mark).then((t) => (t === null ? undefined : t)), 10_000, 20);
      const nav = await p.evaluate(() => performance.getEntriesByType('navigation')[0]!.domInteractive);
      runs.push({ tti: Math.round(tti!), domInteractive: Math.round(nav) });
    }
    runs.sort((a, b) => a.tti - b.tti);
    return { median: runs[2]!, all: runs.map((r) => r.tti) };
  }

  it('signs in with an API key (a wrong one is refused) and lists no sessions yet', async () => {
    await page.goto(console$(), { waitUntil: 'load' });
    await page.getByLabel('API key').waitFor();
    const signin = await timeToInteractive(page, 'console-sign-in');
    console.log(`[console.test] time to interactive, sign-in form: median ${signin.median.tti} ms (domInteractive ${signin.median.domInteractive} ms; runs ${signin.all.join(', ')} ms)`);
    await shot('sign-in');
    await page.getByLabel('API key').fill('wrong-key-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
    await page.getByLabel('API key').fill(ALICE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No sessions yet', { exact: false }).first().waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('cca.apiKey'))).toBe(ALICE);
    // A reload keeps the tab signed in; time to interactive of the signed-in console (list fetched and drawn).
    const ready = await timeToInteractive(page, 'console-ready');
    console.log(`[console.test] time to interactive, signed-in session list: median ${ready.median.tti} ms (domInteractive ${ready.median.domInteractive} ms; runs ${ready.all.join(', ')} ms)`);
    await page.getByRole('navigation', { name: 'Sessions' }).waitFor();
  }, 90_000);

  it('creates a session from the form and streams the initial prompt token by token', async () => {
    await page.getByRole('link', { name: 'New session' }).first().click();
    await page.getByLabel('Name').fill('demo');
    await page.getByLabel('Tool approvals').selectOption('ask');
    await page.getByLabel('Initial prompt').fill('SLOW 30 60');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { name: 'demo' }).waitFor();
    // Deltas show while the turn runs...
    const streaming = page.locator('.md.streaming');
    await streaming.waitFor({ timeout: 30_000 });
    await waitFor(async () => /tick3 /.test((await streaming.textContent().catch(() => '')) ?? ''), 20_000, 50);
    expect(await lastTurn().getAttribute('data-state')).toBe('running');
    // ...and the full text, the cost and the duration when it ends.
    await page.locator('article.turn[data-state="completed"]').waitFor({ timeout: 30_000 });
    expect(await lastTurn().locator('.md').innerText()).toContain('tick29');
    expect(await lastTurn().locator('.turn-footer').innerText()).toMatch(/completed \$\d+\.\d+ · \d/);
    const row = page.locator('[data-session]').filter({ hasText: 'demo' });
    await expect.poll(async () => row.locator('.badge').getAttribute('data-status'), { timeout: 5000 }).toBe('idle');
    expect(await row.innerText()).toContain('alice');
  }, 90_000);

  it('asks for a tool; Allow runs it, the Write shows as a card and the file as a link', async () => {
    await send("WRITE hello.py print('hello from claude')");
    const card = page.locator('.permission-card:not(.resolved)');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain('Write');
    expect(await card.innerText()).toContain("print('hello from claude')");
    // The list says who is waiting.
    await page.locator('[data-session] .badge[data-status="waiting_permission"]').waitFor({ timeout: 10_000 });
    await shot('approval');
    await card.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.locator('article.turn[data-state="completed"]').nth(1).waitFor({ timeout: 30_000 });
    const turn = lastTurn();
    expect(await turn.locator('.decision').innerText()).toContain('Allowed');
    const tool = turn.locator('.tool-card[data-tool="Write"]');
    await tool.locator('summary').click();
    expect(await tool.innerText()).toContain('hello.py');
    expect(await turn.locator('.md').last().innerText()).toContain('wrote hello.py');
    await turn.getByRole('link', { name: 'hello.py' }).waitFor();
    await shot('chat');
  }, 90_000);

  it('Deny keeps the tool from running and Claude hears why', async () => {
    await send('WRITE nope.txt never');
    const card = page.locator('.permission-card:not(.resolved)');
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Deny' }).click();
    await page.locator('article.turn[data-state="completed"]').nth(2).waitFor({ timeout: 30_000 });
    expect(await lastTurn().locator('.decision').innerText()).toContain('Denied');
    expect(await lastTurn().innerText()).toContain('tool error');
  }, 90_000);

  it("renders markdown with highlighted code, and never the model's HTML or script links", async () => {
    await send('Here:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\n<img src=x onerror="window.__xss=1"> [bad](javascript:window.__xss=2) [good](https://example.com/x)');
    await page.locator('article.turn[data-state="completed"]').nth(3).waitFor({ timeout: 30_000 });
    const md = lastTurn().locator('.md').last();
    expect(await md.locator('pre.code .hljs-keyword').first().innerText()).toBe('def');
    expect(await md.locator('img').count()).toBe(0);
    expect(await md.innerText()).toContain('<img src=x');
    expect(await md.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await md.getByRole('link', { name: 'good' }).getAttribute('rel')).toContain('noopener');
    expect(await page.evaluate(() => window.__xss ?? null)).toBeNull();
  }, 60_000);

  it('interrupts a slow turn', async () => {
    await send('SLOW 300 100');
    await page.locator('.md.streaming').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await page.locator('article.turn[data-state="interrupted"]').waitFor({ timeout: 20_000 });
    expect(await lastTurn().locator('.turn-footer').innerText()).toContain('interrupted');
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }, 60_000);

  it('a reload mid-turn picks the turn up where it was, nothing lost or shown twice', async () => {
    await send('SLOW 40 100');
    await page.locator('.md.streaming').waitFor({ timeout: 30_000 });
    await page.reload({ waitUntil: 'load' });
    // After the reload the running turn is still there and still streaming.
    await waitFor(async () => (await lastTurn().getAttribute('data-state').catch(() => null)) === 'running', 15_000, 50);
    await page.locator('article.turn').last().locator('[data-state], .md.streaming').first().waitFor({ timeout: 15_000 }).catch(() => {});
    await page.locator('article.turn[data-state="completed"]').nth(4).waitFor({ timeout: 30_000 });
    const turns = page.locator('article.turn');
    expect(await turns.count()).toBe(6);
    const text = await lastTurn().locator('.md').innerText();
    expect(text.match(/tick39/g)).toHaveLength(1);
    expect(text.match(/tick0 /g)).toHaveLength(1);
  }, 90_000);

  it('shows the file the turn wrote in the tree, previews and downloads it', async () => {
    const turnWithFile = page.locator('article.turn').nth(1);
    await turnWithFile.getByRole('link', { name: 'hello.py' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'hello.py' }).waitFor();
    expect(await preview.locator('pre.code').innerText()).toContain("print('hello from claude')");
    // Highlighted as Python.
    expect(await preview.locator('.hljs-built_in, .hljs-string').count()).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Workspace tree' }).getByRole('button', { name: /hello\.py/ }).count()).toBe(1);
    await shot('files');
    const [download] = await Promise.all([page.waitForEvent('download'), preview.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('hello.py');
    expect(await readFile((await download.path())!, 'utf8')).toBe("print('hello from claude')");
    const [archive] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download workspace (.tar.gz)' }).click()]);
    expect(archive.suggestedFilename()).toBe('demo.tar.gz');
    const gz = await readFile((await archive.path())!);
    expect(gz.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  }, 60_000);

  it('uploads with the file picker and by drag and drop, previews an image, deletes a file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cca-console-'));
    await writeFile(path.join(dir, 'notes.md'), '# Notes\n\nuploaded\n');
    await page.getByLabel('Files to upload').setInputFiles(path.join(dir, 'notes.md'));
    const tree = page.getByRole('region', { name: 'Workspace tree' });
    await tree.getByRole('button', { name: /notes\.md/ }).waitFor({ timeout: 10_000 });
    // A drop of a PNG (1×1) on the files view, as a browser delivers it.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const dt = await page.evaluateHandle((b64) => {
      const bin = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const d = new DataTransfer();
      d.items.add(new File([bin], 'dot.png', { type: 'image/png' }));
      return d;
    }, png);
    await page.locator('section.files').dispatchEvent('drop', { dataTransfer: dt });
    await tree.getByRole('button', { name: /dot\.png/ }).click({ timeout: 10_000 });
    const img = page.getByRole('region', { name: 'Preview' }).getByRole('img', { name: 'dot.png' });
    await img.waitFor();
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    const ws = (await (await server.api(`/api/v1/sessions?limit=10`, { headers: { 'x-api-key': ALICE } })).json()).sessions[0].workspace as string;
    expect(await readFile(path.join(ws, 'notes.md'), 'utf8')).toBe('# Notes\n\nuploaded\n');
    await page.getByRole('region', { name: 'Preview' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => existsSync(path.join(ws, 'dot.png')), { timeout: 10_000 }).toBe(false);
    await tree.getByRole('button', { name: /dot\.png/ }).waitFor({ state: 'detached', timeout: 10_000 });
  }, 60_000);

  it('shows usage per session, and per key and day to an admin', async () => {
    await page.getByRole('navigation', { name: 'Session views' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Usage of this session' }).waitFor();
    expect(await page.locator('.chart rect').count()).toBeGreaterThanOrEqual(5);
    await shot('session-usage');
    const admin = await newContext();
    const p = await admin.newPage();
    await signIn(p, BOSS);
    // The admin sees alice's session with its owner.
    expect(await p.locator('[data-session]').filter({ hasText: 'demo' }).innerText()).toContain('alice');
    await p.getByRole('link', { name: 'Usage' }).first().click();
    await p.getByRole('heading', { name: 'Usage by key and day' }).waitFor();
    expect(await p.locator('table').innerText()).toContain('alice');
    await shot('usage', p);
    await admin.close();
  }, 60_000);

  it('has no serious or critical accessibility violation (axe-core) in any main view', async () => {
    // axe is injected as a script: this context lets it past the page's CSP.
    const c = await newContext({ bypassCSP: true });
    const p = await c.newPage();
    await signIn(p, ALICE);
    const id = await p.locator('[data-session]').first().getAttribute('data-session');
    const views: [string, string][] = [
      ['list', '#/'],
      ['new session', '#/new'],
      ['chat', `#/s/${id}/chat`],
      ['files', `#/s/${id}/files/hello.py`],
      ['usage', `#/s/${id}/usage`],
    ];
    const found: string[] = [];
    for (const [name, hash] of views) {
      await p.evaluate((h) => (location.hash = h), hash);
      await p.waitForTimeout(700);
      await p.addScriptTag({ path: AXE });
      const result = await p.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      for (const v of result) {
        if (v.impact === 'serious' || v.impact === 'critical') found.push(`${name}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
      }
    }
    // The sign-in page too.
    const q = await c.newPage();
    await q.goto(console$(), { waitUntil: 'load' });
    await q.evaluate(() => sessionStorage.clear());
    await q.reload({ waitUntil: 'load' });
    await q.getByLabel('API key').waitFor();
    await q.addScriptTag({ path: AXE });
    const signin = await q.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id} (${v.impact})`);
    });
    found.push(...signin.filter((v) => /serious|critical/.test(v)).map((v) => `sign-in: ${v}`));
    expect(found).toEqual([]);
    await c.close();
  }, 90_000);

  it('works at phone width and in the dark theme, keyboard first', async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await signIn(p, ALICE);
    await p.locator('[data-session]').first().click();
    await p.locator('article.turn').first().waitFor();
    // Nothing wider than the screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    await shot('phone-dark', p);
    // Keyboard: the composer is reachable and Shift+Enter makes a newline without sending.
    const box = p.getByLabel('Message', { exact: true });
    await box.focus();
    await box.type('line one');
    await box.press('Shift+Enter');
    await box.type('line two');
    expect(await box.inputValue()).toBe('line one\nline two');
    expect(await p.locator('article.turn').count()).toBe(6);
    await phone.close();
  }, 60_000);

  it('a dropped connection resumes with Last-Event-ID: the turn shows whole, nothing twice', async () => {
    // A TCP proxy in front of the server whose connections the test cuts, as a flaky network would.
    const sockets = new Set<net.Socket>();
    const target = new URL(server.url);
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxied = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    allowed.push(proxied);
    const c = await newContext();
    const p = await c.newPage();
    const resumed: string[] = [];
    p.on('request', (r) => {
      const id = r.headers()['last-event-id'];
      if (id && r.url().includes('/events')) resumed.push(id);
    });
    try {
      await p.goto(`${proxied}/console/`, { waitUntil: 'load' });
      await p.getByLabel('API key').fill(ALICE);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.locator('[data-session]').first().click();
      const id = await p.locator('[data-session]').first().getAttribute('data-session');
      const before = (await (await server.api(`/api/v1/sessions/${id}`, { headers: { 'x-api-key': ALICE } })).json()).session.turnCount as number;
      await p.locator('article.turn').nth(before - 1).waitFor();
      const box = p.getByLabel('Message', { exact: true });
      await box.fill('SLOW 40 100');
      await box.press('Enter');
      await p.locator('.md.streaming').waitFor({ timeout: 30_000 });
      await waitFor(async () => /tick5 /.test((await p.locator('.md.streaming').textContent().catch(() => '')) ?? ''), 20_000, 50);
      for (const sock of sockets) sock.destroy();
      await p.locator('article.turn').nth(before).and(p.locator('[data-state="completed"]')).waitFor({ timeout: 30_000 });
      const text = await p.locator('article.turn').last().locator('.md').innerText();
      for (let i = 0; i < 40; i++) expect(text.match(new RegExp(`tick${i} `, 'g')) ?? text.match(new RegExp(`tick${i}$`)), `tick${i}`).toHaveLength(1);
      expect(await p.locator('article.turn').count()).toBe(before + 1);
      expect(resumed.length).toBeGreaterThan(0);
      // The network errors of the cut connections are the browser's own log lines, not the console's.
      problems.splice(0, problems.length, ...problems.filter((m) => !/ERR_(EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED|NETWORK_CHANGED|INCOMPLETE_CHUNKED_ENCODING)|network error|Failed to fetch/i.test(m)));
    } finally {
      await c.close();
      proxy.close();
      for (const sock of sockets) sock.destroy();
    }
  }, 90_000);

  it('renames a session', async () => {
    await page.getByRole('button', { name: 'Rename' }).click();
    const input = page.getByLabel('Session name');
    await input.fill('demo, renamed');
    await input.press('Enter');
    await page.getByRole('heading', { name: 'demo, renamed' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-session]').filter({ hasText: 'demo, renamed' }).waitFor({ timeout: 10_000 });
    expect(foreign).toEqual([]);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);

  it('"Always allow" answers this request and the next ones of the session', async () => {
    await page.getByRole('navigation', { name: 'Session views' }).getByRole('link', { name: 'Chat' }).click();
    const before = await page.locator('article.turn').count();
    await send('WRITE always.txt first');
    const card = page.locator('.permission-card:not(.resolved)');
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Always allow Write' }).click();
    await page.locator('article.turn').nth(before).and(page.locator('[data-state="completed"]')).waitFor({ timeout: 30_000 });
    await send('WRITE always2.txt second');
    await page.locator('article.turn').nth(before + 1).and(page.locator('[data-state="completed"]')).waitFor({ timeout: 30_000 });
    expect(await page.locator('article.turn').nth(before + 1).locator('.permission-card').count()).toBe(0);
    expect(await page.locator('article.turn').nth(before + 1).innerText()).toContain('wrote always2.txt');
  }, 90_000);

  it('the open file tree refreshes when a turn changes files', async () => {
    const id = (await page.locator('[data-session]').first().getAttribute('data-session'))!;
    await page.getByRole('navigation', { name: 'Session views' }).getByRole('link', { name: 'Files' }).click();
    const tree = page.getByRole('region', { name: 'Workspace tree' });
    await tree.getByRole('button', { name: /always2\.txt/ }).waitFor();
    // A turn started elsewhere (another client) writes a file while the tree is open.
    const res = await server.api(`/api/v1/sessions/${id}/messages`, { json: { prompt: 'BASH echo fresh > fresh.txt', permissionPolicy: ['Bash'] }, headers: { 'x-api-key': ALICE } });
    expect(res.status).toBe(200);
    await tree.getByRole('button', { name: /fresh\.txt/ }).waitFor({ timeout: 10_000 });
    // The chat shows that Bash call as a card with its command and output.
    await page.getByRole('navigation', { name: 'Session views' }).getByRole('link', { name: 'Chat' }).click();
    const bash = page.locator('.tool-card[data-tool="Bash"]').last();
    await bash.locator('summary').click();
    expect(await bash.innerText()).toContain('$ echo fresh > fresh.txt');
    expect(await bash.innerText()).toContain('Output');
  }, 60_000);

  it('deletes a session (after a confirmation) and its workspace', async () => {
    const row = page.locator('[data-session]').first();
    const id = (await row.getAttribute('data-session'))!;
    const ws = (await (await server.api(`/api/v1/sessions/${id}`, { headers: { 'x-api-key': ALICE } })).json()).session.workspace as string;
    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.locator(`[data-session="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    expect((await server.api(`/api/v1/sessions/${id}`, { headers: { 'x-api-key': ALICE } })).status).toBe(404);
    await expect.poll(() => existsSync(ws), { timeout: 10_000 }).toBe(false);
    // The list drops the row as the delete answers; the route back to the list may come a moment later.
    await expect.poll(() => new URL(page.url()).hash, { timeout: 5_000 }).toBe('#/');
  }, 30_000);
});
