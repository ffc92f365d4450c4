import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc readings, so a pid recorded before a crash is only ever killed if it is still
// the same process (same start time), never a stranger that reused the number.

interface Stat {
  pgrp: number;
  startTime: bigint;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pgrp: Number(fields[2]), startTime: BigInt(fields[19] ?? '0') };
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

/** Kills what is left of a turn's process tree from an earlier run of the server. */
export function killOrphanGroup(pid: number, startTime: string): number[] {
  const killed: number[] = [];
  // A live process with this pid but another start time is a stranger, and so is its group. With
  // the leader gone, the kernel never hands its pid out while the group has members: they are ours.
  const leader = processStartTime(pid);
  if (leader !== null && leader !== startTime) return killed;
  for (const member of groupMembersSince(pid, startTime)) {
    try {
      process.kill(member, 'SIGKILL');
      killed.push(member);
    } catch {
      // already gone
    }
  }
  return killed;
}
