import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendantsOf, killTree } from './kill-tree.js';
import { isRunning } from '../../tests/support/processes.js';


describe('killTree', () => {
  it('kills the group and the descendants that left it (found by parent pid in /proc)', async () => {
    // The shell leads its group; `setsid sleep` moves to a session of its own, out of the group's reach.
    const sh = spawn('sh', ['-c', 'setsid sleep 30 & sleep 30 & echo ready; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    await once(sh.stdout!, 'data');
    const tree = await descendantsOf(sh.pid!);
    expect(tree[0]).toBe(sh.pid);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    await killTree(sh.pid!, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (tree.some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(tree.filter(isRunning)).toEqual([]);
  });
});
