import type { LiveSession } from './session.js';

/**
 * The service's sessions by id (a Map), also kept in list order: (createdAt, id) ascending,
 * overall and per owner. Concurrent creates reach the Map in the order their awaits finish,
 * not in createdAt order, so Map order cannot serve a cursor; and a page must not cost a pass
 * over every session. createdAt, id and owner never change once a session exists.
 */
export class SessionIndex extends Map<string, LiveSession> {
  private readonly ordered: LiveSession[] = [];
  private readonly byOwner = new Map<string, LiveSession[]>();

  override set(id: string, live: LiveSession): this {
    const previous = super.get(id);
    if (previous) this.unindex(previous);
    super.set(id, live);
    insert(this.ordered, live);
    const owner = live.record.owner;
    let mine = this.byOwner.get(owner);
    if (!mine) this.byOwner.set(owner, (mine = []));
    insert(mine, live);
    return this;
  }

  override delete(id: string): boolean {
    const live = super.get(id);
    if (!live) return false;
    super.delete(id);
    this.unindex(live);
    return true;
  }

  override clear(): void {
    super.clear();
    this.ordered.length = 0;
    this.byOwner.clear();
  }

  /** Every session (owner undefined) or one owner's, in (createdAt, id) order. Do not modify. */
  inOrder(owner?: string): readonly LiveSession[] {
    return owner === undefined ? this.ordered : (this.byOwner.get(owner) ?? []);
  }

  private unindex(live: LiveSession): void {
    remove(this.ordered, live);
    const mine = this.byOwner.get(live.record.owner);
    if (mine) {
      remove(mine, live);
      if (mine.length === 0) this.byOwner.delete(live.record.owner);
    }
  }
}

/** (createdAt, id) of a is before that of b. */
function before(aCreatedAt: number, aId: string, bCreatedAt: number, bId: string): boolean {
  return aCreatedAt < bCreatedAt || (aCreatedAt === bCreatedAt && aId < bId);
}

/** The index of the first session after (createdAt, id) in a list in (createdAt, id) order. */
export function firstAfter(list: readonly LiveSession[], createdAt: number, id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = list[mid]!.record;
    if (before(createdAt, id, r.createdAt, r.id)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function insert(list: LiveSession[], live: LiveSession): void {
  const { createdAt, id } = live.record;
  // New sessions are the newest: the common case appends.
  const last = list.at(-1)?.record;
  if (!last || before(last.createdAt, last.id, createdAt, id)) list.push(live);
  else list.splice(firstAfter(list, createdAt, id), 0, live);
}

function remove(list: LiveSession[], live: LiveSession): void {
  const { createdAt, id } = live.record;
  // The first entry not before (createdAt, id) is the session itself (ids are unique).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = list[mid]!.record;
    if (before(r.createdAt, r.id, createdAt, id)) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === live) list.splice(lo, 1);
  else {
    const i = list.indexOf(live); // never expected: a key changed after insertion
    if (i !== -1) list.splice(i, 1);
  }
}
