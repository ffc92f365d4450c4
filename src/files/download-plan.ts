import { ifNoneMatchMatches } from './etag.js';

// What a GET of a file answers, from its validators and the request's conditional and Range
// headers (RFC 9110): pure, so it is tested without a server.

export interface FileValidators {
  size: number;
  etag: string;
  mtime: Date;
}

export interface DownloadHeaders {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  range?: string;
  ifRange?: string;
}

export type DownloadPlan =
  | { status: 200; start: 0; end: number; length: number }
  | { status: 206; start: number; end: number; length: number; contentRange: string }
  | { status: 304 }
  | { status: 416; contentRange: string };

export function planDownload(file: FileValidators, h: DownloadHeaders): DownloadPlan {
  if (h.ifNoneMatch !== undefined) {
    if (ifNoneMatchMatches(h.ifNoneMatch, file.etag)) return { status: 304 };
  } else if (h.ifModifiedSince !== undefined) {
    const since = Date.parse(h.ifModifiedSince);
    // HTTP dates have whole seconds.
    if (!Number.isNaN(since) && Math.floor(file.mtime.getTime() / 1000) * 1000 <= since) return { status: 304 };
  }
  const full = { status: 200 as const, start: 0 as const, end: file.size - 1, length: file.size };
  if (h.range === undefined || !rangeStillValid(file, h.ifRange)) return full;
  const range = parseRange(h.range, file.size);
  if (range === 'ignore') return full;
  if (range === 'unsatisfiable') return { status: 416, contentRange: `bytes */${file.size}` };
  const [start, end] = range;
  return { status: 206, start, end, length: end - start + 1, contentRange: `bytes ${start}-${end}/${file.size}` };
}

// If-Range: serve the range only when the client's copy is still current (strong ETag or exact date).
function rangeStillValid(file: FileValidators, ifRange: string | undefined): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith('"')) return v === file.etag;
  const date = Date.parse(v);
  return !Number.isNaN(date) && date === Math.floor(file.mtime.getTime() / 1000) * 1000;
}

/** One `bytes=` range → [start, end] inclusive; several ranges or bad syntax are ignored (full body). */
export function parseRange(header: string, size: number): [number, number] | 'ignore' | 'unsatisfiable' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'ignore';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return [start, Math.min(last, size - 1)];
}
