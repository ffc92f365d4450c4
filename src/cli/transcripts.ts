import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

// The CLI keeps a conversation as `<configDir>/projects/<cwd, non-alphanumerics as "-">/<id>.jsonl`;
// `--continue` reads the newest transcript of the directory it runs in.

export const projectDirFor = (configDir: string, cwd: string) => path.join(configDir, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));

export interface Transcript {
  file: string;
  /** The working directory the conversation ran in, as the transcript records it. */
  cwd: string | null;
}

/** Finds a conversation by its CLI session id among the config dir's projects. */
export async function findTranscript(configDir: string, claudeSessionId: string): Promise<Transcript | null> {
  const projects = path.join(configDir, 'projects');
  let dirs: string[];
  try {
    dirs = await readdir(projects);
  } catch {
    return null;
  }
  for (const d of dirs) {
    const file = path.join(projects, d, `${claudeSessionId}.jsonl`);
    try {
      if ((await stat(file)).isFile()) return { file, cwd: await recordedCwd(file) };
    } catch {
      // not in this project
    }
  }
  return null;
}

async function recordedCwd(file: string): Promise<string | null> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      const m = /"cwd":"((?:[^"\\]|\\.)*)"/.exec(line);
      if (m) return String(JSON.parse(`"${m[1]}"`));
      if (++n > 200) break;
    }
  } finally {
    lines.close();
  }
  return null;
}

/** Copies a conversation (and its side files) so `--continue` in `cwd` picks it up. */
export async function importTranscript(configDir: string, t: Transcript, claudeSessionId: string, cwd: string): Promise<void> {
  const target = projectDirFor(configDir, cwd);
  await mkdir(target, { recursive: true });
  await copyFile(t.file, path.join(target, `${claudeSessionId}.jsonl`));
  const sideDir = path.join(path.dirname(t.file), claudeSessionId);
  if (await stat(sideDir).then((s) => s.isDirectory(), () => false)) {
    await cp(sideDir, path.join(target, claudeSessionId), { recursive: true, verbatimSymlinks: true });
  }
}

/** Deletes the CLI's transcripts of a workspace that is going away. */
export async function removeTranscripts(configDir: string, cwd: string): Promise<void> {
  await rm(projectDirFor(configDir, cwd), { recursive: true, force: true });
}
