import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../tests/support/processes.js';
import { groupMembersSince, killOrphanGroup, processStartTime } from './proc-info.js';

describe('killOrphanGroup', () => {
  it('kills the live members of a dead server\'s group and leaves zombies out of what it reports', async () => {
    // `sleep 0` exits at once; its parent then becomes `sleep 30`, which never reaps it: a zombie in the group.
    const leader = spawn('sh', ['-c', 'sleep 0 & exec sleep 30'], { detached: true, stdio: 'ignore' });
    const pid = leader.pid!;
    try {
      const since = processStartTime(pid)!;
      let zombie: number | undefined;
      for (const deadline = Date.now() + 5000; !zombie && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        // Listed in /proc (so not reaped) yet not running: the zombie.
        zombie = groupMembersSince(pid, since).find((p) => p !== pid && !isRunning(p));
      }
      expect(zombie).toBeDefined();
      expect(killOrphanGroup(pid, since)).toEqual([pid]);
      const [, signal] = await new Promise<[number | null, string | null]>((r) => leader.once('exit', (c, s) => r([c, s])));
      expect(signal).toBe('SIGKILL');
    } finally {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('signals nothing when the pid now belongs to another process (another start time)', async () => {
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = stranger.pid!;
    try {
      const start = processStartTime(pid)!;
      expect(killOrphanGroup(pid, String(BigInt(start) + 1n))).toEqual([]);
      expect(isRunning(pid)).toBe(true);
    } finally {
      process.kill(-pid, 'SIGKILL');
    }
  });
});
