/**
 * Uploads a file over tus 1.0 (https://tus.io) when the server offers a `tusurl`: creates the
 * upload (or asks a saved one where it stands), then PATCHes the file in chunks streamed from
 * disk at the server's offset, each sized to take a couple of seconds. Progress is what the
 * server confirmed, never what was sent. After a dropped connection, a server restart or a
 * sleep, it asks the server for its offset and goes on from there, with growing pauses; only
 * a long outage reaches the caller.
 */
import { createReadStream } from 'node:fs';
import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, errorFromResponse } from '../api/errors';
import { backoffDelay, type BackoffOptions } from '../live/backoff';
import { abortError, tusRequest, type TusResponse } from './tusHttp';

/** A tus upload in progress: where it lives and the bytes the server confirmed. */
export interface TusState {
  url: string;
  offset: number;
}

export interface TusUploadOptions {
  /** The file's `tusurl`, asked for only when a new upload must be created. */
  endpoint: () => Promise<string>;
  /** A saved upload to continue. */
  resume?: TusState;
  path: string;
  size: number;
  signal: AbortSignal;
  /** The upload exists and the server holds `offset` bytes: save it, show it. */
  onState: (state: TusState) => void;
  /** Bytes sent so far, as they leave within a PATCH (the server may not hold them all yet). */
  onBytes?: (sent: number) => void;
  /** The upload's bytes [start, end), when they are not the file as it is (an encrypted file). */
  open?: (start: number, end: number) => Readable;
  /** A pass-through (one per request) that holds the body to the upload speed cap. */
  throttle?: () => Duplex;
  /** Bytes per PATCH request. Default: sized to take about two seconds, 1–16 MiB. */
  chunkSize?: number;
  /** Retries in place before giving up with the last error. Default 6. */
  retries?: number;
  backoff?: BackoffOptions;
  /** A silent connection fails after this long. Default 60 s. */
  idleMs?: number;
}

const MiB = 1024 * 1024;
const MIN_CHUNK = MiB;
const MAX_CHUNK = 16 * MiB;
/** Progress moves when the server confirms a chunk, so a chunk should not take long. */
const CHUNK_SECONDS = 2;
const DEFAULT_BACKOFF: BackoffOptions = { minMs: 500, maxMs: 15_000 };

/** The saved upload is gone, or no longer matches the file on disk: create a new one. */
class Gone extends Error {}

/**
 * Throws unless the answer is `ok`. On an existing upload, 404/410 mean it is gone and 403
 * that its URL's signature ran out (uploads are kept a week): either way, start a new one.
 */
function check(res: TusResponse, what: string, ok: number, existing = true): void {
  if (res.status === ok) return;
  if (res.status === 404 || res.status === 410) throw new Gone(res.answer.error);
  if (res.status === 403 && existing) throw new Gone(res.answer.error);
  throw errorFromResponse(res.status, res.answer, what);
}

function intHeader(res: TusResponse, name: string): number {
  const n = Number(res.headers[name]);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ApiError('server', `The server sent no valid ${name} header`, res.status);
  }
  return n;
}

/** Network trouble, server errors and offset conflicts heal by asking the server again. */
function retryable(err: unknown): boolean {
  if (err instanceof Gone) return true;
  if (!(err instanceof ApiError)) return false;
  if (err.kind === 'unreachable') return true;
  const status = err.status ?? 0;
  return status >= 500 || status === 409 || status === 423 || status === 429;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

export async function tusUpload(o: TusUploadOptions): Promise<void> {
  let chunk = Math.max(1, o.chunkSize ?? MIN_CHUNK);
  const idleMs = o.idleMs ?? 60_000;
  const retries = o.retries ?? 6;
  const { signal, size } = o;
  let state = o.resume;
  let failures = 0;

  const create = async (): Promise<TusState> => {
    const endpoint = await o.endpoint();
    const res = await tusRequest({
      method: 'POST',
      url: endpoint,
      headers: { 'upload-length': String(size) },
      signal,
      idleMs,
    });
    check(res, 'Upload', 201, false);
    const location = res.headers.location;
    if (!location) throw new ApiError('server', 'The server created no upload (no Location)');
    return { url: new URL(location, endpoint).toString(), offset: 0 };
  };

  /** Where the server stands; Gone if the upload vanished or is for another size. */
  const ask = async (url: string): Promise<TusState> => {
    const res = await tusRequest({ method: 'HEAD', url, signal, idleMs });
    check(res, 'Upload', 200);
    if (intHeader(res, 'upload-length') !== size) throw new Gone('the file changed on disk');
    return { url, offset: intHeader(res, 'upload-offset') };
  };

  const patch = async (at: TusState): Promise<TusState> => {
    const end = Math.min(size, at.offset + chunk);
    const file = o.open
      ? o.open(at.offset, end)
      : createReadStream(o.path, { start: at.offset, end: end - 1 });
    let stream: Readable = file;
    if (o.throttle) {
      const capped = o.throttle();
      // A read error reaches the request through the capped stream, which it destroys.
      pipeline(file, capped).catch(() => undefined);
      stream = capped;
    }
    let sent = at.offset;
    if (o.onBytes) {
      const report = o.onBytes;
      stream.on('data', (c: Buffer) => report((sent += c.length)));
    }
    const res = await tusRequest({
      method: 'PATCH',
      url: at.url,
      headers: {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(at.offset),
      },
      body: {
        stream,
        length: end - at.offset,
      },
      signal,
      idleMs,
    });
    check(res, 'Upload', 204);
    return { url: at.url, offset: intHeader(res, 'upload-offset') };
  };

  for (;;) {
    try {
      state = state ? await ask(state.url) : await create();
      o.onState(state);
      while (state.offset < size) {
        const started = performance.now();
        const from = state.offset;
        state = await patch(state);
        failures = 0;
        if (o.chunkSize === undefined) {
          const perSecond =
            ((state.offset - from) / Math.max(1, performance.now() - started)) * 1000;
          chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.round(perSecond * CHUNK_SECONDS)));
        }
        o.onState(state);
      }
      return;
    } catch (err) {
      if (signal.aborted) throw abortError();
      if (!retryable(err) || failures >= retries) {
        if (err instanceof Gone) throw new ApiError('notFound', 'The upload was lost', 404);
        throw err;
      }
      if (err instanceof Gone) state = undefined;
      await sleep(backoffDelay(failures++, o.backoff ?? DEFAULT_BACKOFF), signal);
    }
  }
}
