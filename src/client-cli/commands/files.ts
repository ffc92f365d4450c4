import { createWriteStream, openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { need, UsageError } from '../args.js';
import type { Context } from '../context.js';
import type { Output } from '../output.js';

// files ls | get | put | rm: a session's workspace (paths are relative to it).

const files = (id: string) => `/sessions/${encodeURIComponent(id)}/files`;

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);

export function printEntries(out: Output, entries: any[]): void {
  if (out.json) return entries.forEach((e) => out.record(e));
  if (!entries.length) return out.note('(empty)');
  const width = Math.min(60, Math.max(...entries.map((e) => e.path.length + 1)));
  for (const e of entries) {
    const name = e.type === 'dir' ? out.style('cyan', `${e.path}/`.padEnd(width)) : e.path.padEnd(width);
    out.line(`${name}  ${e.type === 'file' ? size(e.size).padStart(9) : e.type.padStart(9)}  ${e.modifiedAt.slice(0, 19).replace('T', ' ')}`);
  }
}

export async function listFiles(ctx: Context, id: string, dir: string | undefined, recursive: boolean): Promise<void> {
  const entries: any[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await ctx.api.json('GET', files(id), { query: { path: dir, recursive: recursive || undefined, cursor } });
    entries.push(...page.entries);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  printEntries(ctx.out, entries);
}

export async function filesCommand(ctx: Context, [sub, ...args]: string[]): Promise<number> {
  const { api, out, inv } = ctx;
  switch (sub) {
    case 'ls':
    case 'list': {
      const [id, dir] = need(args, ['id'], ['path']);
      await listFiles(ctx, id!, dir, inv.flags.recursive ?? false);
      return 0;
    }
    case 'get': {
      const [id, file] = need(args, ['id', 'path']);
      const res = await api.fetch('GET', `${files(id!)}/content`, { query: { path: file } });
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
      const to = inv.flags.output;
      if (to && to !== '-') {
        await pipeline(body, createWriteStream(to));
        out.note(`saved ${file} to ${to} (${res.headers.get('content-length') ?? '?'} bytes)`);
      } else await pipeline(body, ctx.stdout, { end: false });
      return 0;
    }
    case 'put': {
      const [id, local, remote] = need(args, ['id', 'local-file'], ['path']);
      const target = remote ?? path.basename(local!);
      const info = await stat(local!).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${local}: ${err.code ?? err.message}`);
      });
      if (!info.isFile()) throw new UsageError(`${local} is not a file`);
      // Streamed from disk with its length: no copy in memory.
      const blob = await openAsBlob(local!);
      const reply = await api.json('PUT', `${files(id!)}/content`, { query: { path: target }, body: blob });
      if (out.json) out.record(reply);
      else out.line(`uploaded ${reply.entry.path} (${size(reply.entry.size)})`);
      return 0;
    }
    case 'rm':
    case 'delete': {
      const [id, file] = need(args, ['id', 'path']);
      const reply = await api.json('DELETE', files(id!), { query: { path: file, recursive: inv.flags.recursive || undefined } });
      if (out.json) out.record(reply);
      else out.line(`deleted ${file}`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown files command: ${sub}` : 'files needs ls, get, put or rm');
  }
}
