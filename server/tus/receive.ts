/**
 * Pumps one PATCH body into an upload's long-lived blob writer without ever ending it: the
 * writer stays open for the next request, and downloaders following the blob keep waiting.
 * The body can be stopped at any moment (a newer PATCH, a PUT, shutdown); whatever reached
 * the disk by then counts.
 */
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type { BlobWriter } from '../storage/types.js';
import { TusError } from './protocol.js';

export interface Receipt {
  readonly source: IncomingMessage;
  readonly writer: BlobWriter;
  /** Upload-Length: bytes past it are refused. */
  readonly limit: number;
  /** Aborts when the upload is taken over or the server closes. */
  readonly signal: AbortSignal;
  beforeFirstByte(): void;
  /** After each write reached the disk, with the blob's total size. */
  onWritten(written: number): void;
}

export interface Received {
  /** Why the body stopped early; undefined when it arrived whole. */
  readonly stopped?: Error;
}

export function receive(o: Receipt): { stop(reason: Error): void; done: Promise<Received> } {
  let stopWith: (reason: Error) => void = () => undefined;
  const done = new Promise<Received>((resolve) => {
    let queued = o.writer.written;
    let last: Promise<void> = Promise.resolve();
    let failed: Error | undefined;
    let settled = false;

    const settle = (stopped?: Error): void => {
      if (settled) return;
      settled = true;
      if (stopped) {
        o.source.unpipe(sink);
        o.source.pause();
      }
      o.signal.removeEventListener('abort', onAbort);
      o.source.off('close', onClose);
      void last.then(() => {
        const reason = stopped ?? failed;
        resolve(reason ? { stopped: reason } : {});
      });
    };
    stopWith = settle;

    const write = (data: Buffer): Promise<boolean> =>
      new Promise((accepted) => {
        last = new Promise<void>((written) => {
          const ok = o.writer.write(data, (err) => {
            if (err) failed ??= err;
            else o.onWritten(o.writer.written);
            written();
          });
          if (ok) accepted(true);
          else {
            const go = (): void => {
              o.writer.off('drain', go);
              o.writer.off('close', go);
              accepted(true);
            };
            o.writer.once('drain', go);
            o.writer.once('close', go);
          }
        });
      });

    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (settled) return cb();
        const room = o.limit - queued;
        const data = chunk.length > room ? chunk.subarray(0, room) : chunk;
        if (data.length === 0) {
          settle(new TusError('tusTooLong'));
          return cb();
        }
        o.beforeFirstByte();
        queued += data.length;
        void write(data).then(() => {
          if (data.length < chunk.length) settle(new TusError('tusTooLong'));
          cb();
        });
      },
    });
    sink.on('finish', () => settle());

    const onAbort = (): void => {
      const reason: unknown = o.signal.reason;
      settle(reason instanceof Error ? reason : new TusError('tusUploadReplaced'));
    };
    // The client went away mid-body: keep what arrived, the client will HEAD and go on.
    const onClose = (): void => {
      if (!o.source.complete) settle(new TusError('tusInterrupted'));
    };
    if (o.signal.aborted) return onAbort();
    o.signal.addEventListener('abort', onAbort);
    o.source.on('close', onClose);
    o.source.pipe(sink);
  });
  return { stop: (reason) => stopWith(reason), done };
}
