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
import { fileState, remoteCore, startCore } from '../testing/coreFixture';
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

/** A recipient following the file from `/blob` while it uploads. */
async function tail(sharename: string, fileid: string) {
  const redirect = await fetch(`${proxy.url}/1/files/${sharename}/${fileid}/blob`, {
    redirect: 'manual',
  });
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get(redirect.headers.get('location') ?? '', { agent: false }, resolve).on('error', reject),
  );
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
const confirmed = (p: unknown, min: number) => {
  const q = p as UploadProgress;
  return q.bytes >= min && q.bytes < q.total;
};

describe('a tus upload from the app', () => {
  it('continues from the server offset after the app services restart', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const userData = join(dir.path, 'app-restart');
    const first = await remoteCore(userData, proxy.url, account);
    const file = await bigFile('holiday.mov', 32 * MiB);

    // Stop the services the moment the server has confirmed a first chunk.
    let stopping: Promise<void> | undefined;
    first.core.onEvent((channel, payload) => {
      if (channel === 'uploads:progress' && confirmed(payload, 8 * MiB)) {
        stopping ??= first.core.close();
      }
    });
    const { sharename } = await first.core.handlers['shares:drop']({ paths: [file.path] });
    const progress = await first.events.waitFor('uploads:progress', (p) => confirmed(p, 8 * MiB));
    await stopping;
    const recipient = await tail(sharename, '0');
    expect((await fileState(proxy.url, sharename, '0')).readystate).toBe('uploading');

    // The queue kept the upload's URL and the offset the server confirmed.
    const saved = JSON.parse(
      await readFile(
        join(userData, 'queues', `remote-${new URL(proxy.url).host}`, 'uploads.json'),
        'utf8',
      ),
    ) as { items: { tus?: { url: string; offset: number } }[] };
    expect(saved.items[0]?.tus?.url).toContain(`/1/files/${sharename}/0/tus/`);
    expect(saved.items[0]?.tus?.offset).toBeGreaterThanOrEqual(progress.bytes);

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
      const { sharename } = await app.core.handlers['shares:drop']({ paths: [file.path] });
      await app.events.waitFor('uploads:progress', (p) => confirmed(p, 8 * MiB));
      const before = await tail(sharename, '0');

      await server.kill();
      expect(await before.whole).toBe(false);
      expect(file.data.subarray(0, before.bytes().length).equals(before.bytes())).toBe(true);
      proxy.resetCount();
      await server.restart();
      const after = await tail(sharename, '0');

      await app.events.waitFor('uploads:progress', (p) => p.sharename === sharename && done(p));
      expect((await fileState(proxy.url, sharename, '0')).readystate).toBe('uploaded');
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
