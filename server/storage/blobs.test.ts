/** The directory blob store: reading while writing, following growth, aborts, back-pressure. */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { tempDir } from '../test/harness.js';
import { DirBlobStore } from './blobs.js';

let dir: string;
let store: DirBlobStore;
beforeEach(() => {
  dir = tempDir('gett-blobs-');
  store = new DirBlobStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (w: NodeJS.WritableStream, data: string | Buffer) =>
  new Promise<void>((resolve, reject) => w.write(data, (err) => (err ? reject(err) : resolve())));

function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
    stream.on('error', reject);
  });
}

function collectBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

test('a follower gets what was written before it came and everything after', async () => {
  const writer = await store.createWriter('k1');
  await write(writer, 'early ');
  expect(writer.written).toBe(6);
  const follower = collect(store.createFollowStream('k1'));
  await write(writer, 'late');
  expect(await writer.finish()).toBe(10);
  expect(await follower).toBe('early late');
  expect(store.isWriting('k1')).toBe(false);
  expect(await store.size('k1')).toBe(10);
});

test('followers can start at an offset; finished blobs read to their end', async () => {
  const writer = await store.createWriter('k2');
  await write(writer, '0123456789');
  const mid = collect(store.createFollowStream('k2', { start: 4 }));
  await writer.finish();
  expect(await mid).toBe('456789');
  expect(await collect(store.createFollowStream('k2'))).toBe('0123456789');
  expect(await collect(store.createReadStream('k2', { start: 2, end: 3 }))).toBe('23');
});

test('an aborted writer fails its followers and leaves no file', async () => {
  const writer = await store.createWriter('k3');
  await write(writer, 'partial');
  const follower = collect(store.createFollowStream('k3'));
  await writer.abort(new Error('uploader went away'));
  await expect(follower).rejects.toThrow('uploader went away');
  expect(await store.keys()).toEqual([]);
  expect(await store.size('k3')).toBeUndefined();
});

test('watch reports progress, then finish', async () => {
  const writer = await store.createWriter('k4');
  const seen: string[] = [];
  const stop = store.watch('k4', (e) =>
    seen.push(e.type === 'progress' ? `p${e.written}` : e.type),
  );
  await write(writer, 'ab');
  await write(writer, 'cde');
  await writer.finish();
  stop();
  expect(seen).toEqual(['p2', 'p5', 'finish']);
});

test('a paused follower does not buffer what the writer keeps writing', async () => {
  const writer = await store.createWriter('k5');
  const follower = store.createFollowStream('k5');
  follower.pause();
  const chunk = Buffer.alloc(1024 * 1024, 1);
  for (let i = 0; i < 16; i++) await write(writer, chunk);
  await once(follower, 'readable').catch(() => undefined);
  expect(follower.readableLength).toBeLessThanOrEqual(follower.readableHighWaterMark);
  const done = collect(follower);
  follower.resume();
  await writer.finish();
  expect((await done).length).toBe(16 * 1024 * 1024);
});

test('followers at the tail, behind it and mid-way all get exactly the bytes written', async () => {
  const writer = await store.createWriter('k6');
  const sizes = [1, 700, 65536, 3, 200_000, 1_000_000, 12345, 3_000_000, 17, 2_000_000];
  const expected = Buffer.concat(
    sizes.map((n, i) => Buffer.from(Array.from({ length: n }, (_, j) => (i * 31 + j) % 251))),
  );
  const atTail = collectBuffer(store.createFollowStream('k6'));
  const behind = store.createFollowStream('k6');
  behind.pause();
  let offset = 0;
  let midway: Promise<Buffer> | undefined;
  for (const n of sizes) {
    await write(writer, expected.subarray(offset, offset + n));
    offset += n;
    if (!midway && offset > 1_234_567)
      midway = collectBuffer(store.createFollowStream('k6', { start: 1_234_567 }));
  }
  const lagging = collectBuffer(behind);
  behind.resume();
  await writer.finish();
  expect((await atTail).equals(expected)).toBe(true);
  expect((await lagging).equals(expected)).toBe(true);
  expect((await midway!).equals(expected.subarray(1_234_567))).toBe(true);
});

test('keys are checked: no path tricks reach the file system', async () => {
  await expect(store.createWriter('../escape')).rejects.toThrow(/invalid blob key/);
  expect(() => store.createReadStream('a/b')).toThrow(/invalid blob key/);
  await expect(store.createWriter('dup')).resolves.toBeDefined();
  await expect(store.createWriter('dup')).rejects.toThrow();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('a hashed writer digests its bytes, and holds the last one back from followers', async () => {
  const writer = await store.createWriter('h1', { sha256: true });
  const follower = store.createFollowStream('h1');
  const seen: Buffer[] = [];
  follower.on('data', (c: Buffer) => seen.push(c));
  await write(writer, 'banned');
  await write(writer, ' bytes');
  writer.end();
  await once(writer, 'finish');
  expect(await writer.sha256()).toBe(sha256('banned bytes'));
  await new Promise((resolve) => setImmediate(resolve));
  expect(Buffer.concat(seen).toString()).toBe('banned byte');
  const failed = once(follower, 'error');
  await writer.abort(new Error('banned'));
  expect(String((await failed)[0])).toContain('banned');
  expect(Buffer.concat(seen).toString()).toBe('banned byte');
});

test('a writer resumed after a restart hashes the whole blob, the old part from disk', async () => {
  const first = await store.createWriter('h2', { sha256: true });
  await write(first, 'kept|dropped');
  await first.finish();
  const resumed = await store.resumeWriter('h2', 5, { sha256: true });
  await write(resumed, 'new');
  expect(await resumed.sha256()).toBe(sha256('kept|new'));
  await resumed.finish();
  expect(await collect(store.createReadStream('h2'))).toBe('kept|new');
  await expect((await store.createWriter('h3')).sha256()).rejects.toThrow(/not hashed/);
});

test('many followers catching up from the file take turns and all get every byte', async () => {
  const writer = await store.createWriter('crowd');
  const chunk = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => i % 253));
  for (let i = 0; i < 6; i++) await write(writer, chunk);
  // Past the writer's 4 MiB in memory: the start of the blob comes from the file.
  const crowd = Array.from({ length: 12 }, () => collectBuffer(store.createFollowStream('crowd')));
  await write(writer, chunk);
  await writer.finish();
  const expected = Buffer.concat(Array.from({ length: 7 }, () => chunk));
  for (const got of await Promise.all(crowd)) expect(got.equals(expected)).toBe(true);
});
