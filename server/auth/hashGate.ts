/**
 * A bound on password hashing. scrypt runs on libuv's thread pool (4 threads by default),
 * the same threads every file read and write of uploads and downloads needs: a flood of
 * logins must not take them all. At most `slots` hashes run at once and at most `queue` wait;
 * beyond that the caller is refused at once (503 `busy`, with Retry-After) instead of piling up.
 * Image rendering (`../thumbs/`) is bounded the same way, for the same threads.
 */
import { ApiError, type ErrorCode } from '../errors.js';

export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Most hashes that ever ran at once (observed by tests and the bench). */
  peak = 0;

  constructor(
    readonly slots: number,
    readonly queue: number,
    /** The refusal past the queue (a 503 with Retry-After). */
    readonly refusal: ErrorCode = 'busy',
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queue) throw new ApiError(this.refusal);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never drops between them.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * One gate for the process: the thread pool it protects is per process too. Two slots leave
 * the other two threads to file I/O; 32 waiting is about 1 s of hashing.
 */
export const passwordHashing = new HashGate(2, 32);
