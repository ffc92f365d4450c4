import type { SessionEvent } from './events.js';

// An event is never changed once published, and the history log and every SSE client send
// the same JSON: it is serialised once, however many channels carry it.
const cache = new WeakMap<SessionEvent, string>();

/** `JSON.stringify(event)`, computed once per event object. */
export function eventJson(event: SessionEvent): string {
  let json = cache.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    cache.set(event, json);
  }
  return json;
}
