import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, failure, type Session } from '../api.js';
import { activeTurn, type Conversation, type PermissionCard as Card, type Turn } from '../conversation.js';
import { renderMarkdown } from '../markdown.js';
import { sessionHref } from '../route.js';
import { seconds, usd } from './format.js';
import { ToolCard, ToolInput, toolSummary } from './tool-card.js';

const Markdown = (props: { text: string }) => <div class="md" dangerouslySetInnerHTML={{ __html: renderMarkdown(props.text) }} />;

function PermissionCard(props: { api: Api; sessionId: string; workspace: string; card: Card }) {
  const { request, resolved } = props.card;
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const answer = async (decision: 'allow' | 'deny', remember?: 'session') => {
    setSent(true);
    setError(null);
    const r = await props.api.client.POST('/sessions/{id}/permissions/{requestId}', {
      params: { path: { id: props.sessionId, requestId: request.requestId } },
      body: { decision, ...(remember ? { remember } : {}) },
    });
    if (r.error) {
      setSent(false);
      setError(failure(r.response.status, r.error).message);
    }
  };
  const titleId = `perm-${request.requestId}`;
  return (
    <section class={`permission-card${resolved ? ' resolved' : ''}`} aria-labelledby={titleId} data-request={request.requestId}>
      <h3 id={titleId}>
        Claude wants to use <strong>{request.toolName}</strong> <span class="tool-summary">{toolSummary(request.toolName, request.input, props.workspace)}</span>
      </h3>
      <ToolInput name={request.toolName} input={request.input} />
      {resolved ? (
        <p class={`decision decision-${resolved.decision}`}>
          {resolved.decision === 'allow' ? 'Allowed' : resolved.decision === 'deny' ? 'Denied' : 'Withdrawn'}
          {resolved.by !== 'client' ? ` (${resolved.by.replace('_', ' ')})` : ''}
          {resolved.message ? `: ${resolved.message}` : ''}
        </p>
      ) : (
        <div class="permission-actions" role="group" aria-label={`Answer the ${request.toolName} request`}>
          <button class="primary" disabled={sent} onClick={() => void answer('allow')}>
            Allow
          </button>
          <button class="danger" disabled={sent} onClick={() => void answer('deny')}>
            Deny
          </button>
          <button disabled={sent} onClick={() => void answer('allow', 'session')}>
            Always allow {request.toolName}
          </button>
          <span class="hint">expires {new Date(request.expiresAt).toLocaleTimeString()}</span>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function TurnView(props: { api: Api; session: Session; turn: Turn }) {
  const { turn } = props;
  const files = turn.files;
  const changed = files ? [...files.created.map((p) => ['created', p]), ...files.modified.map((p) => ['modified', p]), ...files.deleted.map((p) => ['deleted', p])] : [];
  return (
    <article class="turn" data-turn={turn.id} data-state={turn.state} aria-label={`Turn ${turn.number}`}>
      {turn.prompt && (
        <div class="msg user">
          <span class="sr-only">You: </span>
          {turn.prompt}
        </div>
      )}
      <div class="msg assistant">
        {turn.items.map((it, i) => {
          switch (it.kind) {
            case 'text':
              return <Markdown key={i} text={it.text} />;
            case 'tool':
              return <ToolCard key={i} call={it.call} workspace={props.session.workspace} />;
            case 'permission':
              return <PermissionCard key={it.card.request.requestId} api={props.api} sessionId={props.session.id} workspace={props.session.workspace} card={it.card} />;
            case 'notice':
              return (
                <p key={i} class={`notice notice-${it.level}`}>
                  {it.text}
                </p>
              );
          }
        })}
        {turn.partial && (
          <div class="md streaming" aria-busy="true">
            {turn.partial}
          </div>
        )}
        {turn.state === 'queued' && <p class="notice">Queued{turn.queuePosition ? ` (position ${turn.queuePosition})` : ''}…</p>}
        {turn.state === 'running' && !turn.partial && <p class="thinking" aria-hidden="true">…</p>}
        {turn.error && (
          <p class="notice notice-error" role="status">
            {turn.error}
          </p>
        )}
      </div>
      {turn.state !== 'running' && turn.state !== 'queued' && (
        <footer class="turn-footer">
          <span class={`badge turn-${turn.state}`}>{turn.state}</span> <span>{usd(turn.costUsd)}</span> · <span>{seconds(turn.durationMs)}</span>
          {changed.length > 0 && (
            <span class="turn-files">
              {' · files: '}
              {changed.map(([kind, p]) =>
                kind === 'deleted' ? (
                  <span key={p} class="file-deleted" title="deleted">
                    {p}{' '}
                  </span>
                ) : (
                  <a key={p} href={sessionHref(props.session.id, "files", p)} title={kind} class={`file-${kind}`}>
                    {p}{' '}
                  </a>
                ),
              )}
            </span>
          )}
        </footer>
      )}
    </article>
  );
}

/** The conversation and the composer: Enter sends, Shift-Enter is a newline. */
export function Chat(props: { api: Api; session: Session; conv: Conversation; version: number; connection: 'live' | 'reconnecting' | 'connecting'; pendingPrompt: string | null; onPromptSent: () => void }) {
  const { api, session, conv } = props;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const active = activeTurn(conv);

  const send = async (prompt: string) => {
    if (!prompt.trim()) return;
    setSending(true);
    setError(null);
    try {
      // Streamed with token deltas; the events come through the session's stream, so this
      // reply is only read for its status, then let go (the turn goes on without it).
      const r = await api.client.POST('/sessions/{id}/messages', {
        params: { path: { id: session.id } },
        body: { prompt, stream: true, partial: true },
        parseAs: 'stream',
        headers: { accept: 'text/event-stream' },
      });
      if (r.error !== undefined || !r.response.ok) throw failure(r.response.status, r.error);
      void r.response.body?.cancel().catch(() => {});
      setText('');
      stick.current = true;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };

  useEffect(() => {
    if (props.pendingPrompt) {
      const p = props.pendingPrompt;
      props.onPromptSent();
      void send(p);
    }
  }, [props.pendingPrompt]);

  // Follow the bottom while the reader is there; leave them alone when they scrolled up.
  useEffect(() => {
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [props.version]);

  const interrupt = async () => {
    const r = await api.client.POST('/sessions/{id}/interrupt', { params: { path: { id: session.id } } });
    if (r.error && r.response.status !== 409) setError(failure(r.response.status, r.error).message);
  };

  return (
    <section class="chat" aria-label="Chat">
      <div
        class="log"
        ref={log}
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {conv.turns.length === 0 && <p class="empty">No messages yet. Say something below.</p>}
        {conv.turns.map((t) => (
          <TurnView key={t.id} api={api} session={session} turn={t} />
        ))}
      </div>
      {props.connection === 'reconnecting' && (
        <p class="notice notice-warn" role="status">
          Connection lost, reconnecting…
        </p>
      )}
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault();
          void send(text);
        }}
      >
        <label for="prompt" class="sr-only">
          Message
        </label>
        <textarea
          id="prompt"
          rows={2}
          value={text}
          placeholder="Message Claude (Enter to send, Shift+Enter for a new line)"
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send(text);
            }
          }}
        />
        {active ? (
          <button type="button" class="danger" onClick={() => void interrupt()}>
            Interrupt
          </button>
        ) : (
          <button type="submit" class="primary" disabled={sending || !text.trim()}>
            Send
          </button>
        )}
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
