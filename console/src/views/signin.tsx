import { useState } from 'preact/hooks';

/** The API key form; the key stays in this tab's sessionStorage only. */
export function SignIn(props: { error: string | null; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <main class="signin" id="main">
      <h1>claude-code-api</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) props.onKey(key.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="current-password" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
        <p class="hint">Kept in this tab only (sessionStorage); closing the tab signs you out.</p>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
