import busboy from 'busboy';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../errors.js';
import type { ByteBudget } from './budget.js';
import { parseRelPath } from './safe-path.js';
import type { Staging } from './staging.js';

// multipart/form-data → staged files, streamed part by part (never the whole body in memory).
// A part's field name is its path in the workspace (`-F 'src/a.txt=@a.txt'`); under a generic
// field name (`file`, `files`, `files[]`) the part's filename is used instead.

const MAX_PARTS = 1000;
const GENERIC = new Set(['', 'file', 'files', 'files[]']);

const invalid = (message: string) => new ApiError('VALIDATION_FAILED', message, { fields: [{ path: '(body)', message }] });

export interface StagedMultipart {
  /** The `dir` field, if the form had one (it must come before the files). */
  dir: string | undefined;
  files: string[];
}

export async function stageMultipart(
  staging: Staging,
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  budgets: ByteBudget[],
): Promise<StagedMultipart> {
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': contentType },
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { files: MAX_PARTS, fields: 10, parts: MAX_PARTS + 10, fieldNameSize: 4097, fieldSize: 4096 },
    });
  } catch {
    throw invalid('the body must be multipart/form-data with a boundary');
  }
  const out: StagedMultipart = { dir: undefined, files: [] };
  const writes: Promise<unknown>[] = [];
  let failure: unknown = null;
  // The first failure stops the whole parse (and so the upload): nothing is half-accepted.
  const fail = (err: unknown) => {
    failure ??= err;
    bb.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  bb.on('field', (name, value) => {
    if (name !== 'dir') return fail(invalid(`unknown form field ${JSON.stringify(name.slice(0, 100))}: files need a filename (curl -F 'path=@file')`));
    if (out.dir !== undefined || out.files.length > 0) return fail(invalid('the dir field must come once, before the files'));
    out.dir = value;
  });
  bb.on('file', (name, stream, info) => {
    // Destroying the parser errors the current part's stream; its reader (if any) sees that too.
    stream.on('error', () => {});
    try {
      const raw = GENERIC.has(name) ? info.filename : name;
      if (!raw) throw invalid(`part ${JSON.stringify(name)} has no filename to use as its path`);
      const rel = parseRelPath(out.dir === undefined ? raw : `${out.dir}/${raw}`);
      if (rel === '') throw invalid('a part names the workspace root');
      if (out.files.includes(rel)) throw new ApiError('PATH_CONFLICT', `${rel} is uploaded twice`);
      out.files.push(rel);
      writes.push(staging.writeFile(rel, stream, budgets).catch(fail));
    } catch (err) {
      stream.resume();
      fail(err);
    }
  });
  for (const limit of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
    bb.on(limit, () => fail(invalid(`too many parts (at most ${MAX_PARTS} files)`)));
  }
  try {
    await pipeline(Readable.from(body), bb);
  } catch (err) {
    failure ??= err instanceof ApiError ? err : invalid(`malformed multipart body: ${(err as Error).message}`);
  }
  await Promise.allSettled(writes);
  if (failure) throw failure;
  if (out.files.length === 0) throw invalid('no files in the form (curl -F "path/in/workspace=@local-file")');
  return out;
}
