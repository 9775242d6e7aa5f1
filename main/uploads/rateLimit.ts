/**
 * The upload speed cap: one token bucket shared by every running upload, so the limit is the
 * app's total, not each file's. Upload bodies pass through `throttle()`, which lets a slice
 * of bytes through only when the bucket holds that many tokens. Waiting slices are served in
 * the order they asked, so uploads running together share the rate evenly. `setRate` applies
 * at once to slices already waiting; rate 0 means no limit.
 */
import { Transform, type TransformCallback } from 'node:stream';

interface Waiter {
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

function abortError(): Error {
  const err = new Error('Upload stopped');
  err.name = 'AbortError';
  return err;
}

export class RateLimiter {
  private bytesPerSecond = 0;
  private tokens = 0;
  private last: number;
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    bytesPerSecond = 0,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
    this.setRate(bytesPerSecond);
  }

  /** Bytes per second; 0 = no limit. */
  get rate(): number {
    return this.bytesPerSecond;
  }

  /** Changes the cap; slices already waiting go at the new rate from now on. */
  setRate(bytesPerSecond: number): void {
    const rate = Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? bytesPerSecond : 0;
    this.refill();
    this.bytesPerSecond = rate;
    // A fresh cap starts with a small burst, not with the tokens of a faster one.
    this.tokens = Math.min(this.tokens, this.capacity());
    if (rate === 0) this.tokens = 0;
    this.serve();
  }

  /** The most bytes one slice should carry at the current rate (about 1/20 s of it). */
  sliceSize(): number {
    if (this.bytesPerSecond === 0) return Infinity;
    return Math.min(64 * 1024, Math.max(512, Math.floor(this.bytesPerSecond / 20)));
  }

  /** Resolves once `bytes` may be sent; rejects with an AbortError when `signal` aborts. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.bytesPerSecond === 0 && this.waiters.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        bytes,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(abortError());
          this.serve();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.serve();
    });
  }

  /** A pass-through for an upload body that holds each slice until the bucket allows it. */
  throttle(signal?: AbortSignal): Transform {
    const stop = new AbortController();
    const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const slice = () => this.sliceSize();
    const take = (bytes: number) => this.take(bytes, both);
    return new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
        const send = async () => {
          for (let at = 0; at < chunk.length;) {
            const size = Math.min(chunk.length - at, slice());
            await take(size);
            this.push(chunk.subarray(at, at + size));
            at += size;
          }
        };
        send().then(
          () => done(),
          (err: unknown) => done(err as Error),
        );
      },
      destroy(err: Error | null, callback: (error?: Error | null) => void) {
        // A body that ends early (server answered, pause) must not hold up the others.
        stop.abort();
        callback(err);
      },
    });
  }

  /** Bucket size: a fifth of a second of the rate, at least one slice. */
  private capacity(): number {
    return Math.max(this.sliceSize(), this.bytesPerSecond / 5);
  }

  private refill(): void {
    const t = this.now();
    if (this.bytesPerSecond > 0) {
      this.tokens = Math.min(
        this.capacity(),
        this.tokens + ((t - this.last) / 1000) * this.bytesPerSecond,
      );
    }
    this.last = t;
  }

  private serve(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.refill();
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      if (this.bytesPerSecond > 0) {
        // A slice larger than the bucket (the rate just fell) goes once the bucket is full.
        const need = Math.min(head.bytes, this.capacity());
        if (this.tokens < need) {
          const ms = ((need - this.tokens) / this.bytesPerSecond) * 1000;
          this.timer = setTimeout(() => this.serve(), Math.max(1, Math.ceil(ms)));
          return;
        }
        this.tokens -= head.bytes;
      }
      this.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
  }
}
