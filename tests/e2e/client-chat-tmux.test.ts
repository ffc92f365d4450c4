import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_BIN } from '../support/client-process.js';
import { startTestServer, waitFor, type TestServer } from '../support/harness.js';

// The interactive chat in a real terminal: tmux runs it, keys go in, the screen is read back.

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('NOTICE: tmux is not installed, the interactive chat check is skipped (apt-get install -y tmux)');

const socket = `cca-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** The pane with its scrollback; `escapes` keeps colour sequences. */
const screen = (escapes = false) => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'chat', ...(escapes ? ['-e'] : []));
const keys = (...k: string[]) => tmux('send-keys', '-t', 'chat', ...k);
const shows = (text: string, ms = 8000) => waitFor(() => screen().includes(text), ms, 50).catch(() => {
  throw new Error(`screen never showed ${JSON.stringify(text)}:\n${screen()}`);
});

describe.skipIf(!hasTmux)('chat in a terminal (tmux)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await s.close();
  });

  it('streams replies, asks y/n, interrupts a turn on Ctrl-C and exits on a second', async () => {
    const command = `env CLAUDE_CODE_API_URL=${quote(s.url)} ${quote(process.execPath)} ${quote(CLIENT_BIN)} chat --permission-policy ask; echo EXITED $?; sleep 600`;
    tmux('new-session', '-d', '-s', 'chat', '-x', '110', '-y', '40', command);
    await shows('you› ');
    const id = /session ([a-z0-9]{20})/.exec(screen())![1]!;

    keys('hello', 'Enter');
    await shows('fixture: hello');
    await shows('[completed');
    // On a terminal the prompt and the status line are coloured.
    expect(screen(true)).toMatch(/\x1b\[[0-9;]*m/);

    keys('ASK now', 'Enter');
    await shows('? Allow Write x.txt? [y/N]');
    keys('y', 'Enter');
    await shows('allowed {"file_path":"x.txt","content":"x"}');

    keys('SLOW 50 100', 'Enter');
    await shows('tick2');
    const pressed = Date.now();
    keys('C-c');
    await shows('[interrupted');
    expect(Date.now() - pressed).toBeLessThan(3000);
    expect(screen()).toContain('^C interrupting…');
    expect(screen()).not.toContain('tick50');
    const session = (await (await s.api(`/api/v1/sessions/${id}`)).json()).session;
    expect(session.lastTurn.status).toBe('interrupted');

    keys('C-c');
    await shows('EXITED 130');
  });
});
