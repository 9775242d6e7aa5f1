/** F1–F4: create, get, destroy a file, and fresh upload URLs. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkShareRead } from '../access.js';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { authenticate, jsonBody, parseBody } from '../http.js';
import type { FileRecord } from '../storage/types.js';
import { fileView } from '../views.js';
import { ownedShare } from './shares.js';

const Filename = z
  .string({ error: 'filename is required, e.g. {"filename": "photo.jpg"}' })
  .min(1, 'filename must not be empty')
  .max(1024, 'filename is longer than 1024 characters')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'filename contains control characters');
const Session = z.string().max(200).nullable().optional();

const CreateFile = z.object({ filename: Filename, session: Session });

/** Files per batch request: a 100-file drop is one request, a bigger one a few. */
export const BATCH_MAX = 500;
const CreateFiles = z.object({
  files: z
    .array(z.object({ filename: Filename }), {
      error: 'files is required, e.g. {"files": [{"filename": "a.jpg"}, {"filename": "b.jpg"}]}',
    })
    .min(1, 'files must not be empty')
    .max(BATCH_MAX, `at most ${BATCH_MAX} files per request; send the rest in another`),
  session: Session,
});

type Params = { sharename: string; fileid: string };

/** Files one share may hold unless the operator says otherwise: the app's largest drop. */
export const DEFAULT_MAX_FILES_PER_SHARE = 10_000;

/** Refuses (409 `shareFull`) `adding` more files to a share that would then pass the cap. */
function checkRoom(ctx: ServerContext, sharename: string, adding: number): void {
  const cap = ctx.config.maxFilesPerShare ?? DEFAULT_MAX_FILES_PER_SHARE;
  if (cap === 0) return;
  const held = ctx.meta.fileTotals(sharename).files;
  if (held + adding > cap) {
    const room = Math.max(0, cap - held);
    fail(
      'shareFull',
      `a share holds at most ${cap.toLocaleString('en')} files; this one has ${held.toLocaleString('en')}` +
        (room > 0 ? `, room for ${room.toLocaleString('en')} more` : ''),
    );
  }
}

/** The file, or 404 (`share not found` / `file not found`). */
export function findFile(ctx: ServerContext, sharename: string, fileid: string): FileRecord {
  const file = ctx.meta.getFile(sharename, fileid);
  if (file) return file;
  fail(ctx.meta.getShare(sharename) ? 'fileNotFound' : 'shareNotFound');
}

export function fileRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { sharename: string } }>('/1/files/:sharename/create', (req) => {
    const user = authenticate(ctx, req);
    const share = ownedShare(ctx, user, req.params.sharename);
    if (share.removed) fail('shareRemoved');
    const input = parseBody(CreateFile, jsonBody(req));
    checkRoom(ctx, share.name, 1);
    const file = ctx.meta.createFile({
      sharename: share.name,
      ownerId: user.id,
      filename: input.filename,
      session: input.session || null,
    });
    ctx.live.onFileCreated(file);
    return fileView(ctx, file, true, share);
  });

  // Extension: many files in one request and one transaction, in the order given.
  app.post<{ Params: { sharename: string } }>('/1/files/:sharename/createmany', (req) => {
    const user = authenticate(ctx, req);
    const share = ownedShare(ctx, user, req.params.sharename);
    if (share.removed) fail('shareRemoved');
    const input = parseBody(CreateFiles, jsonBody(req));
    checkRoom(ctx, share.name, input.files.length);
    const files = ctx.meta.createFiles({
      sharename: share.name,
      ownerId: user.id,
      filenames: input.files.map((f) => f.filename),
      session: input.session || null,
    });
    for (const file of files) ctx.live.onFileCreated(file);
    return { files: files.map((file) => fileView(ctx, file, true, share)) };
  });

  app.get<{ Params: Params }>('/1/files/:sharename/:fileid', (req) => {
    const file = findFile(ctx, req.params.sharename, req.params.fileid);
    const share = ctx.meta.getShare(file.sharename);
    if (share) checkShareRead(ctx, req, share);
    return fileView(ctx, file, false, share);
  });

  app.post<{ Params: Params }>('/1/files/:sharename/:fileid/destroy', async (req) => {
    const user = authenticate(ctx, req);
    ownedShare(ctx, user, req.params.sharename);
    const file = findFile(ctx, req.params.sharename, req.params.fileid);
    ctx.uploads.abort(file.sharename, file.fileid);
    await ctx.discardBlobs(ctx.meta.removeFile(file.sharename, file.fileid));
    return { success: true };
  });

  app.get<{ Params: Params }>('/1/files/:sharename/:fileid/upload', (req) => {
    const user = authenticate(ctx, req);
    ownedShare(ctx, user, req.params.sharename);
    const file = findFile(ctx, req.params.sharename, req.params.fileid);
    if (file.readystate === 'removed') fail('fileRemoved');
    return ctx.urls.upload(file);
  });
}
