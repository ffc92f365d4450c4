import { useEffect, useState } from 'preact/hooks';
import { Api, type Session } from '../api.js';

const MODES = ['default', 'acceptEdits', 'plan'] as const;
type Mode = (typeof MODES)[number];
const list = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);

/** Creates a session; an initial prompt is sent as its first streamed message. */
export function NewSession(props: { api: Api; onCreated: (s: Session, prompt: string) => void }) {
  const [models, setModels] = useState<{ id: string; default: boolean }[]>([]);
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [mode, setMode] = useState<Mode>('default');
  const [policy, setPolicy] = useState<'deny' | 'ask' | 'list'>('ask');
  const [policyTools, setPolicyTools] = useState('');
  const [allowed, setAllowed] = useState('');
  const [processMode, setProcessMode] = useState<'per-turn' | 'warm'>('per-turn');
  const [prompt, setPrompt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void props.api.client.GET('/models').then((r) => {
      if (!r.data) return;
      setModels(r.data.models);
      setModel(r.data.default);
    });
  }, [props.api]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = Api.ok(
        await props.api.client.POST('/sessions', {
          body: {
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(model ? { model } : {}),
            permissionMode: mode,
            permissionPolicy: policy === 'list' ? list(policyTools) : policy,
            ...(allowed.trim() ? { allowedTools: list(allowed) } : {}),
            processMode,
          },
        }),
      );
      props.onCreated(created.session, prompt.trim());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel new-session" aria-labelledby="new-title">
      <h2 id="new-title">New session</h2>
      <form onSubmit={submit} class="form-grid">
        <label for="ns-name">Name</label>
        <input id="ns-name" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={200} placeholder="optional" />
        <label for="ns-model">Model</label>
        <select id="ns-model" value={model} onChange={(e) => setModel(e.currentTarget.value)}>
          {models.map((m) => (
            <option value={m.id} key={m.id}>
              {m.id}
              {m.default ? ' (default)' : ''}
            </option>
          ))}
        </select>
        <label for="ns-mode">Permission mode</label>
        <select id="ns-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
          {MODES.map((m) => (
            <option value={m} key={m}>
              {m}
            </option>
          ))}
        </select>
        <label for="ns-policy">Tool approvals</label>
        <select id="ns-policy" value={policy} onChange={(e) => setPolicy(e.currentTarget.value as 'deny' | 'ask' | 'list')}>
          <option value="ask">ask me (approve in the console)</option>
          <option value="deny">deny (as the CLI does in -p mode)</option>
          <option value="list">allow only these tools…</option>
        </select>
        {policy === 'list' && (
          <>
            <label for="ns-policy-tools">Tools allowed without asking</label>
            <input id="ns-policy-tools" value={policyTools} onInput={(e) => setPolicyTools(e.currentTarget.value)} placeholder="Write, Bash(npm test:*)" />
          </>
        )}
        <label for="ns-allowed">Allowed tools</label>
        <input id="ns-allowed" value={allowed} onInput={(e) => setAllowed(e.currentTarget.value)} placeholder="comma-separated, optional" />
        <label for="ns-process">Process mode</label>
        <select id="ns-process" value={processMode} onChange={(e) => setProcessMode(e.currentTarget.value as 'per-turn' | 'warm')}>
          <option value="per-turn">per turn</option>
          <option value="warm">warm (kept alive between turns)</option>
        </select>
        <label for="ns-prompt">Initial prompt</label>
        <textarea id="ns-prompt" rows={4} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} placeholder="optional: sent as the first message" />
        {error && (
          <p class="error full" role="alert">
            {error}
          </p>
        )}
        <div class="full actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create session'}
          </button>
        </div>
      </form>
    </section>
  );
}
