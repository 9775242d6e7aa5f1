/**
 * The whole app against the real server with tus: an upload continues from the server's
 * offset after the app services restart and after the server is killed and restarted, a
 * downloader tailing the file gets identical bytes, and nothing starts again from zero.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, startChildServer, type ChildServer } from '../../server/tus/childServer';
import type { UploadProgress } from '../../shared/model';
import { freePort } from '../account/signIn';
import { remoteCore, startCore } from '../testing/coreFixture';
import { createAccount, tempDir } from '../testing/harness';
import { startProxy, type TestProxy } from './tusTestProxy';

const MiB = 1024 * 1024;
let dir: Awaited<ReturnType<typeof tempDir>>;
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let proxy: TestProxy;
let server: ChildServer;

beforeAll(async () => {
  dir = await tempDir('tus-resume');
  bundle = await bundleCli();
  const port = await freePort('127.0.0.1');
  proxy = await startProxy(port);
  server = await startChildServer(bundle.cli, join(dir.path, 'server'), {
    port,
    publicUrl: proxy.url,
  });
});
afterAll(async () => {
  await server.kill();
  await proxy.close();
  bundle.remove();
  await dir.remove();
});

async function bigFile(name: string, size: number) {
  const data = randomBytes(size);
  const path = join(dir.path, name);
  await writeFile(path, data);
  return { data, path };
}

/** A GET on a fresh connection: the tests freeze and drop the proxy's pooled ones. */
function fresh(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { agent: false }, resolve).on('error', reject));
}

async function readystate(sharename: string, fileid: string): Promise<string> {
  let text = '';
  for await (const c of await fresh(`${proxy.url}/1/files/${sharename}/${fileid}`)) {
    text += String(c);
  }
  return (JSON.parse(text) as { readystate: string }).readystate;
}

/** A recipient following the file from `/blob` while it uploads. */
async function tail(sharename: string, fileid: string) {
  const redirect = await fresh(`${proxy.url}/1/files/${sharename}/${fileid}/blob`);
  redirect.resume();
  const res = await fresh(redirect.headers.location ?? '');
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  const whole = new Promise<boolean>((resolve) => {
    res.on('end', () => resolve(true));
    res.on('error', () => resolve(false));
    res.on('aborted', () => resolve(false));
  });
  return { whole, bytes: () => Buffer.concat(chunks) };
}

const done = (p: UploadProgress) => p.bytes === p.total;

/**
 * Freezes every open connection once `bytes` more went through the proxy: the upload then
 * stands still mid-PATCH, however fast this machine is, until the test moves on.
 */
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

describe('a tus upload from the app', () => {
  it('continues from the server offset after the app services restart', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const userData = join(dir.path, 'app-restart');
    const first = await remoteCore(userData, proxy.url, account);
    const file = await bigFile('holiday.mov', 32 * MiB);

    // The services stop while a PATCH is stuck half-way (as when the laptop shuts its lid).
    const frozen = freezeAfter(10 * MiB);
    const { sharename } = await first.core.handlers['shares:drop']({ paths: [file.path] });
    await frozen;
    await first.core.close();
    proxy.dropAll();
    const recipient = await tail(sharename, '0');
    expect(await readystate(sharename, '0')).toBe('uploading');

    // The queue kept the upload's URL and the offset the server confirmed.
    const saved = JSON.parse(
      await readFile(
        join(userData, 'queues', `remote-${new URL(proxy.url).host}`, 'uploads.json'),
        'utf8',
      ),
    ) as { items: { tus?: { url: string; offset: number } }[] };
    expect(saved.items[0]?.tus?.url).toContain(`/1/files/${sharename}/0/tus/`);
    expect(saved.items[0]?.tus?.offset).toBeGreaterThan(0);

    proxy.resetCount();
    const second = await startCore(userData);
    try {
      await second.events.waitFor('shares:changed', (views) =>
        views.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'uploaded'),
      );
      // The second run sent the rest, not the whole file again.
      expect(proxy.sent).toBeLessThan(file.data.length);
      // The recipient who was following all along got every byte, across the restart.
      expect(await recipient.whole).toBe(true);
      expect(recipient.bytes().equals(file.data)).toBe(true);
    } finally {
      await second.core.close();
    }
  });

  it('continues from the stored offset after the server is killed and restarted', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const app = await remoteCore(join(dir.path, 'app-kill'), proxy.url, account);
    const file = await bigFile('backup.tar', 20 * MiB);
    try {
      const frozen = freezeAfter(10 * MiB);
      const { sharename } = await app.core.handlers['shares:drop']({ paths: [file.path] });
      await frozen;
      const before = await tail(sharename, '0');

      // The server dies mid-PATCH; every connection to it goes with it.
      await server.kill();
      proxy.dropAll();
      expect(await before.whole).toBe(false);
      expect(file.data.subarray(0, before.bytes().length).equals(before.bytes())).toBe(true);
      proxy.resetCount();
      await server.restart();
      const after = await tail(sharename, '0');

      await app.events.waitFor('uploads:progress', (p) => p.sharename === sharename && done(p));
      expect(await readystate(sharename, '0')).toBe('uploaded');
      // And the app's list shows it as uploaded.
      await app.events.waitFor('shares:changed', (views) =>
        views.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'uploaded'),
      );
      expect(proxy.sent).toBeLessThan(file.data.length);
      expect(await after.whole).toBe(true);
      expect(after.bytes().equals(file.data)).toBe(true);
    } finally {
      await app.core.close();
    }
  });
});
