import type { Session } from '../api.js';
import { sessionHref } from '../route.js';
import { STATUS_LABEL, ago, usd } from './format.js';

/** The session list: who runs what, who waits for permission, what it cost. */
export function SessionList(props: { sessions: Session[]; selected: string | null; now: number; queuePositions: Record<string, number> }) {
  const { sessions } = props;
  return (
    <nav class="sessions" aria-label="Sessions">
      <div class="sessions-head">
        <h2>Sessions</h2>
        <a class="button primary" href="#/new">
          New session
        </a>
      </div>
      {sessions.length === 0 ? (
        <p class="empty">No sessions yet.</p>
      ) : (
        <ul>
          {sessions.map((s) => {
            const pos = props.queuePositions[s.id];
            return (
              <li key={s.id}>
                <a href={sessionHref(s.id)} class={`session-row${props.selected === s.id ? ' selected' : ''}`} aria-current={props.selected === s.id ? 'page' : undefined} data-session={s.id}>
                  <span class="session-name">{s.name ?? s.id}</span>
                  <span class={`badge status-${s.status}`} data-status={s.status}>
                    {STATUS_LABEL[s.status] ?? s.status}
                    {s.status === 'queued' && pos ? ` #${pos}` : ''}
                  </span>
                  <span class="session-meta">
                    {`${s.model} · ${ago(s.lastActivityAt, props.now)} · ${usd(s.totals.costUsd)} · ${s.owner}`}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
