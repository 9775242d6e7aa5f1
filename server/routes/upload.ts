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
import type { ServerContext } from '../context.js';
import { ApiError, fail, type ErrorCode } from '../errors.js';
import { queryParam } from '../http.js';
import type { FileRecord } from '../storage/types.js';
import { abortReasonOf, type AbortReason, type UploadSlot } from '../uploads.js';
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

/**
 * A body of unknown length holds this many bytes ahead of what arrived, so the free storage
 * (a database sum) is looked up once per this many bytes instead of per chunk.
 */
const RESERVE_AHEAD = 16 * 1024 * 1024;

/**
 * Reserves each chunk of a body of unknown length before it is written, and stops the upload
 * once one does not fit. A listener ahead of the pipe, not a stream stage, so the body's path
 * to disk stays short.
 */
function meter(source: Readable, slot: UploadSlot): void {
  let total = 0;
  const onData = (chunk: Buffer): void => {
    total += chunk.length;
    if (slot.reserve(total, RESERVE_AHEAD)) return;
    source.off('data', onData);
    slot.abort('storageLimit');
  };
  source.prependListener('data', onData);
}

function declaredLength(req: IncomingMessage): number | null {
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Receives the body into a fresh blob and swaps it in for the file's content. */
async function receive(ctx: ServerContext, file: FileRecord, req: IncomingMessage): Promise<void> {
  const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
  const announced = multipart ? null : declaredLength(req);
  const slot = ctx.uploads.begin(file);
  try {
    if (announced !== null && !slot.reserve(announced)) {
      fail('storageLimit', `${announced} bytes sent, ${slot.room()} free`);
    }
    const source = multipart ? await firstFilePart(req) : req;
    const writer = await slot.open();
    try {
      // Inside the try: if the file was destroyed meanwhile, the fresh blob is dropped too.
      slot.start(announced);
      const piping = pipeline(source, writer, { signal: slot.signal });
      if (announced === null) meter(source, slot);
      await piping;
      if (announced !== null && writer.written !== announced) throw new Error('short body');
    } catch (err) {
      await slot.fail(err instanceof Error ? err : undefined);
      throw err;
    }
    await slot.complete();
  } finally {
    slot.end();
  }
}

/** The answer to an upload a slot's abort stopped. */
const abortErrors: Record<AbortReason, ErrorCode> = {
  superseded: 'uploadSuperseded',
  removed: 'fileNotFound',
  storageLimit: 'storageLimit',
  serverClosing: 'serverClosing',
  cancelled: 'fileNotFound',
  expired: 'fileNotFound',
};

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
      const reason = abortReasonOf(err);
      if (reason) fail(abortErrors[reason]);
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
