import { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/env.js';
import { readJson } from '../../http/validate.js';
import { asCompatError } from '../errors.js';
import { anthropicErrorResponse } from './errors.js';
import { listEvents, streamEvents } from './events.js';
import { readSdkQuery } from './query.js';
import type { ManagedAgentsSchemas } from './schemas.js';
import type { ManagedAgents } from './service.js';

// Anthropic's Managed Agents API (agents, environments, sessions, events) at /v1, for the
// official SDK pointed here. Routes validate, call one ManagedAgents method, return.
export function managedAgentsRoutes(agents: () => ManagedAgents, config: Config, s: ManagedAgentsSchemas) {
  const app = new Hono<AppEnv>();
  const id = (raw: string | undefined) => (raw ?? '').slice(0, 200);

  app.post('/agents', async (c) => c.json(await agents().createAgent(c.get('caller'), await readJson(c, s.agentCreate))));
  app.get('/agents', async (c) => c.json(await agents().listAgents(c.get('caller'), readSdkQuery(c, s.listQuery))));
  app.get('/agents/:agentId', async (c) => c.json(await agents().retrieveAgent(c.get('caller'), id(c.req.param('agentId')), readSdkQuery(c, s.agentRetrieveQuery).version)));
  app.post('/agents/:agentId', async (c) => c.json(await agents().updateAgent(c.get('caller'), id(c.req.param('agentId')), await readJson(c, s.agentUpdate))));
  app.post('/agents/:agentId/archive', async (c) => c.json(await agents().archiveAgent(c.get('caller'), id(c.req.param('agentId')))));
  app.get('/agents/:agentId/versions', async (c) => c.json(await agents().listAgentVersions(c.get('caller'), id(c.req.param('agentId')), readSdkQuery(c, s.listQuery))));

  app.post('/environments', async (c) => c.json(await agents().createEnvironment(c.get('caller'), await readJson(c, s.environmentCreate))));
  app.get('/environments', async (c) => c.json(await agents().listEnvironments(c.get('caller'), readSdkQuery(c, s.listQuery))));
  app.get('/environments/:envId', async (c) => c.json(await agents().retrieveEnvironment(c.get('caller'), id(c.req.param('envId')))));
  app.post('/environments/:envId', async (c) => c.json(await agents().updateEnvironment(c.get('caller'), id(c.req.param('envId')), await readJson(c, s.environmentUpdate))));
  app.delete('/environments/:envId', async (c) => c.json(await agents().deleteEnvironment(c.get('caller'), id(c.req.param('envId')))));
  app.post('/environments/:envId/archive', async (c) => c.json(await agents().archiveEnvironment(c.get('caller'), id(c.req.param('envId')))));

  app.post('/sessions', async (c) => {
    const body = await readJson(c, s.sessionCreate);
    const session = await agents().createSession(c.get('caller'), body);
    c.set('sessionId', session.id);
    return c.json(session);
  });
  app.get('/sessions', async (c) => c.json(await agents().listSessions(c.get('caller'), readSdkQuery(c, s.sessionListQuery, ['statuses']))));
  app.get('/sessions/:id', async (c) => c.json(await agents().retrieveSession(c.get('caller'), id(c.req.param('id')))));
  app.post('/sessions/:id', async (c) => c.json(await agents().updateSession(c.get('caller'), id(c.req.param('id')), await readJson(c, s.sessionUpdate))));
  app.delete('/sessions/:id', async (c) => c.json(await agents().deleteSession(c.get('caller'), id(c.req.param('id')))));
  app.post('/sessions/:id/archive', async (c) => c.json(await agents().archiveSession(c.get('caller'), id(c.req.param('id')))));

  app.post('/sessions/:id/events', async (c) => {
    const body = await readJson(c, s.eventsSend);
    return c.json(await agents().sendEvents(c.get('caller'), id(c.req.param('id')), body.events));
  });
  app.get('/sessions/:id/events', async (c) => {
    const q = readSdkQuery(c, s.eventListQuery, ['types']);
    const { live } = await agents().session(c.get('caller'), id(c.req.param('id')));
    return c.json(await listEvents(live, q));
  });
  app.get('/sessions/:id/events/stream', async (c) => {
    const q = readSdkQuery(c, s.eventStreamQuery, ['event_deltas']);
    const { live } = await agents().session(c.get('caller'), id(c.req.param('id')));
    const lastEventId = c.req.header('last-event-id');
    return streamEvents(c, live, { deltas: new Set(q.event_deltas ?? []), lastEventId, keepaliveMs: config.sseKeepaliveMs });
  });

  app.all('*', (c) => anthropicErrorResponse(c, { code: 'NOT_FOUND', status: 404, message: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((err, c) => {
    const e = asCompatError(err);
    if (!e) c.get('logger')?.error({ err }, 'unhandled error');
    return anthropicErrorResponse(c, e ?? { code: 'INTERNAL', status: 500, message: 'internal error' });
  });
  return app;
}

