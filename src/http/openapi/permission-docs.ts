import type { Schemas } from '../schemas.js';
import type { RouteDoc } from './route-doc.js';
import { z } from './zod.js';

// Documentation of src/http/routes/permissions.ts and ws.ts (the lead's routes: check on change).

const PendingPermission = z
  .strictObject({
    requestId: z.string(),
    toolName: z.string().meta({ example: 'Bash' }),
    input: z.record(z.string(), z.unknown()),
    suggestions: z.array(z.unknown()),
    toolUseId: z.string().nullable(),
    expiresAt: z.string().meta({ description: 'Denied by timeout after `PERMISSION_TIMEOUT_MS`.' }),
  })
  .openapi('PendingPermission');

export function permissionDocs(s: Schemas): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/sessions/:id/permissions',
      operationId: 'listPermissions',
      tag: 'Permissions',
      summary: 'List pending permission requests',
      replies: {
        200: {
          description: 'The requests the running turn waits on.',
          json: z.strictObject({ sessionId: z.string(), permissions: z.array(PendingPermission) }).openapi('PermissionList'),
        },
      },
    },
    {
      method: 'post',
      path: '/sessions/:id/permissions/:requestId',
      operationId: 'answerPermission',
      tag: 'Permissions',
      summary: 'Allow or deny a tool call',
      description: '`remember: "session"` allows the tool for the rest of the session.',
      params: { requestId: z.string().max(200) },
      body: s.permissionAnswer,
      bodyExample: { decision: 'allow' },
      replies: {
        200: {
          description: 'Answered.',
          json: z
            .strictObject({ sessionId: z.string(), requestId: z.string(), decision: z.enum(['allow', 'deny']), remembered: z.boolean() })
            .openapi('PermissionAnswered'),
        },
      },
      errors: ['PERMISSION_NOT_FOUND', 'PERMISSION_WITHDRAWN'],
    },
    {
      method: 'post',
      path: '/sessions/:id/permission-mode',
      operationId: 'setPermissionMode',
      tag: 'Permissions',
      summary: 'Change the permission mode',
      description: 'For later turns, and for the running one while its CLI listens.',
      body: s.permissionModeBody,
      bodyExample: { mode: 'acceptEdits' },
      replies: {
        200: {
          description: 'Changed.',
          json: z
            .strictObject({ sessionId: z.string(), permissionMode: z.string(), appliedToRunningTurn: z.boolean() })
            .openapi('PermissionModeReply'),
        },
      },
    },
    {
      method: 'post',
      path: '/sessions/:id/ws-ticket',
      operationId: 'issueWsTicket',
      tag: 'Turns',
      summary: 'Get a WebSocket ticket',
      description: 'A browser cannot set headers on a WebSocket: a ticket, passed as `?ticket=`, is worth one connection to this session.',
      replies: {
        201: {
          description: 'Issued.',
          json: z.strictObject({ sessionId: z.string(), ticket: z.string(), expiresAt: z.string() }).openapi('WsTicket'),
        },
      },
    },
    {
      method: 'get',
      path: '/sessions/:id/ws',
      operationId: 'sessionWebSocket',
      tag: 'Turns',
      summary: 'Open a WebSocket to the session',
      description:
        'Server frames: the SessionEvents (same ids as SSE), `ack`, `pong`, `error`. Client frames: `message` {prompt, partial?, permissionPolicy?}, ' +
        '`interrupt`, `permission` {requestId, decision, …}, `ping`. Subprotocol `claude-code-api`; a key may ride as `bearer.<key>`.',
      query: z.object({
        lastEventId: z.string().regex(/^\d+$/).optional().openapi({ description: 'Replay the events after this id first.' }),
        ticket: z.string().optional().openapi({ description: 'From POST …/ws-ticket, instead of a key.' }),
      }),
      replies: { 101: { description: 'Switching protocols: the WebSocket is open.' } },
    },
  ];
}
