/**
 * Blob upload to the signed `puturl`/`posturl`: PUT raw bytes (Content-Length or chunked) or
 * POST multipart (the first file part, whatever its field name). Bytes stream straight to the
 * blob store; the file is `uploaded` only once every byte is on disk.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UPLOAD_OK_BODY } from '../../shared/gett.js';
import { drop } from '../../shared/log.js';
import type { ServerContext } from '../context.js';
import { ApiError, fail } from '../errors.js';
import { queryParam } from '../http.js';
import { randomId } from '../ids.js';
import type { BlobWriter, FileRecord } from '../storage/types.js';
import type { Running } from '../uploads.js';
import { findFile } from './files.js';

type Params = { sharename: string; fileid: string };

/** The first file part of a multipart body; later parts are drained and ignored. */
function firstFilePart(req: IncomingMessage): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fields: 100, fieldSize: 65536 } });
    } catch {
      reject(new ApiError('badMultipart'));
      return;
    }
    let found: Readable | undefined;
    parser.on('file', (_field, stream) => {
      if (found) {
        stream.resume();
        return;
      }
      found = stream;
      resolve(stream);
    });
    parser.on('close', () => found || reject(new ApiError('noFilePart')));
    parser.on('error', (err: Error) => {
      if (found) found.destroy(err);
      else reject(new ApiError('badMultipart'));
    });
    // A client that disconnects mid-body must fail the part, not leave it waiting forever.
    req.on('close', () => {
      if (!req.complete) {
        const err = new Error('the upload was interrupted');
        found?.destroy(err);
        parser.destroy(err);
      }
    });
    req.pipe(parser);
  });
}

/** How many bytes may arrive between two looks at the storage still free. */
const RECHECK_BYTES = 16 * 1024 * 1024;

/**
 * Counts the bytes flowing out of `source` and aborts the upload once they would pass the
 * storage still free. A listener, not a stream stage, so the body's path to disk stays short.
 * The free space is a database sum: it is looked up again only every RECHECK_BYTES, and
 * always before refusing.
 */
function meter(source: Readable, free: () => number, running: Running): void {
  let total = 0;
  let allowed = free();
  let nextCheck = RECHECK_BYTES;
  const onData = (chunk: Buffer): void => {
    total += chunk.length;
    running.bytes = total;
    if (total >= nextCheck || total > allowed) {
      allowed = free();
      nextCheck = total + RECHECK_BYTES;
    }
    if (total > allowed) {
      source.off('data', onData);
      running.controller.abort(new ApiError('storageLimit'));
    }
  };
  source.on('data', onData);
}

function declaredLength(req: IncomingMessage): number | null {
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Refuses banned content before the file is ever `uploaded` (the writer then drops it). */
export async function screen(ctx: ServerContext, file: FileRecord, writer: BlobWriter) {
  if (!ctx.live.screensUploads()) return;
  const reason = ctx.live.screenUpload(file, await writer.sha256());
  if (reason !== null) fail('fileRemoved', reason);
}

/** Receives the body into a fresh blob and swaps it in for the file's content. */
async function receive(ctx: ServerContext, file: FileRecord, req: IncomingMessage): Promise<void> {
  const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
  const announced = multipart ? null : declaredLength(req);
  const owner = ctx.meta.getUser(file.ownerId);
  if (!owner) fail('fileNotFound');
  const running = ctx.uploads.begin(file.sharename, file.fileid, owner.id);
  // Replacing a file frees its old bytes, so they do not count against the new upload.
  const free = (): number =>
    owner.storageLimit -
    ctx.meta.storageUsed(owner.id) +
    (file.readystate === 'uploaded' ? (file.size ?? 0) : 0) -
    ctx.uploads.inFlight(owner.id, running);
  try {
    if (announced !== null && announced > free()) {
      ctx.live.onStorageLimit(file);
      fail('storageLimit', `${announced} bytes sent, ${Math.max(0, free())} free`);
    }
    const source = multipart ? await firstFilePart(req) : req;
    const key = randomId(24);
    const writer = await ctx.blobs.createWriter(key, { sha256: ctx.live.screensUploads() });
    let started = file;
    try {
      // Inside the try: if the file was destroyed meanwhile, the fresh blob is dropped too.
      if (!ctx.meta.getFile(file.sharename, file.fileid)) fail('fileNotFound');
      started = ctx.meta.startUpload(file.sharename, file.fileid, key, announced);
      ctx.live.onUploadStarted(started, announced);
      const piping = pipeline(source, writer, { signal: running.controller.signal });
      meter(source, free, running);
      await piping;
      if (announced !== null && writer.written !== announced) throw new Error('short body');
      await screen(ctx, started, writer);
      await writer.finish();
    } catch (err) {
      await writer.abort(err instanceof Error ? err : undefined);
      ctx.meta.abortUpload(file.sharename, file.fileid, key);
      const reason: unknown = (err as { cause?: unknown }).cause ?? err;
      if (reason instanceof ApiError && reason.code === 'storageLimit') {
        ctx.live.onStorageLimit(started);
      }
      throw err;
    }
    const done = ctx.meta.finishUpload(file.sharename, file.fileid, key, writer.written);
    if (!done) {
      await ctx.discardBlobs([key]);
      fail('uploadSuperseded');
    }
    // The old content goes in the background: deleting a large file must not delay the reply.
    if (done.replaced)
      drop(ctx.discardBlobs([done.replaced]), (err) => ctx.logger.warn('blob delete failed', err));
    const finished = ctx.meta.getFile(file.sharename, file.fileid);
    if (finished) ctx.live.onUploadFinished(finished);
  } finally {
    running.end();
  }
}

export function uploadRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Blob bodies are never parsed or buffered: the raw request stream goes to the blob store.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  const handler = async (
    req: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
  ): Promise<FastifyReply> => {
    const { sharename, fileid } = req.params;
    ctx.urls.checkUpload(sharename, fileid, queryParam(req, 'exp'), queryParam(req, 'sig'));
    const file = findFile(ctx, sharename, fileid);
    if (file.readystate === 'removed') fail('fileRemoved');
    try {
      await receive(ctx, file, req.raw);
    } catch (err) {
      // Refusing early leaves the body unread: close the connection rather than drain it.
      reply.header('connection', 'close');
      const reason: unknown = (err as { cause?: unknown }).cause;
      if (err instanceof Error && err.name === 'AbortError') {
        if (reason instanceof Error && reason.message === 'superseded') fail('uploadSuperseded');
        if (reason instanceof ApiError) throw reason;
        fail('fileNotFound');
      }
      if (err instanceof ApiError) throw err;
      // Anything else here is the body stopping short: the client went away or lied.
      ctx.logger.debug('upload interrupted', { sharename, fileid, err: String(err) });
      fail('uploadInterrupted');
    }
    return reply.type('text/plain; charset=utf-8').send(UPLOAD_OK_BODY);
  };
  app.put('/1/upload/:sharename/:fileid', handler);
  app.post('/1/upload/:sharename/:fileid', handler);
}
