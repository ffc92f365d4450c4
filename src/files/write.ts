import { ApiError } from '../errors.js';
import { ByteBudget, uploadTooLarge, workspaceFull } from './budget.js';
import { applyCommit, planCommit, replacedBytes, type PlanItem, type WrittenEntry } from './commit.js';
import { etagOf, ifMatchPasses, ifNoneMatchMatches } from './etag.js';
import { ensureFits, usedBytes } from './quota.js';
import { workspaceRoot } from './safe-path.js';
import { Staging } from './staging.js';

// Every write to a workspace: one at a time per workspace, never during a turn, staged first and
// moved into place only once the paths, the conditions and the quota all hold.

/** A session's workspace as the files API sees it: where it is, and whether a turn owns it now. */
export interface WorkspaceRef {
  dir: string;
  busy: () => boolean;
  /** Keeps turns from starting while a write is under way; returns the release. */
  hold?: () => () => void;
}

export interface WriteConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

export interface StagedWrite {
  /** Target directory of the staged tree, relative to the workspace. */
  base: string;
  contentLength: number | undefined;
  check: (plan: PlanItem[]) => void;
  /** Fills the staging directory, counting content bytes against the budget. */
  stage: (staging: Staging, budgets: ByteBudget[], root: string) => Promise<void>;
}

export function refuseWhenBusy(ws: WorkspaceRef): void {
  // Claude and a client never write the same tree at once: files change only between turns.
  if (ws.busy()) throw new ApiError('SESSION_BUSY', 'a turn is running or queued: workspace files can change only between turns');
}

export function checkConditions(plan: PlanItem[], c: WriteConditions): void {
  for (const item of plan) {
    if (item.staged.type !== 'file') continue;
    const current = item.existing ? etagOf(item.existing) : null;
    if (c.ifMatch !== undefined && !ifMatchPasses(c.ifMatch, current)) {
      throw new ApiError('PRECONDITION_FAILED', `If-Match: ${item.rel} ${current ? `has ETag ${current}` : 'does not exist'}`, { path: item.rel, etag: current });
    }
    if (c.ifNoneMatch !== undefined && ifNoneMatchMatches(c.ifNoneMatch, current)) {
      throw new ApiError('PRECONDITION_FAILED', `If-None-Match: ${item.rel} already exists`, { path: item.rel, etag: current });
    }
  }
}

export class WorkspaceWriter {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly limits: { maxUploadBytes: number; workspaceMaxBytes: number }) {}

  /** Runs `fn` alone for this workspace, refusing (before and after waiting) while busy. */
  async exclusive<T>(ws: WorkspaceRef, fn: () => Promise<T>): Promise<T> {
    refuseWhenBusy(ws);
    const guarded = async () => {
      refuseWhenBusy(ws);
      const release = ws.hold?.();
      try {
        return await fn();
      } finally {
        release?.();
      }
    };
    const run = (this.locks.get(ws.dir) ?? Promise.resolve()).then(guarded, guarded);
    const tail = run.catch(() => {});
    this.locks.set(ws.dir, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(ws.dir) === tail) this.locks.delete(ws.dir);
    }
  }

  // Stage → plan → check (conditions, quota, busy) → move. The staging directory always goes.
  async write(ws: WorkspaceRef, w: StagedWrite): Promise<WrittenEntry[]> {
    if (w.contentLength !== undefined && w.contentLength > this.limits.maxUploadBytes) throw uploadTooLarge(this.limits.maxUploadBytes);
    return this.exclusive(ws, async () => {
      const root = await workspaceRoot(ws.dir);
      const max = this.limits.workspaceMaxBytes;
      // While streaming, content alone may not pass the quota; the exact check (what the upload
      // replaces counts back) follows once the targets are known.
      const content = new ByteBudget(max, workspaceFull);
      const staging = await Staging.create(root);
      try {
        await w.stage(staging, [content], root);
        const plan = await planCommit(root, w.base, await staging.entries());
        w.check(plan);
        ensureFits(await usedBytes(root), replacedBytes(plan), content.total, max);
        refuseWhenBusy(ws);
        return await applyCommit(root, plan);
      } finally {
        await staging.discard();
      }
    });
  }
}
