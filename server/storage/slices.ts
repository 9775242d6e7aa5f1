/**
 * Reading a finished file for one downloader, holding at most one slice: the next slice is
 * read only once the consumer (the socket) took the previous one, never ahead. Slices start
 * small and grow to 1 MiB only while the consumer takes each one at once, so a fast
 * download reads in big slices (fewer reads per byte) while a downloader that stops reading
 * holds one small slice of server memory, not megabytes.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { chunksPassed } from './scavenge.js';

/** The first slice, and the one a consumer that fell behind goes back to. */
export const MIN_SLICE = 64 * 1024;
/**
 * The largest slice (measured with `npm run bench -- --only transfer`: a 1 GiB download 0.86×
 * the minimal server at 256 KiB reads, 1.01× at 1 MiB).
 */
export const MAX_SLICE = 1024 * 1024;
/** The consumer asked for the next slice within this time: it keeps up, slices may grow. */
const KEEPS_UP_MS = 5;
/**
 * Slices stay small for the first bytes of every download: the kernel's socket buffers take
 * that much from a downloader that reads nothing at all, and it must not look fast.
 */
const GROW_AFTER = 8 * 1024 * 1024;
/** The consumer took longer than this: it is behind (or stopped), slices go back to small. */
const BEHIND_MS = 50;

export class FileSliceStream extends Readable {
  #fd: number | undefined;
  #pos: number;
  /** Last byte to read, inclusive; Infinity = to the end of the file. */
  readonly #end: number;
  #slice = MIN_SLICE;
  /** Bytes sent at the current slice size (a slice grows once several went out quickly). */
  #sentAtSize = 0;
  #pushedAt = 0;
  #sent = 0;

  constructor(
    private readonly file: string,
    range: { start?: number; end?: number } = {},
  ) {
    // Nothing buffered ahead (a mark of 1 byte, since 0 stalls async iteration): a slice is
    // read when the consumer wants one, not before.
    super({ highWaterMark: 1 });
    this.#pos = range.start ?? 0;
    this.#end = range.end ?? Infinity;
  }

  /** The slice size the next read uses (for tests). */
  get sliceSize(): number {
    return this.#slice;
  }

  override _construct(cb: (err?: Error | null) => void): void {
    fs.open(this.file, 'r', (err, fd) => {
      if (err) return cb(err);
      this.#fd = fd;
      cb();
    });
  }

  override _read(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#adapt();
    const want = Math.min(this.#slice, this.#end - this.#pos + 1);
    if (want <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafe(want);
    fs.read(fd, buf, 0, want, this.#pos, (err, n) => {
      if (err) return this.destroy(err);
      if (n === 0) return void this.push(null);
      chunksPassed(n);
      this.#pos += n;
      this.#sentAtSize += n;
      this.#sent += n;
      this.#pushedAt = performance.now();
      this.push(n === want ? buf : buf.subarray(0, n));
    });
  }

  #adapt(): void {
    if (this.#pushedAt === 0) return;
    const waited = performance.now() - this.#pushedAt;
    if (waited > BEHIND_MS) {
      this.#slice = MIN_SLICE;
      this.#sentAtSize = 0;
    } else if (
      waited < KEEPS_UP_MS &&
      this.#slice < MAX_SLICE &&
      this.#sent >= GROW_AFTER &&
      this.#sentAtSize >= 4 * this.#slice
    ) {
      this.#slice *= 2;
      this.#sentAtSize = 0;
    }
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return cb(err);
    fs.close(fd, () => cb(err));
  }
}
