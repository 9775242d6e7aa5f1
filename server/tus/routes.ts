/**
 * The tus endpoint of each file, an extension old Ge.tt clients never see:
 *   POST    /1/files/{s}/{f}/tus?exp&sig        Upload-Length → 201, Location of the upload
 *   HEAD    /1/files/{s}/{f}/tus/{id}?exp&sig   → Upload-Offset, Upload-Length
 *   PATCH   /1/files/{s}/{f}/tus/{id}?exp&sig   appends at Upload-Offset → 204, new offset
 *   DELETE  /1/files/{s}/{f}/tus/{id}?exp&sig   terminates → 204
 *   OPTIONS either URL                           → Tus-Version, Tus-Extension, Tus-Max-Size
 * `exp`/`sig` are the file's upload signature (the same as its puturl), so the URL is the
 * permission, like puturl. Bytes land in the blob store and follow the file's usual states.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { queryParam } from '../http.js';
import type { FileRecord } from '../storage/types.js';
import { findFile } from '../routes/files.js';
import {
  OFFSET_CONTENT_TYPE,
  TUS_EXTENSIONS,
  TusError,
  checkVersion,
  intHeader,
  tusHeaders,
} from './protocol.js';
import { TusUploads } from './uploads.js';

type FileParams = { sharename: string; fileid: string };
type UploadParams = FileParams & { id: string };

const enc = encodeURIComponent;
/** How often abandoned uploads (expired URLs) are looked for. */
const SWEEP_MS = 60 * 60 * 1000;

/** The signed file the URL names; 403 for a bad signature, 404/410 for a missing file. */
function signedFile(ctx: ServerContext, req: FastifyRequest<{ Params: FileParams }>): FileRecord {
  const { sharename, fileid } = req.params;
  ctx.urls.checkUpload(sharename, fileid, queryParam(req, 'exp'), queryParam(req, 'sig'));
  const file = findFile(ctx, sharename, fileid);
  if (file.readystate === 'removed') fail('fileRemoved');
  return file;
}

/** Registers the tus routes and reopens uploads a stopped server left unfinished. */
export async function tusRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const uploads = new TusUploads(ctx);
  await uploads.reopen();
  const sweeper = setInterval(() => {
    uploads.sweep().catch((err: unknown) => ctx.logger.warn('tus sweep failed', { err }));
  }, SWEEP_MS);
  sweeper.unref();
  app.addHook('onClose', () => {
    clearInterval(sweeper);
    return uploads.closeAll();
  });

  // PATCH bodies go to the blob store as a raw stream, never parsed or buffered.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));
  app.addHook('onRequest', (_req, reply, done) => {
    tusHeaders(reply);
    done();
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof TusError) {
      return reply.code(err.status).send({ error: err.message, code: err.code });
    }
    throw err; // the server's own handler answers ApiErrors and hides internal details
  });

  const discovery = (req: FastifyRequest<{ Params: FileParams }>, reply: FastifyReply) => {
    const file = signedFile(ctx, req);
    reply.header('tus-extension', TUS_EXTENSIONS);
    // What create() accepts now: running uploads of the owner hold their share already.
    reply.header('tus-max-size', String(ctx.uploads.room(file)));
    return reply.code(204).send();
  };
  app.options<{ Params: FileParams }>('/1/files/:sharename/:fileid/tus', discovery);
  app.options<{ Params: UploadParams }>('/1/files/:sharename/:fileid/tus/:id', discovery);

  app.post<{ Params: FileParams }>('/1/files/:sharename/:fileid/tus', async (req, reply) => {
    checkVersion(req);
    const file = signedFile(ctx, req);
    if (req.headers['upload-defer-length'] !== undefined) throw new TusError('tusDeferredLength');
    const length = intHeader(req, 'upload-length');
    if (length === undefined) throw new TusError('tusBadLength');
    // creation-with-upload is not offered: a body here is ignored, so do not keep the socket.
    if (intHeader(req, 'content-length')) reply.header('connection', 'close');
    const record = await uploads.create(file, length);
    const exp = enc(queryParam(req, 'exp') ?? '');
    const sig = enc(queryParam(req, 'sig') ?? '');
    const base = `${ctx.config.publicUrl}/1/files/${enc(file.sharename)}/${enc(file.fileid)}`;
    reply.header('location', `${base}/tus/${record.id}?exp=${exp}&sig=${sig}`);
    reply.header('upload-offset', '0');
    return reply.code(201).send();
  });

  app.head<{ Params: UploadParams }>('/1/files/:sharename/:fileid/tus/:id', (req, reply) => {
    checkVersion(req);
    const { offset, length } = uploads.status(req.params.id, signedFile(ctx, req));
    reply.header('upload-offset', String(offset));
    reply.header('upload-length', String(length));
    reply.header('cache-control', 'no-store');
    return reply.code(200).send();
  });

  app.patch<{ Params: UploadParams }>('/1/files/:sharename/:fileid/tus/:id', async (req, reply) => {
    checkVersion(req);
    const file = signedFile(ctx, req);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== OFFSET_CONTENT_TYPE) throw new TusError('tusBadContentType');
    const offset = intHeader(req, 'upload-offset');
    if (offset === undefined) throw new TusError('tusBadOffset');
    const { length } = uploads.status(req.params.id, file);
    const declared = intHeader(req, 'content-length');
    if (declared !== undefined && offset + declared > length) throw new TusError('tusTooLong');
    try {
      const confirmed = await uploads.append(req.params.id, file, offset, req.raw);
      reply.header('upload-offset', String(confirmed));
      return reply.code(204).send();
    } catch (err) {
      // The body may be unread: close the connection rather than drain it.
      reply.header('connection', 'close');
      throw err;
    }
  });

  app.delete<{ Params: UploadParams }>(
    '/1/files/:sharename/:fileid/tus/:id',
    async (req, reply) => {
      checkVersion(req);
      await uploads.terminate(req.params.id, signedFile(ctx, req));
      return reply.code(204).send();
    },
  );
}
