import path from 'node:path';

// Enough types for what Claude usually builds; anything else is octet-stream (downloads are
// attachments, so a wrong guess never renders in a browser).
const TEXT = 'text/plain; charset=utf-8';
const TYPES: Record<string, string> = {
  '.txt': TEXT,
  '.md': 'text/markdown; charset=utf-8',
  '.log': TEXT,
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.ts': TEXT,
  '.tsx': TEXT,
  '.jsx': TEXT,
  '.py': TEXT,
  '.rb': TEXT,
  '.go': TEXT,
  '.rs': TEXT,
  '.java': TEXT,
  '.c': TEXT,
  '.h': TEXT,
  '.cpp': TEXT,
  '.sh': TEXT,
  '.sql': TEXT,
  '.toml': TEXT,
  '.ini': TEXT,
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
