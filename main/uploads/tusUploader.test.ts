/**
 * The tus uploader against the real server, through a proxy that counts bytes and cuts
 * connections: progress is what the server confirmed, a dropped connection and a server
 * restart continue from the server's offset, and the bytes arrive identical.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../server/index';
import { startServer } from '../../server/index';
import { freePort } from '../account/signIn';
import { createAccount, tempDir, type TestAccount } from '../testing/harness';
import { startProxy, type TestProxy } from './tusTestProxy';
import { tusUpload, type TusState } from './tusUploader';

const KiB = 1024;
let dir: Awaited<ReturnType<typeof tempDir>>;
let port: number;
let proxy: TestProxy;
let server: RunningServer;
let account: TestAccount;

const start = () =>
  startServer({ dataDir: join(dir.path, 'server'), port, publicUrl: proxy.url, extensions: [] });

beforeAll(async () => {
  dir = await tempDir('tus-uploader');
  port = await freePort('127.0.0.1');
  proxy = await startProxy(port);
  account = await createAccount(join(dir.path, 'server'), { storageLimit: 8 * 1024 * KiB });
  server = await start();
});
afterAll(async () => {
  await server.close();
  await proxy.close();
  await dir.remove();
});

async function newFile(): Promise<{ sharename: string; fileid: string; tusurl: string }> {
  const login = await fetch(`${proxy.url}/1/users/login`, {
    method: 'POST',
    body: JSON.stringify(account),
  });
  const { accesstoken } = (await login.json()) as { accesstoken: string };
  const t = `?accesstoken=${accesstoken}`;
  const share = (await (
    await fetch(`${proxy.url}/1/shares/create${t}`, { method: 'POST' })
  ).json()) as {
    sharename: string;
  };
  const res = await fetch(`${proxy.url}/1/files/${share.sharename}/create${t}`, {
    method: 'POST',
    body: JSON.stringify({ filename: 'clip.mov' }),
  });
  const file = (await res.json()) as { fileid: string; upload: { tusurl: string } };
  return { sharename: share.sharename, fileid: file.fileid, tusurl: file.upload.tusurl };
}

async function localFile(name: string, size: number) {
  const data = randomBytes(size);
  const path = join(dir.path, name);
  await writeFile(path, data);
  return { data, path };
}

async function downloaded(f: { sharename: string; fileid: string }): Promise<Buffer> {
  const res = await fetch(`${proxy.url}/1/files/${f.sharename}/${f.fileid}/blob`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const fast = { backoff: { minMs: 10, maxMs: 100 }, retries: 100 };

describe('tusUpload', () => {
  test('uploads in chunks; every reported offset was confirmed by the server', async () => {
    const f = await newFile();
    const { data, path } = await localFile('a.bin', 900 * KiB);
    const states: TusState[] = [];
    await tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: new AbortController().signal,
      chunkSize: 256 * KiB,
      onState: (s) => states.push(s),
    });
    expect(states.map((s) => s.offset)).toEqual([0, 256 * KiB, 512 * KiB, 768 * KiB, 900 * KiB]);
    expect(new Set(states.map((s) => s.url)).size).toBe(1);
    expect((await downloaded(f)).equals(data)).toBe(true);
  });

  test('a connection cut mid-PATCH resumes from the server offset, not from zero', async () => {
    const f = await newFile();
    const { data, path } = await localFile('b.bin', 1024 * KiB);
    let cut = false;
    const offsets: number[] = [];
    await tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: new AbortController().signal,
      chunkSize: 512 * KiB,
      ...fast,
      onState: (s) => {
        offsets.push(s.offset);
        if (s.offset > 0 && !cut) {
          cut = true;
          // Once part of the next PATCH is on its way, the network goes away under it.
          const from = proxy.sent;
          const poll = (): void => {
            if (proxy.sent - from > 64 * KiB) proxy.dropAll();
            else setImmediate(poll);
          };
          poll();
        }
      },
    });
    expect(offsets[offsets.length - 1]).toBe(data.length);
    // Never backwards: progress only shows bytes the server holds.
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect((await downloaded(f)).equals(data)).toBe(true);
  });

  test('a server restart mid-upload continues from the stored offset', async () => {
    const f = await newFile();
    const { data, path } = await localFile('c.bin', 2048 * KiB);
    let restarting: Promise<void> | undefined;
    let resumedAt = -1;
    await tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: new AbortController().signal,
      chunkSize: 256 * KiB,
      ...fast,
      onState: (s) => {
        if (restarting && resumedAt < 0) {
          resumedAt = s.offset;
          proxy.resetCount();
        }
        if (s.offset >= 512 * KiB && !restarting) {
          restarting = server.close().then(async () => {
            server = await start();
          });
        }
      },
    });
    await restarting;
    expect(resumedAt).toBeGreaterThanOrEqual(512 * KiB);
    // Everything sent after the restart (headers included) is less than the file.
    expect(proxy.sent).toBeLessThan(data.length);
    expect((await downloaded(f)).equals(data)).toBe(true);
  });

  test('a saved upload that is gone, or for a file that changed, starts a new one', async () => {
    const f = await newFile();
    const { data, path } = await localFile('d.bin', 300 * KiB);
    const stale: TusState = {
      url: `${f.tusurl.replace('/tus?', '/tus/nosuchupload?')}`,
      offset: 5,
    };
    let created = 0;
    await tusUpload({
      endpoint: () => {
        created++;
        return Promise.resolve(f.tusurl);
      },
      resume: stale,
      path,
      size: data.length,
      signal: new AbortController().signal,
      ...fast,
      onState: () => undefined,
    });
    expect(created).toBe(1);
    expect((await downloaded(f)).equals(data)).toBe(true);
  });

  test('a file larger than the storage left fails at once with a storage error', async () => {
    const f = await newFile();
    const { path } = await localFile('e.bin', 16);
    const failure = tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: 64 * 1024 * KiB, // announced larger than the 8 MiB limit
      signal: new AbortController().signal,
      ...fast,
      onState: () => undefined,
    });
    await expect(failure).rejects.toMatchObject({ kind: 'storage', status: 413 });
  });

  test('stopping it rejects with an abort and sends nothing more', async () => {
    const f = await newFile();
    const { data, path } = await localFile('f.bin', 512 * KiB);
    const stop = new AbortController();
    const failure = tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: stop.signal,
      chunkSize: 128 * KiB,
      onState: (s) => {
        if (s.offset >= 128 * KiB) stop.abort();
      },
    });
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
    const state = (await (
      await fetch(`${proxy.url}/1/files/${f.sharename}/${f.fileid}`)
    ).json()) as {
      readystate: string;
    };
    expect(state.readystate).toBe('uploading');
  });
});
