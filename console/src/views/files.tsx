import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, saveResponse, type FileEntry, type Session } from '../api.js';
import { bytes } from './format.js';
import { Code } from './tool-card.js';
import { langOfPath } from '../markdown.js';

interface Node {
  entry: FileEntry;
  name: string;
  children: Node[];
}

// At most this many entries are listed (pages of the API's listing).
const MAX_ENTRIES = 5000;
const PREVIEW_TEXT_BYTES = 512 * 1024;
const IMAGE = /\.(png|jpe?g|gif|webp|svg|ico|bmp|avif)$/i;

function buildTree(entries: FileEntry[]): Node[] {
  const root: Node[] = [];
  const dirs = new Map<string, Node[]>([['', root]]);
  for (const e of entries) {
    const slash = e.path.lastIndexOf('/');
    const parent = slash === -1 ? '' : e.path.slice(0, slash);
    const node: Node = { entry: e, name: e.path.slice(slash + 1), children: [] };
    (dirs.get(parent) ?? root).push(node);
    if (e.type === 'dir') dirs.set(e.path, node.children);
  }
  const sort = (ns: Node[]) => {
    ns.sort((a, b) => Number(b.entry.type === 'dir') - Number(a.entry.type === 'dir') || a.name.localeCompare(b.name));
    for (const n of ns) sort(n.children);
  };
  sort(root);
  return root;
}

type Preview = { path: string; kind: 'text'; text: string } | { path: string; kind: 'image'; url: string } | { path: string; kind: 'binary'; size: number };

function Tree(props: { nodes: Node[]; selected: string | null; onSelect: (p: string) => void; depth: number }) {
  return (
    <ul class={props.depth === 0 ? 'tree' : 'subtree'}>
      {props.nodes.map((n) =>
        n.entry.type === 'dir' ? (
          <li key={n.entry.path}>
            <details open={props.depth < 1}>
              <summary data-path={n.entry.path}>{n.name}/</summary>
              <Tree nodes={n.children} selected={props.selected} onSelect={props.onSelect} depth={props.depth + 1} />
            </details>
          </li>
        ) : (
          <li key={n.entry.path}>
            <button type="button" class={`file${props.selected === n.entry.path ? ' selected' : ''}`} aria-pressed={props.selected === n.entry.path} data-path={n.entry.path} onClick={() => props.onSelect(n.entry.path)}>
              {n.name}
              {n.entry.type === 'symlink' ? ' →' : ''} <span class="size">{n.entry.type === 'file' ? bytes(n.entry.size) : n.entry.type}</span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

/** The workspace: tree, preview, download, upload by drag and drop, delete. */
export function Files(props: { api: Api; session: Session; refresh: number; selected: string | null; onSelect: (p: string | null) => void; busy: boolean }) {
  const { api, session } = props;
  const [entries, setEntries] = useState<FileEntry[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const [dragging, setDragging] = useState(false);
  const [reloads, setReloads] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const q = (p: string) => `?path=${encodeURIComponent(p)}`;
  const base = `/sessions/${encodeURIComponent(session.id)}`;

  useEffect(() => {
    let stop = false;
    void (async () => {
      const all: FileEntry[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = Api.ok(await api.client.GET('/sessions/{id}/files', { params: { path: { id: session.id }, query: { recursive: 'true', limit: 1000, ...(cursor ? { cursor } : {}) } } }));
          all.push(...page.entries);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && all.length < MAX_ENTRIES);
        if (stop) return;
        setEntries(all);
        setTruncated(Boolean(cursor));
      } catch (err) {
        if (!stop) setError((err as Error).message);
      }
    })();
    return () => {
      stop = true;
    };
  }, [api, session.id, props.refresh, reloads]);

  useEffect(() => {
    const p = props.selected;
    if (!p) return setPreview(null);
    let url: string | null = null;
    let stop = false;
    const entry = entries?.find((e) => e.path === p);
    void (async () => {
      try {
        if (entry && entry.type !== 'file') return setPreview(null);
        if (IMAGE.test(p)) {
          const res = await api.raw(`${base}/files/content${q(p)}`);
          url = URL.createObjectURL(await res.blob());
          if (!stop) setPreview({ path: p, kind: 'image', url });
          return;
        }
        if (entry && entry.size > PREVIEW_TEXT_BYTES) return setPreview({ path: p, kind: 'binary', size: entry.size });
        const res = await api.raw(`${base}/files/content${q(p)}`);
        const buf = new Uint8Array(await res.arrayBuffer());
        // A NUL in the first KiB: not text.
        if (buf.subarray(0, 1024).includes(0)) return stop || setPreview({ path: p, kind: 'binary', size: buf.length });
        if (!stop) setPreview({ path: p, kind: 'text', text: new TextDecoder().decode(buf) });
      } catch (err) {
        if (!stop) setError((err as Error).message);
      }
    })();
    return () => {
      stop = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, props.selected, entries]);

  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    setError(null);
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    const dir = props.selected?.includes('/') ? props.selected.slice(0, props.selected.lastIndexOf('/')) : '';
    try {
      await api.raw(`${base}/files${dir ? `?dir=${encodeURIComponent(dir)}` : ''}`, { method: 'POST', body: form });
      setStatus(`Uploaded ${files.map((f) => f.name).join(', ')}`);
      setReloads((n) => n + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const remove = async (p: string) => {
    if (!confirm(`Delete ${p}?`)) return;
    try {
      await api.raw(`${base}/files${q(p)}&recursive=true`, { method: 'DELETE' });
      setStatus(`Deleted ${p}`);
      props.onSelect(null);
      setReloads((n) => n + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const download = async (p: string) => {
    try {
      await saveResponse(await api.raw(`${base}/files/content${q(p)}`), p.split('/').pop() ?? 'file');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const archive = async () => {
    try {
      await saveResponse(await api.raw(`${base}/archive`), `${session.name ?? session.id}.tar.gz`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const tree = entries ? buildTree(entries) : [];
  return (
    <section
      class={`files${dragging ? ' dragging' : ''}`}
      aria-label="Files"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void upload([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <div class="files-bar">
        <button type="button" onClick={() => void archive()}>
          Download workspace (.tar.gz)
        </button>
        <button type="button" onClick={() => input.current?.click()} disabled={props.busy} title={props.busy ? 'a turn is running: uploads wait until it ends' : undefined}>
          Upload files
        </button>
        <input ref={input} type="file" multiple class="sr-only" aria-label="Files to upload" tabIndex={-1} onChange={(e) => void upload([...(e.currentTarget.files ?? [])])} />
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          Refresh
        </button>
        <span class="hint">or drop files here</span>
      </div>
      <p class="sr-only" role="status">
        {status}
      </p>
      {status && <p class="notice">{status}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="files-body">
        <div class="files-tree" aria-label="Workspace tree" role="region">
          {entries === null ? <p>Loading…</p> : entries.length === 0 ? <p class="empty">The workspace is empty.</p> : <Tree nodes={tree} selected={props.selected} onSelect={(p) => props.onSelect(p)} depth={0} />}
          {truncated && <p class="hint">Only the first {MAX_ENTRIES} entries are shown.</p>}
        </div>
        <div class="files-preview" aria-label="Preview" role="region">
          {preview ? (
            <>
              <div class="preview-head">
                <h3>{preview.path}</h3>
                <button type="button" onClick={() => void download(preview.path)}>
                  Download
                </button>
                <button type="button" class="danger" disabled={props.busy} onClick={() => void remove(preview.path)}>
                  Delete
                </button>
              </div>
              {preview.kind === 'text' && <Code code={preview.text} lang={langOfPath(preview.path)} label={`Content of ${preview.path}`} />}
              {preview.kind === 'image' && <img src={preview.url} alt={preview.path} class="preview-image" />}
              {preview.kind === 'binary' && <p>Binary or large file ({bytes(preview.size)}): download it to open.</p>}
            </>
          ) : (
            <p class="empty">Select a file to preview it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
