/**
 * The tus uploader against the real server, through a proxy that counts bytes and cuts
 * connections: progress is what the server confirmed, a dropped connection and a server
 * restart continue from the server's offset, and the bytes arrive identical.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
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

/**
 * Calls the server through the proxy on a fresh connection each time, so a test that froze
 * the proxy's open connections cannot stall the next one.
 */
function call(method: string, url: string, body?: unknown): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, resolve).on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function json<T>(res: IncomingMessage): Promise<T> {
  let text = '';
  for await (const c of res) text += String(c);
  return JSON.parse(text) as T;
}

async function newFile(): Promise<{ sharename: string; fileid: string; tusurl: string }> {
  const login = await json<{ accesstoken: string }>(
    await call('POST', `${proxy.url}/1/users/login`, account),
  );
  const t = `?accesstoken=${login.accesstoken}`;
  const share = await json<{ sharename: string }>(
    await call('POST', `${proxy.url}/1/shares/create${t}`),
  );
  const file = await json<{ fileid: string; upload: { tusurl: string } }>(
    await call('POST', `${proxy.url}/1/files/${share.sharename}/create${t}`, {
      filename: 'clip.mov',
    }),
  );
  return { sharename: share.sharename, fileid: file.fileid, tusurl: file.upload.tusurl };
}

async function localFile(name: string, size: number) {
  const data = randomBytes(size);
  const path = join(dir.path, name);
  await writeFile(path, data);
  return { data, path };
}

/** The file's bytes as a recipient gets them. */
async function downloaded(f: { sharename: string; fileid: string }): Promise<Buffer> {
  const redirect = await call('GET', `${proxy.url}/1/files/${f.sharename}/${f.fileid}/blob`);
  redirect.resume();
  const res = await call('GET', redirect.headers.location ?? '');
  expect(res.statusCode).toBe(200);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
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

  test('a connection that goes silent (sleep) times out and the upload goes on', async () => {
    const f = await newFile();
    const { data, path } = await localFile('sleep.bin', 1024 * KiB);
    let frozenAt = -1;
    await tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: new AbortController().signal,
      chunkSize: 512 * KiB,
      idleMs: 300,
      ...fast,
      onState: (s) => {
        if (s.offset > 0 && frozenAt < 0) {
          // Once the next PATCH is under way, every open connection stops dead.
          const from = proxy.sent;
          const poll = (): void => {
            if (proxy.sent - from < 64 * KiB) return void setImmediate(poll);
            frozenAt = proxy.connections;
            proxy.freezeAll();
          };
          poll();
        }
      },
    });
    // The uploader gave up on the silent connection and went on over a new one.
    expect(frozenAt).toBeGreaterThan(0);
    expect(proxy.connections).toBeGreaterThan(frozenAt);
    proxy.dropAll(); // wake the frozen connections up, as closed ones
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

  test('a saved upload whose URL no longer verifies (expired) starts a new one', async () => {
    const f = await newFile();
    const { data, path } = await localFile('g.bin', 200 * KiB);
    let first: TusState | undefined;
    const stop = new AbortController();
    await tusUpload({
      endpoint: () => Promise.resolve(f.tusurl),
      path,
      size: data.length,
      signal: stop.signal,
      chunkSize: 64 * KiB,
      onState: (s) => {
        if (s.offset > 0 && !first) {
          first = s;
          stop.abort();
        }
      },
    }).catch(() => undefined);
    // The saved URL's signature no longer matches (as after a week): the server says 403.
    const expired = { url: first!.url.replace(/sig=[^&]+/, 'sig=expired'), offset: first!.offset };
    let created = 0;
    await tusUpload({
      endpoint: () => {
        created++;
        return Promise.resolve(f.tusurl);
      },
      resume: expired,
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
    const state = await json<{ readystate: string }>(
      await call('GET', `${proxy.url}/1/files/${f.sharename}/${f.fileid}`),
    );
    expect(state.readystate).toBe('uploading');
  });
});
