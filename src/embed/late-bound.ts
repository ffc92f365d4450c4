/**
 * An object whose members are looked up on `resolve()` at each use. The HTTP app is built (and
 * may be mounted) before the runtime has restored its sessions; a gate keeps every request
 * waiting until it has, so only requests ever reach through.
 */
export function lateBound<T extends object>(what: string, resolve: () => T | undefined): T {
  const target = () => {
    const t = resolve();
    if (!t) throw new Error(`${what} is not ready yet`);
    return t;
  };
  // Methods are bound once per target, not on every call (calls are on every request's path).
  let boundFor: T | undefined;
  const bound = new Map<string | symbol, { of: Function; fn: unknown }>();
  return new Proxy({} as T, {
    get(_shell, key) {
      const t = target();
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      if (boundFor !== t) {
        boundFor = t;
        bound.clear();
      }
      let entry = bound.get(key);
      if (entry?.of !== value) bound.set(key, (entry = { of: value, fn: value.bind(t) }));
      return entry.fn;
    },
    has: (_shell, key) => Reflect.has(target(), key),
  });
}
