import { z } from './zod.js';

// Response bodies of the workspace files routes (src/files).

const entryType = z.enum(['file', 'dir', 'symlink', 'other']).meta({ description: 'Links are never followed; `other` is a FIFO or socket.' });

export const FileEntry = z
  .strictObject({
    path: z.string().meta({ description: 'Relative to the workspace.', example: 'src/app.py' }),
    type: entryType,
    size: z.number().int(),
    modifiedAt: z.string().meta({ example: '2025-01-01T12:00:00.000Z' }),
  })
  .openapi('FileEntry');

export const FileList = z
  .strictObject({ path: z.string(), entries: z.array(FileEntry), nextCursor: z.string().nullable() })
  .openapi('FileList', { description: 'Depth-first, siblings by name.' });

export const WrittenEntry = z
  .strictObject({
    path: z.string(),
    type: z.enum(['file', 'dir', 'symlink']),
    size: z.number().int(),
    modifiedAt: z.string(),
    etag: z.string().nullable().meta({ example: '"1a2b-18c0f3e2a10"' }),
  })
  .openapi('WrittenEntry');

export const PutReply = z.strictObject({ entry: WrittenEntry }).openapi('PutFileReply');
export const UploadReply = z.strictObject({ entries: z.array(WrittenEntry) }).openapi('UploadReply');
export const DeleteFileReply = z.strictObject({ deleted: z.strictObject({ path: z.string(), type: entryType }) }).openapi('DeleteFileReply');
export const ExtractReply = z
  .strictObject({
    count: z.number().int(),
    entries: z.array(WrittenEntry).meta({ description: 'At most `MAX_LIST_ENTRIES`.' }),
    truncated: z.boolean(),
  })
  .openapi('ExtractReply');
