// The typed client end to end: create a session, send a message, stream a turn, list files.
//   npx tsx examples/client.ts                      (a server on http://127.0.0.1:3050)
//   CCA_URL=http://host:3050/api/v1 CCA_API_KEY=... npx tsx examples/client.ts
import { createClient, streamTurn } from '../client/index.js';

const client = createClient({ baseUrl: process.env.CCA_URL ?? 'http://127.0.0.1:3050/api/v1', apiKey: process.env.CCA_API_KEY });

// Every call answers { data } or { error }: the error body is the API's {error:{code,message,requestId}}.
const created = await client.POST('/sessions', { body: { name: 'example', initialPrompt: 'hello' } });
if (created.error) throw new Error(`${created.error.error.code}: ${created.error.error.message}`);
const id = created.data.session.id;
console.log('session', id, '→', created.data.response);

const reply = await client.POST('/sessions/{id}/messages', { params: { path: { id } }, body: { prompt: 'Create notes.txt with three ideas' } });
if (reply.error) throw new Error(reply.error.error.message);
console.log(reply.data.status, reply.data.response, `($${reply.data.result?.costUsd ?? 0})`);

// A streamed turn: typed events, narrowed by `type`.
for await (const event of streamTurn(client, id, { prompt: 'Summarize notes.txt', partial: true })) {
  if (event.type === 'stream_event') process.stdout.write('.');
  if (event.type === 'turn_finished') console.log(`\n${event.status} in ${event.durationMs} ms: ${event.text}`);
}

const files = await client.GET('/sessions/{id}/files', { params: { path: { id }, query: { recursive: 'true' } } });
for (const entry of files.data?.entries ?? []) console.log(entry.type.padEnd(7), entry.size, entry.path);

await client.DELETE('/sessions/{id}', { params: { path: { id } } });
