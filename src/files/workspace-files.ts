import { lstat } from 'node:fs/promises';
import { ApiError } from '../errors.js';
import { limitedBody } from './budget.js';
import { planCommit, type PlanItem } from './commit.js';
import { listDir, type ListPage } from './list.js';
import { openFile, type OpenedFile } from './read.js';
import { removePath } from './remove.js';
import { parseRelPath, resolveExisting, workspaceRoot } from './safe-path.js';
import { checkConditions, WorkspaceWriter, type WorkspaceRef, type WriteConditions } from './write.js';

export type { WorkspaceRef } from './write.js';

export interface FileLimits {
  maxUploadBytes: number;
  workspaceMaxBytes: number;
  maxListEntries: number;
}

// tar and busboy load on first use (archive, extract, upload): ~1.5 MiB of heap an idle server never needs.
const archivePack = () => import('./archive-pack.js');
const archiveUnpack = () => import('./archive-unpack.js');
const multipart = () => import('./multipart.js');

type Body = ReadableStream<Uint8Array> | Iterable<Uint8Array> | null;

/** The workspace files use cases; paths arrive as the client sent them and are checked here. */
export class WorkspaceFiles {
  private readonly writer: WorkspaceWriter;

  constructor(private readonly limits: FileLimits) {
    this.writer = new WorkspaceWriter(limits);
  }

  async list(ws: WorkspaceRef, q: { path?: string; recursive?: boolean; limit?: number; cursor?: string }): Promise<ListPage> {
    const root = await workspaceRoot(ws.dir);
    const rel = parseRelPath(q.path ?? '');
    return listDir(root, { rel, recursive: q.recursive ?? false, limit: q.limit ?? this.limits.maxListEntries, cursor: q.cursor });
  }

  async open(ws: WorkspaceRef, path: string): Promise<OpenedFile> {
    return openFile(await workspaceRoot(ws.dir), parseRelPath(path));
  }

  /** A directory (default: the whole workspace) as a streamed .tar.gz. */
  async archive(ws: WorkspaceRef, path = ''): Promise<{ rel: string; stream: ReadableStream<Uint8Array> }> {
    const root = await workspaceRoot(ws.dir);
    const rel = parseRelPath(path);
    const dir = await resolveExisting(root, rel);
    if (!(await lstat(dir)).isDirectory()) throw new ApiError('NOT_A_DIRECTORY', `${rel} is not a directory`);
    return { rel, stream: (await archivePack()).packDirectory(root, dir) };
  }

  /** PUT: one file from the raw body. `created` is false when it replaced a file. */
  async put(ws: WorkspaceRef, path: string, body: Body, opts: WriteConditions & { contentLength?: number }) {
    const rel = parseRelPath(path);
    if (rel === '') throw new ApiError('INVALID_PATH', 'invalid path: name a file, not the workspace root');
    const check = (plan: PlanItem[]) => checkConditions(plan, opts);
    let created = true;
    const written = await this.writer.write(ws, {
      base: '',
      contentLength: opts.contentLength,
      check,
      stage: async (staging, budgets, root) => {
        // Before reading the body: a refused target or precondition costs no upload.
        const early = await planCommit(root, '', [{ rel, abs: '', type: 'file' }]);
        check(early);
        created = early[0]!.existing === null;
        await staging.writeFile(rel, limitedBody(body, this.limits.maxUploadBytes), budgets);
      },
    });
    return { created, entry: written[0]! };
  }

  /** POST multipart/form-data: several files, under `dir` (query or form field). */
  async upload(ws: WorkspaceRef, body: Body, opts: WriteConditions & { contentType: string; contentLength?: number; dir?: string }) {
    if (opts.ifMatch !== undefined) throw new ApiError('VALIDATION_FAILED', 'If-Match applies to one file: use PUT …/files/content');
    return this.writer.write(ws, {
      base: parseRelPath(opts.dir ?? ''),
      contentLength: opts.contentLength,
      check: (plan) => checkConditions(plan, opts),
      stage: async (staging, budgets) => {
        const form = await (await multipart()).stageMultipart(staging, limitedBody(body, this.limits.maxUploadBytes), opts.contentType, budgets);
        if (form.dir !== undefined && opts.dir !== undefined) throw new ApiError('VALIDATION_FAILED', 'give dir in the query or in the form, not both');
      },
    });
  }

  /** POST a .tar(.gz): unpacked under `dir`, all or nothing. */
  async extract(ws: WorkspaceRef, body: Body, opts: { contentLength?: number; dir?: string } = {}) {
    return this.writer.write(ws, {
      base: parseRelPath(opts.dir ?? ''),
      contentLength: opts.contentLength,
      check: () => {},
      stage: async (staging, budgets) => (await archiveUnpack()).stageArchive(staging, limitedBody(body, this.limits.maxUploadBytes), budgets[0]!),
    });
  }

  async remove(ws: WorkspaceRef, path: string, recursive: boolean) {
    const rel = parseRelPath(path);
    return this.writer.exclusive(ws, async () => removePath(await workspaceRoot(ws.dir), rel, recursive));
  }
}
