/**
 * Reads a V8 .cpuprofile (as `node --cpu-prof` writes it) and splits its busy samples into a few
 * categories, to show where a process's CPU went: the kernel calls on sockets, Node's HTTP and
 * stream layers, Hono and its Node adapter, each of our own files, GC, and the rest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  /** µs of CLOCK_MONOTONIC, the clock of process.hrtime.bigint() */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function isProfile(v: unknown): v is Profile {
  const p = v as Partial<Profile> | null;
  return typeof p === 'object' && p !== null && typeof p.startTime === 'number' && Array.isArray(p.nodes) && Array.isArray(p.samples) && Array.isArray(p.timeDeltas);
}

/** The main thread's profile of the one process that wrote into dir (its --cpu-prof-dir). */
export function readOnlyProfile(dir: string): Profile {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (a loader
  // thread, as tsx runs, writes its own).
  const files = readdirSync(dir).filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (files.length !== 1) throw new Error(`expected one main-thread .cpuprofile in ${dir}, found ${files.length}`);
  const parsed: unknown = JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8'));
  if (!isProfile(parsed)) throw new Error(`${files[0]} is not a V8 CPU profile`);
  return parsed;
}

// Native frames (no url) that are system calls on a socket or file.
const SYSCALLS = new Set(['writev', 'writeBuffer', 'writeBuffers', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'read', 'close', 'shutdown']);

/** `ours(url)`: the file's name when the url is one of our sources, else null. */
function category(frame: ProfileNode['callFrame'], ours: (url: string) => string | null): string | null {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return null;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 and native, outside JS';
  if (url === '' && SYSCALLS.has(functionName)) return 'system calls on sockets (writev, read)';
  const mine = ours(url);
  if (mine) return `ours: ${mine}`;
  if (url.includes('/node_modules/hono/') || url.includes('/node_modules/@hono/')) return 'Hono and @hono/node-server';
  if (url.includes('/node_modules/')) return `library: ${url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')}`;
  if (/^node:(_http_|net$|internal\/(streams|stream_base_commons|http))/.test(url)) return "Node's HTTP, net and streams";
  if (url.startsWith('node:')) return 'other Node internals (events, timers, crypto, URL, ...)';
  return 'other';
}

/** Busy time per category, µs (idle samples left out), of the samples taken within [fromUs, toUs] (CLOCK_MONOTONIC µs). */
export function busyByCategory(profile: Profile, ours: (url: string) => string | null, window: { fromUs: number; toUs: number }): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node || at < window.fromUs || at > window.toUs) return;
    let cat = category(node.callFrame, ours);
    if (cat === null) return;
    // A native frame other than a syscall counts for the JS that called it.
    if (cat === 'other' && node.callFrame.url === '') {
      for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
        const up = byId.get(p)!;
        if (up.callFrame.url !== '') {
          cat = category(up.callFrame, ours) ?? 'other';
          break;
        }
      }
    }
    out.set(cat, (out.get(cat) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return out;
}
