import { Hono, type Context } from 'hono';
import { attachment } from '../../files/content-type.js';
import type { WorkspaceFiles, WorkspaceRef } from '../../files/workspace-files.js';
import type { SessionService } from '../../sessions/session-service.js';
import { downloadReply } from '../download.js';
import type { AppEnv } from '../env.js';
import type { FileSchemas } from '../file-schemas.js';
import { readQuery } from '../validate.js';
import { sessionParam } from './params.js';

// Routes whose body is an upload: they skip the global BODY_LIMIT_BYTES and count their own
// bytes against MAX_UPLOAD_BYTES while streaming. Paths are relative to the API prefix.
const UPLOADS: Array<[string, RegExp]> = [
  ['PUT', /^\/sessions\/[^/]+\/files\/content$/],
  ['POST', /^\/sessions\/[^/]+\/files$/],
  ['POST', /^\/sessions\/[^/]+\/archive$/],
];
export const isUploadRoute = (method: string, apiPath: string) => UPLOADS.some(([m, re]) => m === method && re.test(apiPath));

const contentLength = (c: Context) => {
  const v = c.req.header('content-length');
  return v !== undefined && /^\d{1,16}$/.test(v) ? Number(v) : undefined;
};

export function fileRoutes(service: SessionService, files: WorkspaceFiles, schemas: FileSchemas, maxListEntries: number) {
  const app = new Hono<AppEnv>();

  // Owner only: another tenant's session answers 404 like a missing one.
  const workspace = (c: Context<AppEnv>): WorkspaceRef => {
    const live = service.get(sessionParam(c), c.get('caller'));
    return { dir: live.record.workspace, busy: () => live.turn !== null, hold: () => service.holdWorkspace(live) };
  };

  app.get('/sessions/:id/files', async (c) => {
    const ws = workspace(c);
    return c.json(await files.list(ws, readQuery(c, schemas.list)));
  });

  app.get('/sessions/:id/files/content', async (c) => {
    const ws = workspace(c);
    return downloadReply(c, await files.open(ws, readQuery(c, schemas.file).path));
  });

  app.put('/sessions/:id/files/content', async (c) => {
    const ws = workspace(c);
    const q = readQuery(c, schemas.file);
    const { created, entry } = await files.put(ws, q.path, c.req.raw.body, {
      contentLength: contentLength(c),
      ifMatch: c.req.header('if-match'),
      ifNoneMatch: c.req.header('if-none-match'),
    });
    if (entry.etag) c.header('ETag', entry.etag);
    return c.json({ entry }, created ? 201 : 200);
  });

  app.post('/sessions/:id/files', async (c) => {
    const ws = workspace(c);
    const q = readQuery(c, schemas.upload);
    const entries = await files.upload(ws, c.req.raw.body, {
      contentType: c.req.header('content-type') ?? '',
      contentLength: contentLength(c),
      dir: q.dir,
      ifMatch: c.req.header('if-match'),
      ifNoneMatch: c.req.header('if-none-match'),
    });
    return c.json({ entries }, 201);
  });

  app.delete('/sessions/:id/files', async (c) => {
    const ws = workspace(c);
    const q = readQuery(c, schemas.remove);
    return c.json({ deleted: await files.remove(ws, q.path, q.recursive ?? false) });
  });

  app.get('/sessions/:id/archive', async (c) => {
    const ws = workspace(c);
    const { rel, stream } = await files.archive(ws, readQuery(c, schemas.dir).path);
    const name = `${c.req.param('id')}${rel ? `-${rel.replaceAll('/', '-')}` : ''}.tar.gz`;
    const headers = { 'Content-Type': 'application/gzip', 'Content-Disposition': attachment(name), 'Cache-Control': 'no-store' };
    if (c.req.method === 'HEAD') {
      await stream.cancel();
      return c.body(null, 200, headers);
    }
    return c.body(stream, 200, headers);
  });

  app.post('/sessions/:id/archive', async (c) => {
    const ws = workspace(c);
    const q = readQuery(c, schemas.dir);
    const written = await files.extract(ws, c.req.raw.body, { dir: q.path, contentLength: contentLength(c) });
    return c.json({ count: written.length, entries: written.slice(0, maxListEntries), truncated: written.length > maxListEntries }, 201);
  });

  return app;
}
