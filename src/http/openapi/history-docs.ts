import { z } from './zod.js';
import type { Schemas } from '../schemas.js';
import type { RouteDoc } from './route-doc.js';
import { ConversationPage } from './view-schemas.js';

// Documentation of src/http/routes/history.ts.

export function historyDocs(s: Schemas): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/sessions/:id/messages',
      operationId: 'getConversation',
      tag: 'History',
      summary: 'Read the conversation',
      description: 'Turn by turn: prompt, text, tool uses and results, result, status, cost. Paginated by turn number.',
      query: s.historyQuery,
      replies: { 200: { description: 'One page of turns.', json: ConversationPage } },
    },
    {
      method: 'get',
      path: '/sessions/:id/events',
      operationId: 'followEvents',
      tag: 'History',
      summary: "Follow the session's events",
      description:
        'Replays the events after `Last-Event-ID` (or `after`), then follows live turns. A client that lost its connection reconnects ' +
        'with the last id it saw and misses nothing. Without either, only new events. With several replicas, whichever one the client ' +
        'reaches answers it from Redis (`x-cca-served-by` names it), so a reconnect anywhere resumes and the stream outlives the owner.',
      query: s.eventsQuery,
      headers: z.object({ 'Last-Event-ID': z.string().regex(/^\d{1,15}$/).optional().openapi({ description: 'The last event id seen.' }) }),
      replies: { 200: { description: 'Replayed then live events; `done` when the server closes it.', sse: true } },
    },
  ];
}
