import { need, UsageError, type Flags } from '../args.js';
import type { Context } from '../context.js';

// sessions list | create | get | delete

export function createBody(flags: Flags) {
  return {
    name: flags.name,
    model: flags.model,
    permissionMode: flags['permission-mode'],
    allowedTools: flags['allowed-tools']?.split(',').map((s) => s.trim()).filter(Boolean),
    appendSystemPrompt: flags['system-prompt'],
    permissionPolicy: policy(flags['permission-policy']),
  };
}

// `ask` or `deny`, or the tools allowed without asking (comma-separated).
const policy = (v: string | undefined) => (v === undefined || v === 'ask' || v === 'deny' ? v : v.split(',').map((s) => s.trim()).filter(Boolean));

const ago = (iso: string) => {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

export async function sessionsCommand(ctx: Context, [sub, ...args]: string[]): Promise<number> {
  const { api, out, inv } = ctx;
  switch (sub) {
    case 'list':
    case 'ls': {
      need(args, []);
      const all: any[] = [];
      for (let cursor: string | undefined; ; ) {
        const page = await api.json('GET', '/sessions', { query: { limit: 200, cursor } });
        all.push(...page.sessions);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      if (out.json) all.forEach((s) => out.record(s));
      else if (!all.length) out.note('no sessions');
      else {
        out.line(out.style('bold', ['ID'.padEnd(22), 'STATUS'.padEnd(9), 'TURNS'.padStart(5), ' MODEL'.padEnd(9), 'ACTIVE'.padEnd(9), 'NAME'].join(' ')));
        for (const s of all) {
          out.line([s.id.padEnd(22), s.status.padEnd(9), String(s.turnCount).padStart(5), ` ${s.model}`.padEnd(9), ago(s.lastActivityAt).padEnd(9), s.name ?? ''].join(' '));
        }
      }
      return 0;
    }
    case 'create': {
      need(args, []);
      const { session } = await api.json('POST', '/sessions', { json: createBody(inv.flags) });
      // The bare id on stdout, so ID=$(claude-code-api-client sessions create) works.
      if (out.json) out.record(session);
      else out.line(session.id);
      return 0;
    }
    case 'get':
    case 'show': {
      const [id] = need(args, ['id']);
      const { session } = await api.json('GET', `/sessions/${encodeURIComponent(id!)}`);
      if (out.json) out.record(session);
      else for (const k of ['id', 'name', 'status', 'model', 'permissionMode', 'turnCount', 'workspace', 'createdAt', 'lastActivityAt', 'expiresAt']) out.line(`${k.padEnd(15)} ${session[k] ?? '-'}`);
      return 0;
    }
    case 'delete':
    case 'rm': {
      const [id] = need(args, ['id']);
      const reply = await api.json('DELETE', `/sessions/${encodeURIComponent(id!)}`, { query: { keepWorkspace: inv.flags['keep-workspace'] } });
      if (out.json) out.record(reply);
      else out.line(`deleted ${id}${reply.workspaceKept ? ' (workspace kept)' : ''}`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown sessions command: ${sub}` : 'sessions needs list, create, get or delete');
  }
}
