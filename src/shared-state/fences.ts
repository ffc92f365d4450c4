/**
 * The epochs under which this replica owns sessions. A write carries the epoch; Redis refuses it
 * when a takeover bumped the session's epoch since, and the session is then given up here.
 */
export class Fences {
  private readonly epochs = new Map<string, number>();
  private onLost: (id: string) => void = () => {};

  /** Who hears that a session was taken over (the service drops it and ends its turn). */
  whenLost(fn: (id: string) => void): void {
    this.onLost = fn;
  }

  hold(id: string, epoch: number): void {
    this.epochs.set(id, epoch);
  }

  epochOf(id: string): number | undefined {
    return this.epochs.get(id);
  }

  held(): Array<[string, number]> {
    return [...this.epochs];
  }

  /** Given up on purpose (deleted, released at shutdown). */
  drop(id: string): void {
    this.epochs.delete(id);
  }

  /** Another replica took it over: said once. */
  lost(id: string): void {
    if (this.epochs.delete(id)) this.onLost(id);
  }
}
