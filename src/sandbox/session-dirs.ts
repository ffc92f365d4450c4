import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectDirFor } from '../cli/transcripts.js';
import { isSessionId } from '../sessions/session-ids.js';

/** A session's private directories: what its CLI may write besides the workspace. */
export interface SessionPaths {
  root: string;
  /** HOME; the CLI's config dir (transcripts, settings) is `home/.claude`. */
  home: string;
  configDir: string;
  /** Mounted as the sandbox's /tmp. */
  tmp: string;
  /** passwd and group as the sandbox sees them. */
  etc: string;
}

export const SANDBOX_UID = 1000;
const PASSWD = (home: string) => `root:x:0:0:root:/root:/usr/sbin/nologin\nclaude:x:${SANDBOX_UID}:${SANDBOX_UID}:claude:${home}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`;
const GROUP = `root:x:0:\nclaude:x:${SANDBOX_UID}:\nnogroup:x:65534:\n`;

/**
 * `<base>/<sessionId>/{home,tmp,etc}`: every session has its own HOME and CLI config dir, in
 * every sandbox mode, so transcripts, `--continue` and resume never mix tenants.
 */
export class SessionDirs {
  private readonly prepared = new Set<string>();

  constructor(
    readonly base: string,
    /** The config dir sessions shared before they had their own: their transcripts move over once. */
    private readonly legacyConfigDir: string,
  ) {}

  paths(sessionId: string): SessionPaths {
    if (!isSessionId(sessionId)) throw new Error(`not a session id: ${JSON.stringify(sessionId)}`);
    const root = path.join(this.base, sessionId);
    const home = path.join(root, 'home');
    return { root, home, configDir: path.join(home, '.claude'), tmp: path.join(root, 'tmp'), etc: path.join(root, 'etc') };
  }

  /** Creates the directories (once per server run) and brings over a pre-upgrade transcript. */
  async prepare(sessionId: string, workspace: string): Promise<SessionPaths> {
    const p = this.paths(sessionId);
    if (this.prepared.has(sessionId)) return p;
    const fresh = !(await stat(p.home).then(() => true, () => false));
    await mkdir(this.base, { recursive: true, mode: 0o700 });
    await mkdir(p.configDir, { recursive: true, mode: 0o700 });
    await mkdir(p.tmp, { recursive: true, mode: 0o700 });
    await mkdir(p.etc, { recursive: true, mode: 0o755 });
    await writeFile(path.join(p.etc, 'passwd'), PASSWD(p.home));
    await writeFile(path.join(p.etc, 'group'), GROUP);
    if (fresh) {
      const legacy = projectDirFor(this.legacyConfigDir, workspace);
      if (await stat(legacy).then((s) => s.isDirectory(), () => false)) {
        await cp(legacy, projectDirFor(p.configDir, workspace), { recursive: true, verbatimSymlinks: true });
      }
    }
    this.prepared.add(sessionId);
    return p;
  }

  async remove(sessionId: string): Promise<void> {
    this.prepared.delete(sessionId);
    await rm(this.paths(sessionId).root, { recursive: true, force: true });
  }
}
