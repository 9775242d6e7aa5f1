/**
 * The embedded blob store: one file per key in a directory. A blob can be read while it is
 * written: the writer counts bytes that reached the file and tells followers, who read up to
 * that count. Followers at the tail take the latest bytes from the writer's memory; only
 * followers that fall behind read the file (so many of them do not crowd the disk threads).
 */
import { createHash, type Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { hashFile, Limiter } from './fileio.js';
import { chunksPassed } from './scavenge.js';
import { FileSliceStream } from './slices.js';
import type { BlobEvent, BlobStore, BlobWriter, WriterOptions } from './types.js';

const KEY = /^[A-Za-z0-9_-]{1,64}$/;
const READ_CHUNK = 256 * 1024;
/**
 * File reads of followers in flight, store-wide: libuv has 4 threads for file I/O, and a crowd
 * of lagging downloaders must leave some of them to the writers.
 */
const FOLLOWER_READS = 2;
/** How many of the latest written bytes a writer keeps for its followers. */
const TAIL_BYTES = 4 * 1024 * 1024;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  return key;
}

class FileBlobWriter extends Writable implements BlobWriter {
  written = 0;
  /** Progress, finish and abort, for followers. */
  readonly events = new EventEmitter();
  private fdClosed = false;
  /** The latest written chunks and their offsets, ascending. */
  private readonly tail: { start: number; buf: Buffer }[] = [];
  private tailBytes = 0;
  /** SHA-256 of every byte written, when asked for and the writer started at byte 0. */
  private hash: Hash | undefined;
  private digest: Promise<string> | undefined;
  /**
   * Bytes kept from followers until the writer finishes: a hashed blob holds back its last
   * byte, so no downloader holds the whole content before it is screened and accepted.
   */
  readonly holdBack: number;

  constructor(
    readonly key: string,
    private readonly fd: number,
    private readonly file: string,
    private readonly release: () => void,
    readonly hashed: boolean,
    at: number,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.events.setMaxListeners(0);
    this.written = at;
    this.holdBack = hashed ? 1 : 0;
    // A blob resumed after a restart has a prefix no hash saw: sha256() reads the file.
    if (hashed && at === 0) this.hash = createHash('sha256');
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.hash?.update(chunk);
    chunksPassed(chunk.length);
    this.writeAll(chunk, cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (err?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    if (this.hash) for (const b of buffers) this.hash.update(b);
    chunksPassed(buffers.reduce((sum, b) => sum + b.length, 0));
    fs.writev(this.fd, buffers, (err, n) => {
      if (err) return cb(err);
      const total = buffers.reduce((sum, b) => sum + b.length, 0);
      this.advance(n, n === total ? buffers : []);
      // A short write: the rest goes out as one buffer (rare; only on full disks and pipes).
      if (n < total) this.writeAll(Buffer.concat(buffers).subarray(n), cb);
      else cb();
    });
  }

  private writeAll(buf: Buffer, cb: (err?: Error | null) => void): void {
    fs.write(this.fd, buf, 0, buf.length, null, (err, n) => {
      if (err) return cb(err);
      this.advance(n, [buf.subarray(0, n)]);
      if (n < buf.length) this.writeAll(buf.subarray(n), cb);
      else cb();
    });
  }

  /** Counts `n` bytes as written (`data` holds them, when known) and tells followers. */
  private advance(n: number, data: Buffer[]): void {
    let at = this.written;
    for (const buf of data) {
      this.tail.push({ start: at, buf });
      this.tailBytes += buf.length;
      at += buf.length;
    }
    while (this.tailBytes > TAIL_BYTES && this.tail.length > 1) {
      this.tailBytes -= this.tail.shift()?.buf.length ?? 0;
    }
    this.written += n;
    this.events.emit('event', { type: 'progress', written: this.written } satisfies BlobEvent);
  }

  /** Up to `max` written bytes from offset `pos`, if they are still in memory. */
  cached(pos: number, max: number): Buffer | undefined {
    for (let i = this.tail.length - 1; i >= 0; i--) {
      const { start, buf } = this.tail[i]!;
      if (pos >= start + buf.length) return undefined;
      if (pos >= start) return buf.subarray(pos - start, Math.min(buf.length, pos - start + max));
    }
    return undefined;
  }

  sha256(): Promise<string> {
    if (!this.hashed) return Promise.reject(new Error(`blob ${this.key} is not hashed`));
    this.digest ??= this.hash
      ? Promise.resolve(this.hash.digest('hex'))
      : hashFile(this.file, this.written);
    return this.digest;
  }

  private forgetTail(): void {
    this.tail.length = 0;
    this.tailBytes = 0;
  }

  async finish(): Promise<number> {
    if (!this.writableFinished) {
      await new Promise<void>((resolve, reject) => {
        this.once('error', reject);
        this.end(() => {
          this.off('error', reject);
          resolve();
        });
      });
    }
    // On disk for good before the file can be marked uploaded: a power loss must not leave an
    // uploaded file with missing bytes.
    await new Promise<void>((resolve, reject) =>
      fs.fsync(this.fd, (err) => (err ? reject(err) : resolve())),
    );
    await this.closeFd();
    this.events.emit('event', { type: 'finish', size: this.written } satisfies BlobEvent);
    return this.written;
  }

  async abort(reason = new Error('the upload was interrupted')): Promise<void> {
    if (!this.destroyed) this.destroy();
    await this.closeFd();
    await fs.promises.rm(this.file, { force: true });
    this.events.emit('event', { type: 'abort', reason } satisfies BlobEvent);
  }

  private async closeFd(): Promise<void> {
    if (this.fdClosed) return;
    this.fdClosed = true;
    this.forgetTail();
    this.release();
    await new Promise<void>((resolve) => fs.close(this.fd, () => resolve()));
  }
}

/** Streams a blob as it grows; ends when its writer finishes, errors when it aborts. */
class FollowStream extends Readable {
  private fd = -1;
  private available = 0;
  private done = false;
  private waiting = false;
  private scheduled = false;
  private reading = false;
  private constructed = false;
  private failure: Error | undefined;
  /** Bytes the writer keeps back until it finishes. */
  private holdBack = 0;
  /** The running writer, whose memory may hold the bytes this follower needs next. */
  private writer: FileBlobWriter | undefined;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly store: DirBlobStore,
    private readonly file: string,
    key: string,
    private pos: number,
  ) {
    super({ highWaterMark: READ_CHUNK });
    // Subscribe now, not once the file is open: an abort in between must not pass unseen.
    const writer = store.writerOf(key);
    if (writer) {
      this.writer = writer;
      this.holdBack = writer.holdBack;
      this.available = writer.written;
      const listener = (e: BlobEvent): void => this.onEvent(e);
      writer.events.on('event', listener);
      this.unsubscribe = () => writer.events.off('event', listener);
    } else {
      this.done = true;
      this.available = -1; // the file's size, read once it is open
    }
  }

  override _construct(cb: (err?: Error | null) => void): void {
    fs.open(this.file, 'r', (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      const ready = (): void => {
        this.constructed = true;
        cb(this.failure ?? null);
      };
      if (this.available >= 0) return ready();
      fs.fstat(fd, (statErr, st) => {
        if (statErr) return cb(statErr);
        this.available = st.size;
        ready();
      });
    });
  }

  private onEvent(e: BlobEvent): void {
    if (e.type === 'abort') {
      this.writer = undefined;
      this.unsubscribe();
      if (this.constructed) this.destroy(e.reason);
      else this.failure = e.reason;
      return;
    }
    this.available = e.type === 'finish' ? e.size : e.written;
    if (e.type === 'finish') {
      this.done = true;
      this.writer = undefined;
      this.unsubscribe();
    }
    if (this.waiting) {
      this.waiting = false;
      this.wake();
    }
  }

  /**
   * Pumps once the writer's callback has returned, not inside it: the writer queues its next
   * write first, and writes that complete together reach the follower as one batch.
   */
  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  override _read(): void {
    this.pump();
  }

  private pump(): void {
    while (!this.reading && !this.destroyed) {
      const end = this.done ? this.available : this.available - this.holdBack;
      const want = Math.min(READ_CHUNK, end - this.pos);
      if (want <= 0) {
        if (this.done) this.push(null);
        else this.waiting = true;
        return;
      }
      const hit = this.writer?.cached(this.pos, want);
      if (hit?.length) {
        this.pos += hit.length;
        if (!this.push(hit)) return;
        continue;
      }
      this.readFile(want);
    }
  }

  private readFile(want: number): void {
    this.reading = true;
    this.store.followerReads.run((done) => {
      if (this.destroyed) return done();
      const size = Math.min(
        READ_CHUNK,
        this.available - this.pos - (this.done ? 0 : this.holdBack),
      );
      const buf = Buffer.allocUnsafe(Math.max(want, size));
      fs.read(this.fd, buf, 0, buf.length, this.pos, (err, n) => {
        done();
        this.reading = false;
        if (err) return this.destroy(err);
        if (n === 0) {
          // The file is shorter than reported: it was replaced or truncated under us.
          return this.destroy(new Error('the file changed while it was read'));
        }
        this.pos += n;
        chunksPassed(n);
        if (this.push(buf.subarray(0, n))) this.pump();
      });
    });
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.unsubscribe();
    if (this.fd < 0) return cb(err);
    fs.close(this.fd, () => cb(err));
  }
}

/** How long a reading of the disk's free space is reused. */
const DISK_CACHE_MS = 1000;

export class DirBlobStore implements BlobStore {
  private readonly writers = new Map<string, FileBlobWriter>();
  /** @internal */
  readonly followerReads = new Limiter(FOLLOWER_READS);

  private disk = { at: -Infinity, bytes: 0 };

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  available(): number {
    // Asked on every upload check and /users/me: the disk is read at most once a second.
    const now = performance.now();
    if (now - this.disk.at >= DISK_CACHE_MS) {
      const s = fs.statfsSync(this.dir);
      this.disk = { at: now, bytes: s.bavail * s.bsize };
    }
    return this.disk.bytes;
  }

  pathOf(key: string): string {
    return path.join(this.dir, checkKey(key));
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  /** @internal The running writer of a key, for followers. */
  writerOf(key: string): FileBlobWriter | undefined {
    return this.writers.get(key);
  }

  async createWriter(key: string, opts: WriterOptions = {}): Promise<BlobWriter> {
    const file = this.pathOf(key);
    if (this.writers.has(key)) throw new Error(`blob ${key} is already being written`);
    // A raw fd, not a FileHandle: a FileHandle closes its fd when garbage-collected, under
    // the writer's feet (EBADF on a large upload).
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(file, 'wx', (err, n) => (err ? reject(err) : resolve(n))),
    );
    const release = (): boolean => this.writers.delete(key);
    const writer = new FileBlobWriter(key, fd, file, release, opts.sha256 ?? false, 0);
    this.writers.set(key, writer);
    return writer;
  }

  createReadStream(key: string, range: { start?: number; end?: number } = {}): Readable {
    // One slice in memory per downloader, growing only while it keeps up (slices.ts).
    return new FileSliceStream(this.pathOf(key), range);
  }

  createFollowStream(key: string, opts: { start?: number } = {}): Readable {
    return new FollowStream(this, this.pathOf(key), key, opts.start ?? 0);
  }

  watch(key: string, listener: (event: BlobEvent) => void): () => void {
    const writer = this.writers.get(key);
    if (!writer) return () => undefined;
    writer.events.on('event', listener);
    return () => writer.events.off('event', listener);
  }

  isWriting(key: string): boolean {
    return this.writers.has(key);
  }

  async size(key: string): Promise<number | undefined> {
    const writer = this.writers.get(key);
    if (writer) return writer.written;
    try {
      return (await fs.promises.stat(this.pathOf(key))).size;
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async keys(): Promise<string[]> {
    return (await fs.promises.readdir(this.dir)).filter((name) => KEY.test(name));
  }

  async resumeWriter(key: string, at: number, opts: WriterOptions = {}): Promise<BlobWriter> {
    const file = this.pathOf(key);
    if (this.writers.has(key)) throw new Error(`blob ${key} is already being written`);
    // Append mode: every write lands at the end, which the truncate below puts at `at`.
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(file, 'a', (err, n) => (err ? reject(err) : resolve(n))),
    );
    try {
      const { size } = await fs.promises.stat(file);
      if (size < at) throw new Error(`blob ${key} has ${size} bytes, cannot resume at ${at}`);
      await new Promise<void>((resolve, reject) =>
        fs.ftruncate(fd, at, (err) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      fs.close(fd, () => undefined);
      throw err;
    }
    const release = (): boolean => this.writers.delete(key);
    const writer = new FileBlobWriter(key, fd, file, release, opts.sha256 ?? false, at);
    this.writers.set(key, writer);
    return writer;
  }
}
