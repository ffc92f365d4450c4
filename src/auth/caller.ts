/** Who is asking: a configured key's name, or the single local tenant when auth is off. */
export interface Caller {
  owner: string;
  admin: boolean;
}

export const LOCAL_CALLER: Caller = { owner: 'local', admin: true };
export const ANONYMOUS_CALLER: Caller = { owner: 'anonymous', admin: false };

export function canSee(caller: Caller, owner: string): boolean {
  return caller.admin || caller.owner === owner;
}
