/**
 * Test data: a 4 MiB pool of random bytes served as slices, so gigabytes stream without ever
 * sitting in memory and without costing the CPU a PRNG per byte.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const pool = randomBytes(4 * 2 ** 20);
export const CHUNK = 256 * 2 ** 10;

/** Yields `total` bytes of random-looking data in CHUNK slices. */
export function* randomChunks(total: number, chunk = CHUNK): Generator<Buffer> {
  let sent = 0;
  let offset = 0;
  while (sent < total) {
    const n = Math.min(chunk, total - sent, pool.length - offset);
    yield pool.subarray(offset, offset + n);
    sent += n;
    offset = (offset + n + 4093) % (pool.length - chunk);
  }
}

/**
 * A readable of `total` bytes that stops after `head` bytes until `release()` is called, so a
 * benchmark can start an upload, attach downloaders, and then time the rest.
 */
export function gatedStream(total: number, head: number) {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  async function* gen() {
    const h = Math.min(head, total);
    if (h > 0) yield* randomChunks(h);
    await opened;
    yield* randomChunks(total - h);
  }
  return { stream: Readable.from(gen(), { objectMode: false }), release };
}

/** Writes `total` random bytes to a file. */
export async function writeRandomFile(path: string, total: number): Promise<void> {
  await pipeline(Readable.from(randomChunks(total)), createWriteStream(path));
}
