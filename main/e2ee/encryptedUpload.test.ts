/**
 * Encrypted shares from the whole app against the real server (a child process that can be
 * SIGKILLed): the link carries the key in its fragment, the server holds ciphertext under
 * neutral names, a tus upload killed mid-way resumes at the right record and decrypts to the
 * identical file, a PUT upload does too, and the server's data dir holds no plaintext and no key.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, startChildServer, type ChildServer } from '../../server/tus/childServer';
import { MANIFEST_NAME, parseManifest } from '../../shared/e2ee';
import { ece } from '../../shared/ece';
import type { UploadProgress } from '../../shared/model';
import { freePort } from '../account/signIn';
import { putBlob } from '../api';
import { remoteCore } from '../testing/coreFixture';
import { createAccount, tempDir } from '../testing/harness';
import { startProxy, type TestProxy } from '../uploads/tusTestProxy';

const MiB = 1024 * 1024;
const MARKER = 'PLAINTEXT-MARKER-7f3a9c';
let dir: Awaited<ReturnType<typeof tempDir>>;
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let proxy: TestProxy;
let server: ChildServer;
let serverData: string;

beforeAll(async () => {
  dir = await tempDir('e2ee-upload');
  bundle = await bundleCli();
  const port = await freePort('127.0.0.1');
  proxy = await startProxy(port);
  serverData = join(dir.path, 'server');
  server = await startChildServer(bundle.cli, serverData, { port, publicUrl: proxy.url });
});
afterAll(async () => {
  await server.kill();
  await proxy.close();
  bundle.remove();
  await dir.remove();
});

/** A file full of the marker (so any plaintext left on the server is found) and random bytes. */
async function markedFile(name: string, size: number) {
  const data = Buffer.alloc(size);
  const mark = Buffer.from(MARKER);
  for (let at = 0; at < size; at += 4096) {
    mark.copy(data, at);
    randomBytes(Math.min(4096, size - at) - mark.length).copy(data, at + mark.length);
  }
  const path = join(dir.path, name);
  await writeFile(path, data.subarray(0, size));
  return { data: data.subarray(0, size), path };
}

function fresh(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { agent: false }, resolve).on('error', reject));
}

async function json<T>(url: string): Promise<T> {
  let text = '';
  for await (const c of await fresh(url)) text += String(c);
  return JSON.parse(text) as T;
}

/** The ciphertext a recipient gets for a file. */
async function ciphertext(sharename: string, fileid: string): Promise<Buffer> {
  const redirect = await fresh(`${proxy.url}/1/files/${sharename}/${fileid}/blob?noinc`);
  redirect.resume();
  const chunks: Buffer[] = [];
  for await (const c of await fresh(redirect.headers.location ?? '')) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function decrypt(link: string, fileid: string, cipher: Buffer): Promise<Buffer> {
  const secret = ece.decodeKey(new URL(link).hash);
  const dec = ece.decrypter(await ece.fileKey(secret, fileid));
  const out: Uint8Array[] = [];
  for (let at = 0; at < cipher.length; at += 100_000) {
    out.push(...(await dec.push(cipher.subarray(at, at + 100_000))));
  }
  out.push(...(await dec.end()));
  return Buffer.concat(out);
}

function freezeAfter(bytes: number): Promise<void> {
  const from = proxy.sent;
  return new Promise((resolve) => {
    const poll = (): void => {
      if (proxy.sent - from < bytes) return void setImmediate(poll);
      proxy.freezeAll();
      resolve();
    };
    poll();
  });
}

/** Every file under `root`, read whole. */
async function everyFile(root: string): Promise<{ path: string; data: Buffer }[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const path = join(e.parentPath, e.name);
        return { path, data: await readFile(path) };
      }),
  );
}

/** Asserts that nothing the server keeps holds any of `needles`. */
async function expectNoneOnServer(needles: Buffer[]) {
  for (const f of await everyFile(serverData)) {
    for (const n of needles) {
      expect(f.data.includes(n), `${f.path} holds ${n.toString('hex').slice(0, 16)}`).toBe(false);
    }
  }
}

const done = (p: UploadProgress) => p.bytes === p.total;

describe('an encrypted share', () => {
  it('resumes a tus upload after the server is SIGKILLed, and decrypts to the same file', async () => {
    const account = await createAccount(serverData);
    const app = await remoteCore(join(dir.path, 'app-kill'), proxy.url, account);
    const file = await markedFile('secret-plans.txt', 12 * MiB + 1234);
    try {
      const frozen = freezeAfter(5 * MiB);
      const result = await app.core.handlers['shares:drop']({ paths: [file.path], encrypt: true });
      const link = result.links[0]!;
      // The clipboard has the full link; the key is in the fragment, never in the path.
      expect(result.copied).toBe(link);
      expect(app.shell.clipboardWrites.at(-1)).toBe(link);
      const { hash, pathname } = new URL(link);
      expect(hash).toMatch(/^#[A-Za-z0-9_-]{22}$/);
      expect(pathname).toBe(`/${result.sharename}/v/1`);
      await frozen;

      // The server dies mid-PATCH, and comes back.
      await server.kill();
      proxy.dropAll();
      proxy.resetCount();
      await server.restart();
      await app.events.waitFor(
        'uploads:progress',
        (p) => p.sharename === result.sharename && p.fileid === '1' && done(p),
      );
      // Only the rest went again, not the whole file.
      expect(proxy.sent).toBeLessThan(file.data.length);

      // What the server knows: no title, neutral names, the ciphertext's exact size.
      const share = await json<{ title?: string; files: { filename: string; size: number }[] }>(
        `${proxy.url}/1/shares/${result.sharename}`,
      );
      expect(share.title).toBeUndefined();
      expect(share.files.map((f) => f.filename).sort()).toEqual([
        'file-1.encrypted',
        MANIFEST_NAME,
      ]);
      const cipher = await ciphertext(result.sharename, '1');
      expect(cipher.length).toBe(ece.ciphertextSize(file.data.length));
      expect((await decrypt(link, '1', cipher)).equals(file.data)).toBe(true);

      // The manifest names the file; it opens with the same link key.
      await app.events.waitFor('shares:changed', (views) =>
        views.some(
          (s) => s.sharename === result.sharename && s.files[0]?.readystate === 'uploaded',
        ),
      );
      const manifest = parseManifest(
        (await decrypt(link, '0', await ciphertext(result.sharename, '0'))).toString(),
      );
      expect(manifest.files).toEqual([
        { fileid: '1', name: 'secret-plans.txt', size: file.data.length },
      ]);

      // The app shows the real name and size, a link with the key, and not the manifest.
      const view = (await app.core.handlers['shares:list'](undefined)).find(
        (s) => s.sharename === result.sharename,
      )!;
      expect(view.encrypted).toBe(true);
      expect(view.files.map((f) => [f.filename, f.size, f.getturl])).toEqual([
        ['secret-plans.txt', file.data.length, link],
      ]);

      const secret = Buffer.from(ece.decodeKey(hash));
      await expectNoneOnServer([
        Buffer.from(MARKER),
        Buffer.from('secret-plans'),
        Buffer.from(hash.slice(1)),
        secret,
        Buffer.from(secret.toString('hex')),
        Buffer.from(secret.toString('base64').replace(/=+$/, '')),
      ]);
    } finally {
      await app.core.close();
    }
  });

  it('uploads with PUT too, each attempt with a fresh salt, and a share of several files', async () => {
    const account = await createAccount(serverData);
    const app = await remoteCore(join(dir.path, 'app-put'), proxy.url, account);
    await app.core.close();
    // The same account over PUT only (the streaming PUT path of old servers).
    const { ServerSession } = await import('../session/serverSession');
    const { ApiClient } = await import('../api');
    const { Notifications } = await import('../notifications/notifications');
    const { recordingShell } = await import('../testing/recordingShell');
    const api = new ApiClient({ baseUrl: proxy.url });
    await api.login(account);
    const shell = recordingShell();
    const finished: string[] = [];
    const session = new ServerSession({
      api,
      serverUrl: proxy.url,
      dir: join(dir.path, 'app-put', 'session'),
      liveSession: 'put-session',
      clipboard: shell.clipboard,
      secureStorage: shell.secureStorage,
      notifications: new Notifications({
        notifier: shell.notifier,
        enabled: () => true,
        toast: () => {},
      }),
      concurrency: () => 2,
      emit: () => {},
      accountChanged: () => {},
      authFailed: () => {},
      put: (o) => {
        finished.push(o.path);
        return putBlob(o);
      },
    });
    await session.start();
    const a = await markedFile('a.bin', 200_000);
    const b = await markedFile('empty.txt', 0);
    try {
      const result = await session.queue.drop([a.path, b.path], undefined, {}, true);
      expect(result.links).toHaveLength(3);
      const fragment = new URL(result.links[0]!).hash;
      expect(result.links.every((l) => new URL(l).hash === fragment)).toBe(true);
      while (session.queue.shareNames().size > 0) await new Promise((r) => setTimeout(r, 20));
      const ids = result.links.slice(1).map((l) => new URL(l).pathname.split('/').pop()!);
      const plain = await Promise.all(
        ids.map(async (id) =>
          decrypt(result.links[0]!, id, await ciphertext(result.sharename, id)),
        ),
      );
      expect(plain[0]!.equals(a.data)).toBe(true);
      expect(plain[1]!.length).toBe(0);
      await expectNoneOnServer([Buffer.from(MARKER), Buffer.from('empty.txt')]);
    } finally {
      await session.close();
    }
  });
});
