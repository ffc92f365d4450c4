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
  return new Proxy({} as T, {
    get(_shell, key) {
      const t = target();
      const value: unknown = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
    has: (_shell, key) => Reflect.has(target(), key),
  });
}
