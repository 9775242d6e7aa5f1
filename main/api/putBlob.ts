/**
 * Streams a file from disk to a Ge.tt `puturl` with Content-Length. The read stream is piped
 * into the request, so back-pressure keeps memory flat however large the file is.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UPLOAD_OK_BODY } from '../../shared/gett';
import { ApiError, errorAnswer, errorFromResponse, isFsError, unreachable } from './errors';

export interface PutBlobOptions {
  url: string;
  path: string;
  size: number;
  signal: AbortSignal;
  /** Called with the running total of bytes handed to the socket. */
  onBytes?: (sent: number) => void;
  /** A pass-through that holds the body to the upload speed cap (the shared limiter). */
  throttle?: () => Duplex;
  /** The body's bytes [start, end), when they are not the file as it is (an encrypted file). */
  open?: (start: number, end: number) => Readable;
}

/** Uploads the file; resolves when the server answered `computer says yes`. */
export async function putBlob(opts: PutBlobOptions): Promise<void> {
  const url = new URL(opts.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = request(url, {
    method: 'PUT',
    headers: { 'content-length': String(opts.size), 'content-type': 'application/octet-stream' },
    signal: opts.signal,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  // The request's own error is reported through `response`; avoid an unhandled rejection
  // while the body is still being piped.
  response.catch(() => {});

  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      opts.onBytes?.(sent);
      done(null, chunk);
    },
  });

  try {
    const source = opts.open ? opts.open(0, opts.size) : createReadStream(opts.path);
    // Counted after the cap, so progress shows what really left, not what waits in the cap.
    if (opts.throttle) await pipeline(source, opts.throttle(), counter, req);
    else await pipeline(source, counter, req);
  } catch (err) {
    if (opts.signal.aborted) throw abortError();
    if (isFsError(err)) {
      req.destroy();
      throw err;
    }
    // The server may have answered early (e.g. storage full) and closed the socket.
    const early = await response.catch(() => null);
    if (early) return checkAnswer(early);
    throw unreachable(opts.url, err);
  }
  let res: IncomingMessage;
  try {
    res = await response;
  } catch (err) {
    if (opts.signal.aborted) throw abortError();
    throw unreachable(opts.url, err);
  }
  return checkAnswer(res);
}

async function checkAnswer(res: IncomingMessage): Promise<void> {
  let body = '';
  res.setEncoding('utf8');
  for await (const chunk of res) body += chunk as string;
  if (res.statusCode === 200 && body.trim() === UPLOAD_OK_BODY) return;
  const answer = errorAnswer(body);
  if (res.statusCode === 200) {
    throw new ApiError('server', 'The server did not confirm the upload', 200, answer.error);
  }
  throw errorFromResponse(res.statusCode ?? 0, answer, 'Upload');
}

function abortError(): Error {
  const err = new Error('Upload stopped');
  err.name = 'AbortError';
  return err;
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
