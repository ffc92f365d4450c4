// The console's place, kept in the URL hash so a reload (or a shared link) opens the same view.

export type Tab = 'chat' | 'files' | 'usage';
export type Route = { view: 'home' } | { view: 'new' } | { view: 'usage' } | { view: 'session'; id: string; tab: Tab; file: string | null };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'new') return { view: 'new' };
  if (parts[0] === 'usage') return { view: 'usage' };
  if (parts[0] === 's' && parts[1]) {
    const tab = parts[2] === 'files' || parts[2] === 'usage' ? parts[2] : 'chat';
    let file: string | null = null;
    try {
      file = tab === 'files' && parts[3] ? decodeURIComponent(parts.slice(3).join('/')) : null;
    } catch {
      file = null;
    }
    return { view: 'session', id: parts[1], tab, file };
  }
  return { view: 'home' };
}

export const sessionHref = (id: string, tab: Tab = 'chat', file?: string | null) => `#/s/${id}/${tab}${file ? `/${encodeURIComponent(file)}` : ''}`;
