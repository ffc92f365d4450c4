export const API_PREFIX = '/api/v1';

/** A request path relative to the API, whichever of the two mounts it came through. */
export function apiPath(path: string): string {
  if (path === API_PREFIX) return '/';
  return path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path;
}
