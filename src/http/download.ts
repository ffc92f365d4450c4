import type { Context } from 'hono';
import { ApiError } from '../errors.js';
import { attachment } from '../files/content-type.js';
import { planDownload } from '../files/download-plan.js';
import type { OpenedFile } from '../files/read.js';

/** The reply to a GET/HEAD of an opened file: 200, 206 (one range), 304 or 416. Closes what it does not send. */
export async function downloadReply(c: Context, file: OpenedFile): Promise<Response> {
  const plan = planDownload(file, {
    ifNoneMatch: c.req.header('if-none-match'),
    ifModifiedSince: c.req.header('if-modified-since'),
    range: c.req.header('range'),
    ifRange: c.req.header('if-range'),
  });
  const headers: Record<string, string> = {
    ETag: file.etag,
    'Last-Modified': file.mtime.toUTCString(),
    'Accept-Ranges': 'bytes',
    // Workspace files change between turns: always revalidate (cheap, with the ETag).
    'Cache-Control': 'private, no-cache',
  };
  if (plan.status === 304) {
    await file.close();
    return c.body(null, 304, headers);
  }
  if (plan.status === 416) {
    await file.close();
    c.header('Content-Range', plan.contentRange);
    throw new ApiError('RANGE_NOT_SATISFIABLE', `range not satisfiable: the file has ${file.size} bytes`, { size: file.size });
  }
  Object.assign(headers, {
    'Content-Type': file.contentType,
    'Content-Length': String(plan.length),
    'Content-Disposition': attachment(file.name),
    ...(plan.status === 206 ? { 'Content-Range': plan.contentRange } : {}),
  });
  if (c.req.method === 'HEAD' || plan.length === 0) {
    await file.close();
    return c.body(null, plan.status, headers);
  }
  return c.body(file.body(plan.start, plan.end), plan.status, headers);
}
