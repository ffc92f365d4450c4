import type { FileSchemas } from '../file-schemas.js';
import type { RouteDoc } from './route-doc.js';
import { DeleteFileReply, ExtractReply, FileList, PutReply, UploadReply } from './file-view-schemas.js';
import { z } from './zod.js';

// Documentation of src/http/routes/files.ts.

const binary = z.string().openapi({ format: 'binary' });
const WRITE_ERRORS = ['SESSION_BUSY', 'INVALID_PATH', 'PATH_OUTSIDE_WORKSPACE', 'PATH_CONFLICT', 'PAYLOAD_TOO_LARGE', 'WORKSPACE_FULL'] as const;
const conditions = z.object({
  'If-Match': z.string().optional().openapi({ description: 'Write only if the file has this ETag.' }),
  'If-None-Match': z.string().optional().openapi({ description: '`*`: create only.' }),
});

export function fileDocs(f: FileSchemas): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/sessions/:id/files',
      operationId: 'listFiles',
      tag: 'Files',
      summary: 'List workspace files',
      description: 'Hidden files included; depth-first, siblings by name; paginated with `cursor`.',
      query: f.list,
      replies: { 200: { description: 'One page of entries.', json: FileList } },
      errors: ['INVALID_PATH', 'PATH_OUTSIDE_WORKSPACE', 'FILE_NOT_FOUND', 'NOT_A_DIRECTORY'],
    },
    {
      method: 'get',
      path: '/sessions/:id/files/content',
      operationId: 'downloadFile',
      tag: 'Files',
      summary: 'Download a file',
      description: 'Streamed, with `ETag`, `Last-Modified`, one `Range` (206) and `If-None-Match` (304).',
      query: f.file,
      replies: {
        200: { description: 'The file (Content-Type by extension).', content: { 'application/octet-stream': { schema: binary } } },
        206: { description: 'The requested range.', content: { 'application/octet-stream': { schema: binary } } },
        304: { description: 'Not modified since the given ETag.' },
      },
      errors: ['INVALID_PATH', 'PATH_OUTSIDE_WORKSPACE', 'FILE_NOT_FOUND', 'NOT_A_FILE', 'RANGE_NOT_SATISFIABLE'],
    },
    {
      method: 'put',
      path: '/sessions/:id/files/content',
      operationId: 'putFile',
      tag: 'Files',
      summary: 'Upload one file',
      description: 'The raw body becomes the file; parent directories are created. Refused while a turn runs.',
      query: f.file,
      headers: conditions,
      bodyContent: { 'application/octet-stream': { schema: binary } },
      replies: { 200: { description: 'Replaced.', json: PutReply }, 201: { description: 'Created.', json: PutReply } },
      errors: [...WRITE_ERRORS, 'NOT_A_FILE', 'PRECONDITION_FAILED'],
    },
    {
      method: 'post',
      path: '/sessions/:id/files',
      operationId: 'uploadFiles',
      tag: 'Files',
      summary: 'Upload several files',
      description:
        'multipart/form-data (with its `boundary` parameter: a body without one, or that is not multipart, is 400 VALIDATION_FAILED): the field name is the path; under a field named `file`/`files` the part\'s filename is. `dir` is the base.',
      query: f.upload,
      bodyContent: { 'multipart/form-data': { schema: z.record(z.string(), binary) } },
      replies: { 201: { description: 'Written, all or nothing.', json: UploadReply } },
      errors: [...WRITE_ERRORS, 'PRECONDITION_FAILED'],
    },
    {
      method: 'delete',
      path: '/sessions/:id/files',
      operationId: 'deleteFile',
      tag: 'Files',
      summary: 'Delete a file or directory',
      description: 'A link is removed, never its target; a directory needs `recursive=true`.',
      query: f.remove,
      replies: { 200: { description: 'Deleted.', json: DeleteFileReply } },
      errors: ['SESSION_BUSY', 'INVALID_PATH', 'PATH_OUTSIDE_WORKSPACE', 'FILE_NOT_FOUND', 'DIRECTORY_NOT_EMPTY'],
    },
    {
      method: 'get',
      path: '/sessions/:id/archive',
      operationId: 'downloadArchive',
      tag: 'Files',
      summary: 'Download the workspace as .tar.gz',
      description: 'The workspace, or the directory `path`, streamed. Links pointing outside are left out.',
      query: f.dir,
      replies: { 200: { description: 'A gzipped tar.', content: { 'application/gzip': { schema: binary } } } },
      errors: ['INVALID_PATH', 'PATH_OUTSIDE_WORKSPACE', 'FILE_NOT_FOUND', 'NOT_A_DIRECTORY'],
    },
    {
      method: 'post',
      path: '/sessions/:id/archive',
      operationId: 'uploadArchive',
      tag: 'Files',
      summary: 'Unpack a .tar.gz into the workspace',
      description: 'All or nothing: an unsafe entry refuses the whole archive.',
      query: f.dir,
      bodyContent: { 'application/gzip': { schema: binary } },
      replies: { 201: { description: 'Unpacked.', json: ExtractReply } },
      errors: [...WRITE_ERRORS, 'INVALID_ARCHIVE'],
    },
  ];
}
