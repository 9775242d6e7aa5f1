/**
 * Downloaders of a finished file that stop reading (issue 12): each holds at most a small
 * slice of server memory, while a downloader that keeps up still gets big slices and every
 * byte. The server runs in this process, so its external (Buffer) memory is measured here.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FileSliceStream, MAX_SLICE } from '../storage/slices.js';
import { asFile, startHarness, type Harness } from './harness.js';

const SIZE = 16 * 1024 * 1024;
const CROWD = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const external = (): number => {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
};

let h: Harness;
let blobPath: string;
const content = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i += 4096) content.writeUInt32BE(i, i);

beforeAll(async () => {
  h = await startHarness();
  const me = await h.login();
  const t = `?accesstoken=${me.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'a.bin' } }),
  );
  expect((await h.call('PUT', file.upload!.puturl, { body: content })).status).toBe(200);
  const redirect = await h.call('GET', `/1/files/${share.sharename}/${file.fileid}/blob`);
  const url = new URL(redirect.headers.get('location')!, h.server.url);
  blobPath = url.pathname + url.search;
});
afterAll(() => h.close());

test('40 downloaders that never read hold well under 256 KiB of server memory each', async () => {
  const before = external();
  const sockets: net.Socket[] = [];
  for (let i = 0; i < CROWD; i++) {
    const socket = net.connect(h.server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET ${blobPath} HTTP/1.1\r\nHost: t\r\n\r\n`);
    socket.pause(); // never reads: the kernel's buffers fill, then the server's
    sockets.push(socket);
  }
  await sleep(1500);
  const perDownload = (external() - before) / CROWD;
  for (const s of sockets) s.destroy();
  // Before: a 1 MiB read-ahead plus the 1 MiB slice in the socket, 1.4-2 MB each.
  expect(perDownload).toBeLessThan(256 * 1024);
});

test('a downloader that keeps up gets the whole file, in slices grown to 1 MiB', async () => {
  const sizes: number[] = [];
  const res = await fetch(`${h.server.url}${blobPath}`);
  const body = Buffer.from(await res.arrayBuffer());
  expect(body.equals(content)).toBe(true);
  // The slices a reader that keeps up is given, straight from the file.
  const key = fs.readdirSync(path.join(h.dataDir, 'blobs'))[0]!;
  const stream = new FileSliceStream(path.join(h.dataDir, 'blobs', key));
  stream.on('data', (chunk: Buffer) => sizes.push(chunk.length));
  await once(stream, 'end');
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(SIZE);
  expect(Math.max(...sizes)).toBe(MAX_SLICE);
});
