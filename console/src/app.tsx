import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Api, failure, storeKey, storedKey, type Session } from './api.js';
import { applyEvent, emptyConversation, pendingPermissions, type Conversation } from './conversation.js';
import { parseRoute, sessionHref, type Route, type Tab } from './route.js';
import { Chat } from './views/chat.js';
import { Files } from './views/files.js';
import { STATUS_LABEL, usd } from './views/format.js';
import { NewSession } from './views/new-session.js';
import { SessionList } from './views/sessions.js';
import { SignIn } from './views/signin.js';
import { KeyUsage, SessionUsage } from './views/usage.js';

// The console: sign in, the session list beside the selected session (chat, files, usage).

const POLL_MS = 2000;

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** One session open: its event stream (kept while switching tabs) and the tab shown. */
function SessionView(props: { api: Api; session: Session; tab: Tab; file: string | null; pendingPrompt: string | null; onPromptSent: () => void; onQueue: (pos: number | null) => void; onChanged: () => void }) {
  const { api, session } = props;
  const conv = useRef<Conversation>(emptyConversation());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [filesVersion, setFilesVersion] = useState(0);
  useEffect(() => {
    conv.current = emptyConversation();
    setVersion((v) => v + 1);
    let frame = 0;
    // Token deltas arrive in bursts: one render per animation frame.
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    const stop = api.follow(
      session.id,
      0,
      (e) => {
        applyEvent(conv.current, e);
        if (e.type === 'queued') props.onQueue(e.position);
        if (e.type === 'process_started' || e.type === 'turn_finished') props.onQueue(null);
        if (e.type === 'turn_finished' || e.type === 'turn_started' || e.type === 'permission_request' || e.type === 'permission_resolved') props.onChanged();
        if (e.type === 'turn_finished' && e.files && e.files.created.length + e.files.modified.length + e.files.deleted.length > 0) setFilesVersion((v) => v + 1);
        schedule();
      },
      setConnection,
    );
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [api, session.id]);

  const waiting = pendingPermissions(conv.current).length;
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState('');
  const [renameError, setRenameError] = useState<string | null>(null);
  const rename = async (e: Event) => {
    e.preventDefault();
    const r = await api.client.PATCH('/sessions/{id}', { params: { path: { id: session.id } }, body: { name: newName.trim() || null } });
    if (r.error) return setRenameError(failure(r.response.status, r.error).message);
    setRenaming(false);
    setRenameError(null);
    props.onChanged();
  };
  const busy = session.status !== 'idle';
  const del = async () => {
    if (!confirm(`Delete session ${session.name ?? session.id} and its workspace?`)) return;
    const r = await api.client.DELETE('/sessions/{id}', { params: { path: { id: session.id } } });
    if (!r.error) {
      location.hash = '#/';
      props.onChanged();
    }
  };
  const tabs: [Tab, string][] = [
    ['chat', 'Chat'],
    ['files', 'Files'],
    ['usage', 'Usage'],
  ];
  return (
    <main class="session" id="main" aria-label={`Session ${session.name ?? session.id}`}>
      <header class="session-head">
        {renaming ? (
          <form class="rename" onSubmit={(e) => void rename(e)}>
            <label for="rename-input" class="sr-only">
              Session name
            </label>
            <input id="rename-input" value={newName} maxLength={200} onInput={(e) => setNewName(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)} autoFocus />
            <button type="submit" class="small primary">
              Save
            </button>
            <button type="button" class="small" onClick={() => setRenaming(false)}>
              Cancel
            </button>
            {renameError && (
              <span class="error" role="alert">
                {renameError}
              </span>
            )}
          </form>
        ) : (
          <>
            <h1 id="session-title">{session.name ?? session.id}</h1>
            <button
              type="button"
              class="small"
              onClick={() => {
                setNewName(session.name ?? '');
                setRenaming(true);
              }}
            >
              Rename
            </button>
          </>
        )}
        <span class={`badge status-${session.status}`}>{STATUS_LABEL[session.status] ?? session.status}</span>
        {waiting > 0 && <span class="badge status-waiting_permission">{waiting} waiting for you</span>}
        <span class="session-meta">
          {session.model} · {session.permissionMode} · {Array.isArray(session.permissionPolicy) ? session.permissionPolicy.join(', ') : session.permissionPolicy} · {usd(session.totals.costUsd)} · {session.owner}
        </span>
        <button type="button" class="danger small" onClick={() => void del()}>
          Delete session
        </button>
      </header>
      <nav class="tabs" aria-label="Session views">
        {tabs.map(([t, label]) => (
          <a key={t} href={sessionHref(session.id, t)} aria-current={props.tab === t ? 'page' : undefined} class={props.tab === t ? 'active' : ''}>
            {label}
          </a>
        ))}
      </nav>
      {props.tab === 'chat' && <Chat api={api} session={session} conv={conv.current} version={version} connection={connection} pendingPrompt={props.pendingPrompt} onPromptSent={props.onPromptSent} />}
      {props.tab === 'files' && (
        <Files api={api} session={session} refresh={filesVersion} busy={busy} selected={props.file} onSelect={(p) => (location.hash = sessionHref(session.id, 'files', p))} />
      )}
      {props.tab === 'usage' && <SessionUsage api={api} session={session} refresh={filesVersion + version} />}
    </main>
  );
}

function Console(props: { api: Api; onSignOut: (() => void) | null }) {
  const { api } = props;
  const route = useRoute();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [pendingPrompt, setPendingPrompt] = useState<{ id: string; prompt: string } | null>(null);
  const [queue, setQueue] = useState<Record<string, number>>({});

  const refresh = useCallback(async () => {
    try {
      const all: Session[] = [];
      let cursor: string | undefined;
      do {
        const page = Api.ok(await api.client.GET('/sessions', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
        all.push(...page.sessions);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 1000);
      all.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
      setSessions(all);
      setNow(Date.now());
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);

  // Live updates: the list is polled (one request for every session's status).
  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const loaded = sessions !== null;
  useEffect(() => {
    // The session list is on screen: the browser test reads this mark as time to interactive.
    if (loaded) requestAnimationFrame(() => performance.mark('console-ready'));
  }, [loaded]);

  const selectedId = route.view === 'session' ? route.id : null;
  const selected = sessions?.find((s) => s.id === selectedId) ?? null;
  const waiting = sessions?.filter((s) => s.status === 'waiting_permission').length ?? 0;

  return (
    <div class="layout">
      <a class="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header class="top">
        <a href="#/" class="brand">
          claude-code-api
        </a>
        {waiting > 0 && (
          <span class="badge status-waiting_permission" role="status">
            {waiting} waiting for permission
          </span>
        )}
        <a href="#/usage" class="top-link">
          Usage
        </a>
        {props.onSignOut && (
          <button type="button" class="small" onClick={props.onSignOut}>
            Sign out
          </button>
        )}
      </header>
      <div class="columns">
        <SessionList sessions={sessions ?? []} selected={selectedId} now={now} queuePositions={queue} />
        <div class="content">
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {route.view === 'new' && (
            <main id="main" tabIndex={-1}>
              <NewSession
                api={api}
                onCreated={(s, prompt) => {
                  setSessions((list) => [s, ...(list ?? [])]);
                  if (prompt) setPendingPrompt({ id: s.id, prompt });
                  location.hash = sessionHref(s.id);
                }}
              />
            </main>
          )}
          {route.view === 'usage' && (
            <main id="main" tabIndex={-1}>
              <KeyUsage api={api} />
            </main>
          )}
          {route.view === 'home' && (
            <main id="main" tabIndex={-1} class="panel">
              <h1>Sessions</h1>
              <p>{sessions === null ? 'Loading…' : sessions.length === 0 ? 'No sessions yet: create one to start.' : 'Pick a session on the left, or create one.'}</p>
              <a class="button primary" href="#/new">
                New session
              </a>
            </main>
          )}
          {route.view === 'session' &&
            (selected ? (
              <SessionView
                key={selected.id}
                api={api}
                session={selected}
                tab={route.tab}
                file={route.file}
                pendingPrompt={pendingPrompt?.id === selected.id ? pendingPrompt.prompt : null}
                onPromptSent={() => setPendingPrompt(null)}
                onQueue={(pos) => setQueue((q) => {
                  const next = { ...q };
                  if (pos === null) delete next[selected.id];
                  else next[selected.id] = pos;
                  return next;
                })}
                onChanged={() => void refresh()}
              />
            ) : (
              <main id="main" tabIndex={-1} class="panel">
                <p>{sessions === null ? 'Loading…' : 'No such session (it may have been deleted or expired).'}</p>
              </main>
            ))}
        </div>
      </div>
    </div>
  );
}

/** Signs in: a stored key, or none if the server asks for none; a 401 shows the key form. */
function App() {
  const [state, setState] = useState<{ phase: 'checking' } | { phase: 'signin'; error: string | null } | { phase: 'in'; api: Api; needsKey: boolean }>({ phase: 'checking' });
  const tryKey = useCallback(async (key: string | null) => {
    const api = new Api(key);
    const r = await api.client.GET('/sessions', { params: { query: { limit: 1 } } });
    if (r.response.status === 401) {
      storeKey(null);
      setState({ phase: 'signin', error: key ? 'That key was not accepted.' : null });
      return;
    }
    if (key) storeKey(key);
    setState({ phase: 'in', api, needsKey: key !== null });
  }, []);
  useEffect(() => {
    void tryKey(storedKey()).catch((err: Error) => setState({ phase: 'signin', error: err.message }));
  }, [tryKey]);
  // When the first usable view is on screen: the browser test reads it as time to interactive.
  useEffect(() => {
    if (state.phase === 'signin') requestAnimationFrame(() => performance.mark('console-sign-in'));
  }, [state.phase]);
  if (state.phase === 'checking') return <p class="boot">Connecting…</p>;
  if (state.phase === 'signin') return <SignIn error={state.error} onKey={(k) => void tryKey(k)} />;
  return (
    <Console
      api={state.api}
      onSignOut={
        state.needsKey
          ? () => {
              storeKey(null);
              setState({ phase: 'signin', error: null });
            }
          : null
      }
    />
  );
}

render(<App />, document.getElementById('app')!);
