import { Hono } from 'hono';
import type { PermissionMode } from '../../config.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import type { Schemas } from '../schemas.js';
import { readJson } from '../validate.js';
import { sessionParam } from './params.js';

// Tool approvals: the API client answers the CLI's permission requests, call by call.
export function permissionRoutes(service: SessionService, schemas: Schemas) {
  const app = new Hono<AppEnv>();

  app.get('/sessions/:id/permissions', (c) => {
    const id = sessionParam(c);
    return c.json({ sessionId: id, permissions: service.listPermissions(id, c.get('caller')) });
  });

  app.post('/sessions/:id/permissions/:requestId', async (c) => {
    const id = sessionParam(c);
    const requestId = c.req.param('requestId').slice(0, 200);
    const body = await readJson(c, schemas.permissionAnswer);
    service.answerPermission(id, c.get('caller'), requestId, body);
    return c.json({ sessionId: id, requestId, decision: body.decision, remembered: body.remember === 'session' });
  });

  app.post('/sessions/:id/permission-mode', async (c) => {
    const id = sessionParam(c);
    const { mode } = await readJson(c, schemas.permissionModeBody);
    const applied = service.setPermissionMode(id, c.get('caller'), mode as PermissionMode);
    return c.json({ sessionId: id, permissionMode: mode, ...applied });
  });

  return app;
}
