import type { Schemas } from '../schemas.js';
import type { RouteDoc } from './route-doc.js';
import { CreateSessionReply, DeleteReply, SessionList, SessionReply } from './view-schemas.js';

// Documentation of src/http/routes/sessions.ts.

export function sessionDocs(s: Schemas): RouteDoc[] {
  return [
    {
      method: 'post',
      path: '/sessions',
      operationId: 'createSession',
      tag: 'Sessions',
      summary: 'Create a session',
      description:
        'All fields are optional. With `initialPrompt` (or `initial_prompt`) the first turn runs and its reply is included. ' +
        '`archive` seeds the workspace from a base64 .tar.gz; `resumeClaudeSessionId` continues an existing CLI conversation.',
      body: s.createSession,
      bodyExample: { name: 'demo', model: 'sonnet', initialPrompt: 'Create hello.py that prints hello' },
      bodyOptional: true,
      replies: { 201: { description: 'Created (with the first turn when a prompt was given).', json: CreateSessionReply } },
      errors: [
        'SESSION_LIMIT',
        'CLAUDE_SESSION_NOT_FOUND',
        'IMPORT_NOT_ALLOWED',
        'INVALID_ARCHIVE',
        'WORKSPACE_FULL',
        'QUEUE_FULL',
        'CLI_FAILED',
        'TURN_TIMEOUT',
        'SHUTTING_DOWN',
      ],
    },
    {
      method: 'get',
      path: '/sessions',
      operationId: 'listSessions',
      tag: 'Sessions',
      summary: 'List sessions',
      description: "The caller's sessions (an admin key sees all), paginated: pass `nextCursor` as `cursor`.",
      query: s.listQuery,
      replies: { 200: { description: 'One page of sessions.', json: SessionList } },
    },
    {
      method: 'get',
      path: '/sessions/:id',
      operationId: 'getSession',
      tag: 'Sessions',
      summary: 'Get a session',
      replies: { 200: { description: 'The session.', json: SessionReply } },
    },
    {
      method: 'patch',
      path: '/sessions/:id',
      operationId: 'renameSession',
      tag: 'Sessions',
      summary: 'Rename a session',
      description: 'Allowed while a turn runs: the name is the only thing it changes.',
      body: s.renameSession,
      bodyExample: { name: 'refactor auth' },
      replies: { 200: { description: 'The renamed session.', json: SessionReply } },
    },
    {
      method: 'delete',
      path: '/sessions/:id',
      operationId: 'deleteSession',
      tag: 'Sessions',
      summary: 'Delete a session',
      description: 'Kills a running turn; removes the workspace unless `keepWorkspace=true`.',
      query: s.deleteQuery,
      replies: { 200: { description: 'Deleted.', json: DeleteReply } },
    },
  ];
}
