import type { ToolCall } from '../conversation.js';
import { lineDiff } from '../diff.js';
import { highlight, langOfPath } from '../markdown.js';

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v, null, 2));

/** A path inside the workspace as the workspace sees it (the tools get absolute ones). */
export const inWorkspace = (p: string, workspace: string) => (p.startsWith(`${workspace}/`) ? p.slice(workspace.length + 1) : p);

/** A one-line summary of a tool call: what it touches or runs. */
export function toolSummary(name: string, input: Record<string, unknown>, workspace = ''): string {
  const first = input.file_path ?? input.path ?? input.command ?? input.pattern ?? input.url ?? input.description;
  const s = typeof first === 'string' ? (workspace ? inWorkspace(first, workspace) : first) : '';
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

export function Code(props: { code: string; lang?: string | undefined; label?: string }) {
  return (
    <pre class="code" aria-label={props.label} tabIndex={0}>
      <code class="hljs" dangerouslySetInnerHTML={{ __html: highlight(props.code, props.lang) }} />
    </pre>
  );
}

function Diff(props: { before: string; after: string }) {
  return (
    <pre class="code diff" aria-label="Changes" tabIndex={0}>
      {lineDiff(props.before, props.after).map((l, i) => (
        <span key={i} class={l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx'}>
          {l.op} {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/** The tool's input shown the way people read it: a diff for Edit, the file for Write, the command for Bash. */
export function ToolInput(props: { name: string; input: Record<string, unknown> }) {
  const { name, input } = props;
  const file = typeof input.file_path === 'string' ? input.file_path : '';
  if (name === 'Edit' && typeof input.old_string === 'string') return <Diff before={input.old_string} after={str(input.new_string)} />;
  if (name === 'MultiEdit' && Array.isArray(input.edits)) {
    return (
      <>
        {(input.edits as { old_string?: unknown; new_string?: unknown }[]).map((e, i) => (
          <Diff key={i} before={str(e.old_string)} after={str(e.new_string)} />
        ))}
      </>
    );
  }
  if (name === 'Write' && typeof input.content === 'string') return <Code code={input.content} lang={langOfPath(file)} label={`Content of ${file}`} />;
  if (name === 'Bash' && typeof input.command === 'string') return <Code code={`$ ${input.command}`} lang="bash" label="Command" />;
  return <Code code={JSON.stringify(input, null, 2)} lang="json" label="Input" />;
}

export function ToolCard(props: { call: ToolCall; workspace: string }) {
  const { call } = props;
  const state = call.result === null ? 'running' : call.result.isError ? 'error' : 'done';
  return (
    <details class={`tool-card tool-${state}`} data-tool={call.name}>
      <summary>
        <span class="tool-name">{call.name}</span> <span class="tool-summary">{toolSummary(call.name, call.input, props.workspace)}</span>
        <span class={`badge tool-state-${state}`}>{state === 'running' ? 'running…' : state === 'error' ? 'error' : 'done'}</span>
      </summary>
      <div class="tool-body">
        <ToolInput name={call.name} input={call.input} />
        {call.result && (
          <>
            <div class="tool-result-label">{call.name === 'Bash' ? 'Output' : 'Result'}</div>
            <Code code={call.result.text || '(no output)'} label={`${call.name} result`} />
          </>
        )}
      </div>
    </details>
  );
}
