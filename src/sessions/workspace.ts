import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isSessionId } from './session-ids.js';

/** Workspace directories: `<root>/<sessionId>`, the id checked before it touches the disk. */
export class Workspaces {
  constructor(readonly root: string) {}

  pathFor(sessionId: string): string {
    if (!isSessionId(sessionId)) throw new Error(`not a session id: ${JSON.stringify(sessionId)}`);
    return path.join(this.root, sessionId);
  }

  async create(sessionId: string): Promise<string> {
    const dir = this.pathFor(sessionId);
    await mkdir(dir, { recursive: false });
    return dir;
  }

  /** Recreates a workspace that vanished while the server was down. */
  async ensure(sessionId: string): Promise<void> {
    await mkdir(this.pathFor(sessionId), { recursive: true });
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.pathFor(sessionId), { recursive: true, force: true });
  }
}
