import type { Schemas } from '../schemas.js';
import type { RouteDoc } from './route-doc.js';
import { InterruptReply, TurnReply } from './view-schemas.js';

// Documentation of src/http/routes/turns.ts.

const TURN_ERRORS = ['SESSION_BUSY', 'QUEUE_FULL', 'SHUTTING_DOWN'] as const;

export function turnDocs(s: Schemas): RouteDoc[] {
  return [
    {
      method: 'post',
      path: '/sessions/:id/messages',
      operationId: 'sendMessage',
      tag: 'Turns',
      summary: 'Send a message',
      description:
        'Runs one turn. Without `stream` the reply is the whole turn once it ended; with `stream: true` it is an SSE stream of its events ' +
        '(`partial: true` adds token deltas). A client that disconnects does not end its turn unless `cancelOnDisconnect` is set.',
      query: s.messageQuery,
      body: s.sendMessage,
      bodyExample: { prompt: 'hello' },
      replies: {
        200: {
          description: 'The turn (`completed`, `failed` with `error`, or `interrupted`), or its event stream when `stream` is true.',
          json: TurnReply,
          sse: true,
        },
      },
      errors: [...TURN_ERRORS, 'CLI_FAILED', 'CLI_NOT_AUTHENTICATED', 'SANDBOX_FAILED', 'TURN_TIMEOUT'],
    },
    {
      method: 'get',
      path: '/sessions/:id/stream',
      operationId: 'streamTurn',
      tag: 'Turns',
      summary: 'Stream a turn',
      description: 'Starts a turn with the prompt in the query and streams its events (what `EventSource` can open).',
      query: s.streamQuery,
      replies: { 200: { description: "The turn's events, then `done`.", sse: true } },
      errors: [...TURN_ERRORS],
    },
    {
      method: 'post',
      path: '/sessions/:id/interrupt',
      operationId: 'interruptTurn',
      tag: 'Turns',
      summary: 'Interrupt the running turn',
      description: 'SIGINT, like Ctrl-C: the partial text is kept; the process tree is killed after `KILL_GRACE_MS`.',
      replies: { 200: { description: 'The interrupted turn.', json: InterruptReply } },
      errors: ['NO_ACTIVE_TURN'],
    },
  ];
}
