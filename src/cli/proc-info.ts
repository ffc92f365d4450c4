import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc readings, so a pid recorded before a crash is only ever killed if it is still
// the same process (same start time), never a stranger that reused the number.

interface Stat {
  /** R, S, D, Z (zombie: exited, waiting for its parent to reap it), … */
  state: string;
  pgrp: number;
  startTime: bigint;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgrp: Number(fields[2]), startTime: BigInt(fields[19] ?? '0') };
  } catch {
    return null;
  }
}

/** The kernel's start time of a process (clock ticks since boot), or null if it is gone. */
export function processStartTime(pid: number): string | null {
  return readStat(pid)?.startTime.toString() ?? null;
}

/** Processes in a group that started no earlier than `since`: the orphans of a dead leader. */
export function groupMembersSince(pgid: number, since: string): number[] {
  const floor = BigInt(since);
  const members: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st && st.pgrp === pgid && st.startTime >= floor) members.push(Number(name));
  }
  return members;
}

/**
 * Ends an orphan group gently: SIGTERM, up to `graceMs` to exit (a CLI flushes its transcript
 * on the way out), then SIGKILL for what remains.
 */
export async function endOrphanGroup(pid: number, startTime: string, graceMs: number): Promise<number[]> {
  const signalled = signalOrphanGroup(pid, startTime, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupMembersSince(pid, startTime).some(alive)) await new Promise((r) => setTimeout(r, 25));
  killOrphanGroup(pid, startTime);
  return signalled;
}

// A zombie has exited: only its parent (gone) could reap it.
function alive(pid: number): boolean {
  const st = readStat(pid);
  return st !== null && st.state !== 'Z';
}

/** Kills what is left of a turn's process tree from an earlier run of the server. */
export function killOrphanGroup(pid: number, startTime: string): number[] {
  return signalOrphanGroup(pid, startTime, 'SIGKILL');
}

function signalOrphanGroup(pid: number, startTime: string, signal: NodeJS.Signals): number[] {
  const signalled: number[] = [];
  // A live process with this pid but another start time is a stranger, and so is its group. With
  // the leader gone, the kernel never hands its pid out while the group has members: they are ours.
  const leader = processStartTime(pid);
  if (leader !== null && leader !== startTime) return signalled;
  for (const member of groupMembersSince(pid, startTime)) {
    // A zombie is already dead (its parent, gone, never reaped it): nothing to end, nothing to report.
    if (!alive(member)) continue;
    try {
      process.kill(member, signal);
      signalled.push(member);
    } catch {
      // already gone
    }
  }
  return signalled;
}
