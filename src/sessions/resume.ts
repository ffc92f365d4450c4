import { cp, realpath } from 'node:fs/promises';
import path from 'node:path';
import { findTranscript, importTranscript } from '../cli/transcripts.js';
import { ApiError } from '../errors.js';
import { isSessionId } from './session-ids.js';

export interface ResumeRequest {
  claudeSessionId: string;
  /** Also copy the files of the directory the conversation ran in. */
  importWorkspace: boolean;
}

export interface ResumeContext {
  /** Config dirs that may hold the conversation, searched in order. */
  configDirs: (claudeSessionId: string) => string[];
  /** The new session's own config dir, where the conversation is copied. */
  targetConfigDir: string;
  workspaceRoot: string;
  importRoots: string[];
  admin: boolean;
  /** Whether the caller may see the session of that id (a fork of one's own session). */
  canSeeSession: (sessionId: string) => boolean;
  /** Lets that session's warm CLI finish writing its transcript before it is copied. */
  settleSession: (sessionId: string) => Promise<void>;
}

const inside = (dir: string, root: string) => dir === root || dir.startsWith(root + path.sep);

/**
 * Brings an existing CLI conversation into a new workspace: its transcript is copied into the
 * project dir of the new workspace, so the first turn's `--continue` picks it up. Nothing is
 * taken from a request path: the conversation is named by id, its directory read from it.
 */
export async function resumeInto(workspace: string, req: ResumeRequest, ctx: ResumeContext): Promise<void> {
  const notFound = () => new ApiError('CLAUDE_SESSION_NOT_FOUND', `no CLI conversation ${req.claudeSessionId} on this host`);
  let t = null;
  for (const dir of ctx.configDirs(req.claudeSessionId)) if ((t = await findTranscript(dir, req.claudeSessionId))) break;
  if (!t) throw notFound();
  const cwd = t.cwd ? await realpath(t.cwd).catch(() => t.cwd!) : null;
  // A conversation from one of this service's workspaces belongs to that session's owner; one
  // from elsewhere on the host is an admin's to hand out. Others get the same 404 as a miss.
  const rel = cwd && inside(cwd, ctx.workspaceRoot) ? path.relative(ctx.workspaceRoot, cwd).split(path.sep)[0] : null;
  const ownSession = rel !== null && rel !== undefined && isSessionId(rel) && ctx.canSeeSession(rel);
  if (!ownSession && !ctx.admin) throw notFound();
  if (rel && isSessionId(rel)) await ctx.settleSession(rel);
  if (req.importWorkspace) {
    if (!cwd || !(ownSession || ctx.importRoots.some((r) => inside(cwd, r)))) {
      throw new ApiError('IMPORT_NOT_ALLOWED', 'the conversation ran in a directory outside RESUME_IMPORT_ROOTS');
    }
    await cp(cwd, workspace, { recursive: true, verbatimSymlinks: true, errorOnExist: false, force: true });
  }
  await importTranscript(ctx.targetConfigDir, t, req.claudeSessionId, workspace);
}
