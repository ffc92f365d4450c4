import { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { WorkspaceFiles } from '../../files/workspace-files.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { readJson, readQuery } from '../validate.js';
import { sessionView, turnView } from '../views.js';
import { sessionParam } from './params.js';
import { snapshotOf, type LiveSession } from '../../sessions/session.js';

export function sessionRoutes(service: SessionService, config: Config, schemas: Schemas, files: WorkspaceFiles) {
  const app = new Hono<AppEnv>();
  const view = (s: LiveSession) => sessionView(snapshotOf(s), config.sessionTtlMs);

  app.post('/sessions', async (c) => {
    const body = await readJson(c, schemas.createSession);
    const caller = c.get('caller');
    const live = await service.create({
      owner: caller.owner,
      admin: caller.admin,
      resume: body.resumeClaudeSessionId
        ? { claudeSessionId: body.resumeClaudeSessionId, importWorkspace: body.importWorkspace ?? false }
        : undefined,
      name: body.name ?? body.session_name,
      options: {
        model: body.model ?? config.defaultModel,
        permissionMode: (body.permissionMode as Config['defaultPermissionMode'] | undefined) ?? config.defaultPermissionMode,
        allowedTools: body.allowedTools,
        disallowedTools: body.disallowedTools,
        appendSystemPrompt: body.appendSystemPrompt,
        maxTurns: body.maxTurns,
        permissionPolicy: body.permissionPolicy ?? config.defaultPermissionPolicy,
        maxBudgetUsd: body.maxBudgetUsd,
        processMode: body.processMode ?? config.processMode,
        ...(body.allowedDomains?.length ? { allowedDomains: [...new Set(body.allowedDomains)] } : {}),
      },
    });
    c.set('sessionId', live.record.id);
    if (body.archive !== undefined) {
      // Seed the workspace before any turn; a refused archive leaves no session behind.
      const ws = { dir: live.record.workspace, busy: () => live.turn !== null };
      await files.extract(ws, [Buffer.from(body.archive, 'base64')]).catch(async (err: unknown) => {
        await service.delete(live.record.id, caller, { keepWorkspace: false });
        throw err;
      });
    }
    const prompt = body.initialPrompt ?? body.initial_prompt;
    if (!prompt) return c.json({ session: view(live) }, 201);
    const outcome = await service.startTurn(live.record.id, caller, { prompt, partialMessages: false }).done;
    const turn = turnView(live.record.id, outcome);
    return c.json({ session: view(live), response: turn.response, turn }, 201);
  });

  app.get('/sessions', async (c) => {
    const q = readQuery(c, schemas.listQuery);
    const page = await service.listSnapshots(c.get('caller'), q.limit, q.cursor);
    return c.json({ sessions: page.items.map((s) => sessionView(s, config.sessionTtlMs)), nextCursor: page.nextCursor });
  });

  app.get('/sessions/:id', (c) => c.json({ session: view(service.get(sessionParam(c), c.get('caller'))) }));

  app.patch('/sessions/:id', async (c) => {
    const id = sessionParam(c);
    const { name } = await readJson(c, schemas.renameSession);
    return c.json({ session: view(service.rename(id, c.get('caller'), name)) });
  });

  app.delete('/sessions/:id', async (c) => {
    const id = sessionParam(c);
    const q = readQuery(c, schemas.deleteQuery);
    await service.delete(id, c.get('caller'), { keepWorkspace: q.keepWorkspace ?? false });
    return c.json({ id, deleted: true, workspaceKept: q.keepWorkspace ?? false });
  });

  return app;
}
